package dev.easel.engine.onnx.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Models written by the builder load and run in a real ONNX Runtime session. */
class OnnxGraphBuilderTest {

    @Test
    void toModelBytes_convWithPadsAndSymbolicSize_runsInOnnxRuntime() throws OrtException {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("box");
        graph.input("input", OnnxGraphBuilder.FLOAT, 1, 1, "height", "width");
        graph.initializer("kernel", new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        graph.initializer("shift", new float[] {-0.5f});
        graph.node("Conv", List.of("input", "kernel"), List.of("sum"))
                .attribute("kernel_shape", new long[] {3, 3})
                .attribute("pads", new long[] {1, 1, 1, 1});
        graph.node("Add", List.of("sum", "shift"), List.of("shifted"));
        graph.node("LeakyRelu", List.of("shifted"), List.of("output")).attribute("alpha", 0.5f);
        graph.output("output", OnnxGraphBuilder.FLOAT, 1, 1, "height", "width");

        float[] output = run(graph.toModelBytes("easel-test", "1", 17, "3x3 box sum"), new float[] {1, 2, 3, -20}, 2, 2);

        // The 3x3 window of every pixel of a 2x2 image covers all four pixels: sum = -14, minus 0.5, times 0.5.
        assertThat(output).containsExactly(-7.25f, -7.25f, -7.25f, -7.25f);
    }

    @Test
    void initializer_wrongValueCount_rejectsNamingIt() {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("g");

        assertThatThrownBy(() -> graph.initializer("w", new float[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initializer w has 3 values but its shape has 4");
    }

    @Test
    void varint_negativeValue_takesTenBytes() {
        byte[] bytes = new ProtoWriter().int64(1, -1).toByteArray();

        assertThat(bytes).hasSize(11);
        assertThat(bytes[0]).isEqualTo((byte) 0x08);
        assertThat(bytes[10]).isEqualTo((byte) 0x01);
    }

    private static float[] run(byte[] onnx, float[] input, int height, int width) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx);
             OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), new long[] {1, 1, height, width});
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] output = new float[values.remaining()];
            values.get(output);
            return output;
        }
    }
}
