package dev.easel.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.BackendOutOfMemoryException;
import dev.easel.engine.EngineException;
import dev.easel.engine.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSessionFactoryTest {

    private static final Path TEXT_ENCODER = Path.of(System.getProperty("easel.tinySd"), "text_encoder/model.onnx");

    @Test
    void open_tinyTextEncoder_onCpu() throws OrtException {
        OnnxSessionFactory factory = new OnnxSessionFactory(OnnxSettings.defaults().withIntraOpThreads(1));

        try (OrtSession session = factory.open(TEXT_ENCODER)) {
            assertThat(session.getInputNames()).containsExactly("input_ids");
        }
        assertThat(factory.usesCuda()).isFalse();
    }

    @Test
    void open_cudaUnavailable_fallsBackToCpu() throws OrtException {
        OnnxSessionFactory factory = new OnnxSessionFactory(OnnxSettings.defaults().withIntraOpThreads(1).withCuda(0));

        try (OrtSession session = factory.open(TEXT_ENCODER)) {
            assertThat(session.getInputNames()).containsExactly("input_ids");
        }
        assertThat(factory.usesCuda()).isEqualTo(OnnxSessionFactory.isCudaAvailable());
    }

    @Test
    void open_variableShapeSettings_runsDifferentShapes() throws OrtException {
        OnnxSettings settings = OnnxSettings.defaults().withIntraOpThreads(1).forVariableShapes();
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();

        assertThat(settings.cpuArena()).isFalse();
        assertThat(settings.memoryPattern()).isFalse();
        try (OrtSession session = new OnnxSessionFactory(settings).open(TEXT_ENCODER)) {
            for (int length : new int[] {3, 9}) {
                int[][] ids = {new int[length]};
                try (ai.onnxruntime.OnnxTensor input = ai.onnxruntime.OnnxTensor.createTensor(env, ids);
                     OrtSession.Result result = session.run(java.util.Map.of("input_ids", input))) {
                    assertThat(((ai.onnxruntime.OnnxTensor) result.get(0)).getInfo().getShape()).containsExactly(1, length, 32);
                }
            }
        }
    }

    @Test
    void open_missingFile_rejectsNamingPath(@TempDir Path folder) {
        Path missing = folder.resolve("model.onnx");

        assertThatThrownBy(() -> OnnxSessionFactory.cpu().open(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void open_corruptFile_rejectsNamingPath(@TempDir Path folder) throws IOException {
        Path corrupt = Files.write(folder.resolve("model.onnx"), "this is not a protobuf".getBytes());

        assertThatThrownBy(() -> OnnxSessionFactory.cpu().open(corrupt))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(corrupt + ": ONNX Runtime cannot load this file, it is not a valid ONNX model (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void settings_negativeThreads_rejects() {
        assertThatThrownBy(() -> new OnnxSettings(-1, 0, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intraOpThreads must be 0 (automatic) to 256, was -1");
    }

    @Test
    void settings_threadsAboveCap_rejects() {
        assertThatThrownBy(() -> new OnnxSettings(100_000, 0, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intraOpThreads must be 0 (automatic) to 256, was 100000");
        assertThatThrownBy(() -> new OnnxSettings(0, OnnxSettings.MAX_THREADS + 1, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interOpThreads must be 0 (automatic) to 256, was 257");
    }

    @Test
    void settings_threadsAtCap_accepted() {
        assertThat(new OnnxSettings(OnnxSettings.MAX_THREADS, OnnxSettings.MAX_THREADS, false, 0).intraOpThreads()).isEqualTo(256);
    }

    @Test
    void translate_allocationFailure_isRetryableOutOfMemory() {
        OrtException cpu = new OrtException(OrtException.OrtErrorCode.ORT_RUNTIME_EXCEPTION,
                "Non-zero status code returned while running Conv node. Status Message: Failed to allocate memory for requested buffer of size 1073741824");
        OrtException cuda = new OrtException(OrtException.OrtErrorCode.ORT_RUNTIME_EXCEPTION,
                "CUDA failure 2: out of memory ; GPU=0 ; hostname=worker ; expr=cudaMalloc((void**)&p, size);");

        EngineException fromCpu = OnnxFailures.translate("unet", 8, cpu);

        assertThat(fromCpu).isInstanceOf(BackendOutOfMemoryException.class);
        assertThat(((BackendOutOfMemoryException) fromCpu).batchSize()).isEqualTo(8);
        assertThat(fromCpu.isRetryable()).isTrue();
        assertThat(OnnxFailures.translate("unet", 2, cuda)).isInstanceOf(BackendOutOfMemoryException.class);
    }

    @Test
    void translate_otherFailure_isInternal() {
        OrtException shape = new OrtException(OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT, "Got invalid dimensions for input: sample");

        EngineException translated = OnnxFailures.translate("unet", 1, shape);

        assertThat(translated).isNotInstanceOf(BackendOutOfMemoryException.class);
        assertThat(translated.isRetryable()).isFalse();
        assertThat(translated).hasMessage("unet failed in ONNX Runtime: Error code - ORT_INVALID_ARGUMENT - message: Got invalid dimensions for input: sample");
    }
}
