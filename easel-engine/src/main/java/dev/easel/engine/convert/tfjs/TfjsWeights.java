package dev.easel.engine.convert.tfjs;

import dev.easel.engine.convert.ModelConversionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The weights of a TensorFlow.js model, read from the shard files its {@code weightsManifest} names.
 *
 * <p>Implementation notes: each manifest group lists shard paths, which concatenate into one byte
 * stream, and the weights stored in that stream one after another as little-endian values in
 * manifest order. Only unquantised float32 weights are supported. Every byte of every group
 * must belong to a weight, so a manifest that disagrees with its shards is caught here.
 */
final class TfjsWeights {

    private final Map<String, Weight> byName;

    private TfjsWeights(Map<String, Weight> byName) {
        this.byName = byName;
    }

    /** A weight tensor in Keras order, for example {@code [kh, kw, in, out]} for a Conv2D kernel. */
    record Weight(String name, int[] shape, float[] values) {
    }

    static TfjsWeights read(JsonNode manifest, Path directory) throws IOException {
        Map<String, Weight> weights = new HashMap<>();
        for (JsonNode group : manifest) {
            ByteBuffer data = ByteBuffer.wrap(concatenate(group.path("paths"), directory)).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode entry : group.path("weights")) {
                Weight weight = readWeight(entry, data);
                weights.put(weight.name(), weight);
            }
            if (data.hasRemaining()) {
                throw new ModelConversionException("TensorFlow.js shards " + group.path("paths") + " have " + data.remaining() + " bytes that no weight in the manifest accounts for");
            }
        }
        return new TfjsWeights(weights);
    }

    /**
     * Returns the weight stored under {@code layer/kind} (for example {@code F_0/kernel}), ignoring
     * any scope prefix that the converter that wrote the model added.
     */
    Weight find(String layer, String kind) {
        String suffix = layer + "/" + kind;
        for (Map.Entry<String, Weight> entry : byName.entrySet()) {
            String name = entry.getKey();
            if (name.equals(suffix) || name.endsWith("/" + suffix)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static Weight readWeight(JsonNode entry, ByteBuffer data) {
        String name = entry.path("name").asString();
        String dtype = entry.path("dtype").asString();
        if (!"float32".equals(dtype) || entry.has("quantization")) {
            throw new ModelConversionException("TensorFlow.js weight " + name + " has dtype " + dtype + (entry.has("quantization") ? " with quantization" : "") + "; only unquantised float32 is supported");
        }
        int[] shape = new int[entry.path("shape").size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = entry.path("shape").get(i).asInt();
            count *= shape[i];
        }
        if (data.remaining() < count * Float.BYTES) {
            throw new ModelConversionException("TensorFlow.js shards end early: weight " + name + " needs " + count * Float.BYTES + " bytes, " + data.remaining() + " are left");
        }
        float[] values = new float[count];
        data.asFloatBuffer().get(values);
        data.position(data.position() + count * Float.BYTES);
        return new Weight(name, shape, values);
    }

    private static byte[] concatenate(JsonNode paths, Path directory) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (JsonNode path : paths) {
            Path shard = directory.resolve(path.asString()).normalize();
            if (!shard.startsWith(directory.normalize())) {
                throw new ModelConversionException("TensorFlow.js shard path " + path.asString() + " points outside the model folder");
            }
            bytes.writeBytes(Files.readAllBytes(shard));
        }
        return bytes.toByteArray();
    }
}
