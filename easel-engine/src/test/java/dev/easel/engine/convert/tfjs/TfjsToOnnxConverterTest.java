package dev.easel.engine.convert.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.convert.ModelConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small hand-written TensorFlow.js models. The real UpscalerJS models are checked end to end
 * against the library's own results in {@code UpscalerJsFixtureTest}.
 */
class TfjsToOnnxConverterTest {

    private static final String MODEL = """
            {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {
              "layers": [
                {"class_name": "InputLayer", "name": "in", "config": {"name": "in"}, "inbound_nodes": []},
                {"class_name": "Conv2D", "name": "conv", "config": {"name": "conv", "filters": 2, "kernel_size": [1, 1],
                  "strides": [1, 1], "padding": "same", "dilation_rate": [1, 1], "activation": "relu", "use_bias": true},
                  "inbound_nodes": [[["in", 0, 0, {}]]]},
                {"class_name": "Add", "name": "output", "config": {"name": "output"}, "inbound_nodes": [[["conv", 0, 0, {}], ["in", 0, 0, {}]]]},
                {"class_name": "UpSampling2D", "name": "up", "config": {"name": "up", "size": [2, 2], "interpolation": "nearest"},
                  "inbound_nodes": [[["output", 0, 0, {}]]]}
              ],
              "input_layers": [["in", 0, 0]], "output_layers": [["up", 0, 0]]}}},
             "weightsManifest": [{"paths": ["weights.bin"], "weights": [
               {"name": "conv/kernel", "shape": [1, 1, 2, 2], "dtype": "float32"},
               {"name": "conv/bias", "shape": [2], "dtype": "float32"}]}]}
            """;

    @TempDir
    Path folder;

    /** Kernel [kh, kw, in, out] = [[1, 2], [3, 4]]: out0 = in0 + 3 in1 - 10, out1 = 2 in0 + 4 in1 + 1, then ReLU, plus the input. */
    @Test
    void convert_convReluAddUpsample_computesWhatKerasWould() throws IOException, OrtException {
        Path modelJson = write(MODEL, 1f, 2f, 3f, 4f, -10f, 1f);

        byte[] onnx = TfjsToOnnxConverter.convert(modelJson, null, "test");
        float[] output = run(onnx, new float[] {1f, 2f});

        // in = (1, 2): out0 = max(0, 1 + 6 - 10) + 1 = 1; out1 = max(0, 2 + 8 + 1) + 2 = 13; each repeated 2x2.
        assertThat(output).containsExactly(1f, 1f, 1f, 1f, 13f, 13f, 13f, 13f);
    }

    @Test
    void convert_extraShardBytes_rejects() throws IOException {
        Path modelJson = write(MODEL, 1f, 2f, 3f, 4f, -10f, 1f, 99f);

        assertThatThrownBy(() -> TfjsToOnnxConverter.convert(modelJson, null, "test"))
                .isInstanceOf(ModelConversionException.class)
                .hasMessageContaining("4 bytes that no weight in the manifest accounts for");
    }

    @Test
    void convert_unsupportedLayer_rejectsNamingIt() throws IOException {
        Path modelJson = write(MODEL.replace("\"class_name\": \"Add\"", "\"class_name\": \"Multiply\""), 1f, 2f, 3f, 4f, -10f, 1f);

        assertThatThrownBy(() -> TfjsToOnnxConverter.convert(modelJson, null, "test"))
                .isInstanceOf(ModelConversionException.class)
                .hasMessageContaining("Multiply")
                .hasMessageContaining("layer output");
    }

    private Path write(String json, float... weights) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float weight : weights) {
            bytes.putFloat(weight);
        }
        Files.write(folder.resolve("weights.bin"), bytes.array());
        return Files.writeString(folder.resolve("model.json"), json);
    }

    private static float[] run(byte[] onnx, float[] input) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx);
             OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), new long[] {1, 2, 1, 1});
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] output = new float[values.remaining()];
            values.get(output);
            return output;
        }
    }
}
