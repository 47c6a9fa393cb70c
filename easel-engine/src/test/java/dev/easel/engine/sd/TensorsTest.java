package dev.easel.engine.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Input tensors for both optimum export signatures: 1.6-1.23 (int32 ids, int64 timestep of shape
 * [1]) and later (int64 ids, float32 scalar timestep). {@link ExportSignatureTest} runs both on
 * real sessions.
 */
class TensorsTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void timestep_int64RankOne_truncates() throws OrtException {
        try (OnnxTensor tensor = Tensors.timestep(ENV, OnnxJavaType.INT64, 1, 749.25)) {
            assertThat(tensor.getInfo().type).isEqualTo(OnnxJavaType.INT64);
            assertThat(tensor.getInfo().getShape()).containsExactly(1);
            assertThat(tensor.getLongBuffer().get(0)).isEqualTo(749);
        }
    }

    @Test
    void timestep_floatScalar_keepsFraction() throws OrtException {
        try (OnnxTensor tensor = Tensors.timestep(ENV, OnnxJavaType.FLOAT, 0, 749.25)) {
            assertThat(tensor.getInfo().type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(tensor.getInfo().getShape()).isEmpty();
            assertThat(tensor.getInfo().isScalar()).isTrue();
            assertThat(tensor.getFloatBuffer().get(0)).isEqualTo(749.25f);
        }
    }

    @Test
    void tokenIds_int64_carryTheSameIds() throws OrtException {
        int[][] ids = {{998, 320, 999}, {998, 999, 999}};

        try (OnnxTensor tensor = Tensors.tokenIds(ENV, OnnxJavaType.INT64, ids)) {
            assertThat(tensor.getInfo().type).isEqualTo(OnnxJavaType.INT64);
            assertThat(tensor.getInfo().getShape()).containsExactly(2, 3);
            assertThat(tensor.getLongBuffer().get(1)).isEqualTo(320);
        }
    }

    @Test
    void tinyTextEncoder_acceptsInt32Ids() throws OrtException {
        int[][] ids = {{998, 320, 999}};

        try (OrtSession session = TinyModel.sessions().open(TinyModel.folder().resolve("text_encoder/model.onnx"));
             OnnxTensor tensor = Tensors.tokenIds(ENV, OnnxJavaType.INT32, ids);
             OrtSession.Result result = session.run(Map.of("input_ids", tensor))) {
            assertThat(((OnnxTensor) result.get(0)).getInfo().getShape()).containsExactly(1, 3, 32);
        }
    }
}
