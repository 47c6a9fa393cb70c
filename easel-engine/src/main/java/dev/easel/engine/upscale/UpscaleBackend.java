package dev.easel.engine.upscale;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.BackendUnavailableException;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.EngineException;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelBackend;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.ModelLoadException;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ParameterSchema;
import dev.easel.engine.ParameterSpec;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.Recipe;
import dev.easel.engine.fetch.ModelFetcher;
import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.onnx.OnnxSettings;
import dev.easel.engine.png.RecipePng;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Super-resolution on ONNX Runtime, capability {@code upscale}, for the models that
 * {@code easel models fetch} installs: {@code realesrgan-x4fast} (Real-ESRGAN SRVGGNetCompact,
 * 4×) and the UpscalerJS RDN models {@code esrgan-slim} and {@code esrgan-medium} (2×, 3×, 4×).
 *
 * <p>Parameter {@code scale} picks the factor; each model accepts only the factors it has
 * weights for. The RDN models have one ONNX file per factor, so {@link ModelInfo#fileHash()}
 * is the SHA-256 of the largest factor's file, and each recipe records the file its job ran. Images are processed in overlapping tiles (see {@link TiledUpscaler}), so memory
 * stays bounded by the tile size. Output is a PNG; an input alpha channel is resized bilinearly
 * and kept. Sessions open on first use and stay open until {@link #close()}.
 *
 * <p>Thread-safe: ONNX Runtime sessions accept concurrent runs.
 */
public final class UpscaleBackend implements ModelBackend {

    /** Back-end id recorded in recipes. */
    public static final String ID = "onnx-upscale";
    /** Default tile edge in input pixels. */
    public static final int DEFAULT_TILE = 256;
    /** Smallest tile edge in input pixels; smaller tiles would be mostly overlap. */
    public static final int MIN_TILE = 32;
    /** Ids of the upscaling models this back end can serve once they are installed. */
    public static final List<String> MODEL_IDS = UpscaleModels.IDS;
    /** Largest output image, in pixels (an 8192 × 8192 image); larger requests are rejected. */
    public static final long MAX_OUTPUT_PIXELS = 8192L * 8192L;

    /**
     * Context pixels around each tile. Real-ESRGAN x4fast stacks 34 3×3 convolutions, so an
     * output pixel depends on 34 input pixels on each side, but the outer ones weigh little. On a
     * photo crop cut into 48-pixel tiles, an overlap of 16 left seams up to 9 levels off the
     * untiled result, and 24 leaves at most 2 (RealEsrganTest checks the bound of 3).
     */
    static final int OVERLAP = 24;

    private static final Logger log = LoggerFactory.getLogger(UpscaleBackend.class);

    private final Map<String, UpscaleModel> models;
    private final int tile;
    private final OnnxSessionFactory sessionFactory;
    private final OrtEnvironment environment;
    private final Map<Path, OrtSession> sessions = new ConcurrentHashMap<>();

    /** Serves every upscaling model installed under {@code modelsDir}, with {@link #DEFAULT_TILE}. */
    public UpscaleBackend(Path modelsDir) {
        this(modelsDir, DEFAULT_TILE);
    }

    /**
     * Serves every upscaling model installed under {@code modelsDir}.
     *
     * @param tile tile edge in input pixels, at least {@link #MIN_TILE}; larger tiles run faster
     *             and use more memory
     */
    public UpscaleBackend(Path modelsDir, int tile) {
        this(modelsDir, tile, OnnxSettings.defaults());
    }

    /**
     * Serves every upscaling model installed under {@code modelsDir} with these thread and
     * execution-provider settings. The CPU arena and memory patterns are always off (see
     * {@link OnnxSettings#forVariableShapes()}), because every tile may have a different size
     * and both would only keep peak-size buffers around (figures in {@code docs/benchmarks.md}).
     *
     * @param tile tile edge in input pixels, at least {@link #MIN_TILE}
     */
    public UpscaleBackend(Path modelsDir, int tile, OnnxSettings settings) {
        if (tile < MIN_TILE) {
            throw new IllegalArgumentException("tile must be at least " + MIN_TILE + " pixels, was " + tile);
        }
        this.models = UpscaleModels.installed(modelsDir);
        this.tile = tile;
        this.sessionFactory = new OnnxSessionFactory(settings.forVariableShapes());
        this.environment = sessionFactory.environment();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ModelInfo> models() {
        return models.values().stream().map(this::info).toList();
    }

    @Override
    public List<JobOutput> run(BatchRequest request, ProgressListener progress, CancellationSignal cancellation) {
        UpscaleModel model = models.get(request.modelId());
        if (model == null) {
            throw new InvalidParametersException("model", request.modelId(), "is not an installed upscaling model; installed: " + models.keySet()
                    + " (run easel models fetch to install the others)");
        }
        if (request.capability() != Capability.UPSCALE) {
            throw new InvalidParametersException("capability", request.capability().wireName(), "must be upscale for model " + model.id());
        }

        long start = System.nanoTime();
        List<JobOutput> outputs = new ArrayList<>();
        for (JobInput job : request.jobs()) {
            outputs.add(runJob(model, job, progress, cancellation, start));
        }
        return outputs;
    }

    /**
     * Upscales one image outside the scheduler, as the command line does.
     *
     * @throws InvalidParametersException when the model is not installed or does not support the scale
     */
    public BufferedImage upscale(String modelId, BufferedImage image, int scale, ProgressListener progress) {
        UpscaleModel model = models.get(modelId);
        if (model == null) {
            throw new InvalidParametersException("model", modelId, "is not an installed upscaling model; installed: " + models.keySet());
        }
        return upscale(model, image, scale, progress, new CancellationSignal());
    }

    @Override
    public void close() {
        for (OrtSession session : sessions.values()) {
            try {
                session.close();
            } catch (OrtException e) {
                log.warn("closing an upscaling session failed: error={}", e.getMessage());
            }
        }
        sessions.clear();
    }

    private JobOutput runJob(UpscaleModel model, JobInput job, ProgressListener progress, CancellationSignal cancellation, long start) {
        if (job.image() == null) {
            throw new InvalidParametersException("image", null, "is required for upscale");
        }
        int scale = (int) job.longParam("scale", model.maxScale());
        BufferedImage result = upscale(model, job.image(), scale, progress, cancellation);

        Map<String, Object> parameters = new LinkedHashMap<>(job.parameters());
        parameters.put("scale", (long) scale);
        Recipe recipe = new Recipe(model.id(), model.version(), fileHash(model, scale), ID, Capability.UPSCALE.wireName(),
                parameters, -1, (System.nanoTime() - start) / 1_000_000);
        OutputImage image = new OutputImage(RecipePng.encode(result, recipe), "image/png", result.getWidth(), result.getHeight(), -1);
        return new JobOutput(job.jobId(), List.of(image), recipe);
    }

    private BufferedImage upscale(UpscaleModel model, BufferedImage image, int scale, ProgressListener progress, CancellationSignal cancellation) {
        Path file = model.files().get(scale);
        if (file == null) {
            throw new InvalidParametersException("scale", scale, "must be one of " + model.files().keySet().stream().sorted().toList() + " for model " + model.id());
        }
        long outputPixels = (long) image.getWidth() * image.getHeight() * scale * scale;
        if (outputPixels > MAX_OUTPUT_PIXELS) {
            throw new InvalidParametersException("image", image.getWidth() + "x" + image.getHeight(),
                    "upscaled " + scale + "x it would have " + outputPixels + " pixels, more than the limit of " + MAX_OUTPUT_PIXELS);
        }

        TiledUpscaler upscaler = new TiledUpscaler(environment, session(file), scale, model.valueRange(), tile, OVERLAP);
        try {
            BufferedImage rgb = upscaler.upscale(image, progress, cancellation);
            return image.getColorModel().hasAlpha() ? AlphaChannel.withResizedAlpha(rgb, image) : rgb;
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to run " + model.id() + " at scale " + scale + ": " + e.getMessage(), e);
        }
    }

    private OrtSession session(Path file) {
        return sessions.computeIfAbsent(file, this::openSession);
    }

    private OrtSession openSession(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackendUnavailableException("model file " + file + " is missing; run easel models fetch", null);
        }
        try {
            return sessionFactory.open(file);
        } catch (ModelLoadException e) {
            throw new ModelLoadException(file, e.reason() + "; delete the model folder and run easel models fetch", e);
        }
    }

    private ModelInfo info(UpscaleModel model) {
        ParameterSchema schema = new ParameterSchema(List.of(
                ParameterSpec.image("image", true, "image to upscale"),
                ParameterSpec.integer("scale", model.maxScale(), model.minScale(), model.maxScale(), null, true,
                        "upscaling factor; supported: " + model.files().keySet().stream().sorted().toList())));
        return new ModelInfo(model.id(), model.version(), Set.of(Capability.UPSCALE), schema, fileHash(model, model.maxScale()), 1, model.licence());
    }

    private static String fileHash(UpscaleModel model, int scale) {
        Path file = model.files().get(scale);
        return file == null ? null : ModelFetcher.recordedSha256(file.getParent(), file.getFileName().toString());
    }

}
