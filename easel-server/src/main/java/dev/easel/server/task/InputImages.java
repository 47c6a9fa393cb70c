package dev.easel.server.task;

import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ParameterSchema;
import dev.easel.engine.ParameterSpec;
import dev.easel.engine.image.ImageDecoder;
import dev.easel.server.admission.IdempotencyKeyTakenException;
import dev.easel.server.output.OutputFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Input images of tasks (background removal, upscaling, img2img): checked at submit, kept on disk
 * with the task, and decoded again when the job runs.
 *
 * <p>A request carries an image parameter as a {@code data:image/...;base64,} URL or as plain
 * base64. The image is decoded once at submit, so a bad or oversized image is a 422 naming the
 * field, then written next to the task's outputs (atomically, before the task is stored), and
 * the stored parameter becomes a reference {@code input:<path>}. A job that runs again after a
 * crash reads the same file. Thread-safe.
 */
public final class InputImages {

    /** Prefix of a stored parameter that refers to an input file. */
    public static final String REFERENCE_PREFIX = "input:";

    private final OutputFiles files;
    private final ImageDecoder decoder;

    public InputImages(OutputFiles files, ImageDecoder decoder) {
        this.files = files;
        this.decoder = decoder;
    }

    /**
     * Checks and stores the image parameters of a request.
     *
     * @param params the request's parameters, image entries included
     * @return the image parameters as stored references, by parameter name
     * @throws InvalidParametersException for a missing required image or an unusable one
     */
    public Map<String, String> store(String taskId, ParameterSchema schema, Map<String, Object> params) {
        return store(taskId, schema, params, (name, image) -> { });
    }

    /** Checks a decoded input image before it is stored; throws to reject it. */
    @FunctionalInterface
    public interface ImageCheck {

        /** @throws InvalidParametersException when the image cannot be used */
        void check(String name, java.awt.image.BufferedImage image);
    }

    /**
     * Like {@link #store(String, ParameterSchema, Map)}, and runs {@code check} on each decoded
     * image before storing it.
     */
    public Map<String, String> store(String taskId, ParameterSchema schema, Map<String, Object> params, ImageCheck check) {
        Map<String, String> references = new LinkedHashMap<>();
        for (ParameterSpec spec : schema.parameters()) {
            if (spec.type() != ParameterSpec.Type.IMAGE) {
                continue;
            }
            Object value = params.get(spec.name());
            if (value == null) {
                if (spec.isRequired()) {
                    throw new InvalidParametersException(spec.name(), null, "is required: an image as a data: URL or base64");
                }
                continue;
            }
            byte[] bytes = decodeBase64(spec.name(), value);
            check.check(spec.name(), decoder.decode(bytes, spec.name(), null));
            OutputFiles.StoredFile file = files.write(taskId, "input-" + spec.name(), 0, "img", bytes);
            references.put(spec.name(), REFERENCE_PREFIX + file.relativePath());
        }
        return references;
    }

    /**
     * Checks and stores one image given as a {@code data:} URL or base64 text (a catalog input).
     *
     * @param name names the stored file and, in errors, the field
     * @return the stored file's path relative to the output folder
     * @throws InvalidParametersException for text that is not base64 or not a usable image
     */
    public String storeEncoded(String taskId, String name, Object value) {
        return storeBytes(taskId, name, decodeBase64(name, value));
    }

    /**
     * Checks and stores one image given as bytes (an {@code asset:} of the catalog).
     *
     * @return the stored file's path relative to the output folder
     * @throws InvalidParametersException when the bytes are not a usable image
     */
    public String storeBytes(String taskId, String name, byte[] bytes) {
        decoder.decode(bytes, name, null);
        return files.write(taskId, "input-" + name, 0, "img", bytes).relativePath();
    }

    /**
     * Deletes the images stored for a task whose submit failed, unless the task may have been
     * stored anyway: a store failure ({@link CompletionException}) may come after the commit, except
     * when another request with the same idempotency key won the race.
     */
    public void discardIfNotStored(String taskId, RuntimeException failure) {
        boolean mayBeStored = failure instanceof CompletionException
                && !(failure.getCause() instanceof IdempotencyKeyTakenException);
        if (!mayBeStored) {
            files.deleteTaskFiles(taskId);
        }
    }

    /** Returns request parameters without the image entries, for the schema's resolve step. */
    public static Map<String, Object> withoutImages(ParameterSchema schema, Map<String, Object> params) {
        Map<String, Object> rest = new LinkedHashMap<>(params);
        for (ParameterSpec spec : schema.parameters()) {
            if (spec.type() == ParameterSpec.Type.IMAGE) {
                rest.remove(spec.name());
            }
        }
        return rest;
    }

    /**
     * Decodes the first stored image reference among resolved parameters.
     *
     * @return the image, or {@code null} when the parameters refer to none
     * @throws InvalidParametersException when the stored file is gone or unreadable
     */
    public BufferedImage load(Map<String, Object> params) {
        for (Map.Entry<String, Object> entry : params.entrySet()) {
            if (entry.getValue() instanceof String text && text.startsWith(REFERENCE_PREFIX)) {
                try {
                    return decoder.decode(files.resolve(text.substring(REFERENCE_PREFIX.length())), entry.getKey());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the input image of " + entry.getKey(), e);
                }
            }
        }
        return null;
    }

    /** Returns whether a parameter value is a stored image reference. */
    public static boolean isReference(Object value) {
        return value instanceof String text && text.startsWith(REFERENCE_PREFIX);
    }

    private static byte[] decodeBase64(String field, Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new InvalidParametersException(field, value, "must be an image as a data: URL or base64 text");
        }
        String payload = text;
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            if (comma < 0 || !text.substring(0, comma).endsWith(";base64")) {
                throw new InvalidParametersException(field, abbreviate(text), "must be a base64 data: URL, for example data:image/png;base64,...");
            }
            payload = text.substring(comma + 1);
        }
        try {
            return Base64.getDecoder().decode(payload.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidParametersException(field, abbreviate(text), "must be valid base64: " + e.getMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
