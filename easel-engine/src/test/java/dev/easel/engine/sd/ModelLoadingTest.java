package dev.easel.engine.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {

    @Test
    void load_tinyModel_readsOldOptimumSignature() {
        try (StableDiffusionModel model = StableDiffusionModel.load(TinyModel.folder(), TinyModel.sessions())) {
            PipelineSignature signature = model.signature();

            assertThat(signature.inputIdsType()).isEqualTo(ai.onnxruntime.OnnxJavaType.INT32);
            assertThat(signature.timestepType()).isEqualTo(ai.onnxruntime.OnnxJavaType.INT64);
            assertThat(signature.timestepRank()).isEqualTo(1);
            assertThat(signature.hiddenStates()).isEqualTo("last_hidden_state");
            assertThat(signature.unetOutput()).isEqualTo("out_sample");
            assertThat(signature.encoderOutput()).isEqualTo("latent_parameters");
            assertThat(signature.latentChannels()).isEqualTo(4);
            assertThat(model.sizeMultiple()).isEqualTo(16);
            assertThat(model.nativeSize()).isEqualTo(64);
            assertThat(model.scalingFactor()).isEqualTo(0.18215);
            assertThat(model.supportsImg2Img()).isTrue();
        }
    }

    @Test
    void load_unknownFolder_rejects(@TempDir Path temp) {
        Path missing = temp.resolve("no-such-model");

        assertThatThrownBy(() -> StableDiffusionModel.load(missing, TinyModel.sessions()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(missing + ": model folder not found");
    }

    @Test
    void load_missingUnet_rejectsNamingFile(@TempDir Path temp) throws IOException {
        Path copy = TinyModel.copyTo(temp.resolve("model"));
        Files.delete(copy.resolve("unet/model.onnx"));

        assertThatThrownBy(() -> StableDiffusionModel.load(copy, TinyModel.sessions()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(copy.resolve("unet/model.onnx") + ": file not found; a Stable Diffusion folder");
    }

    @Test
    void load_corruptUnet_rejectsNamingFile(@TempDir Path temp) throws IOException {
        Path copy = TinyModel.copyTo(temp.resolve("model"));
        byte[] bytes = Files.readAllBytes(copy.resolve("unet/model.onnx"));
        Files.write(copy.resolve("unet/model.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 3));

        assertThatThrownBy(() -> StableDiffusionModel.load(copy, TinyModel.sessions()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(copy.resolve("unet/model.onnx") + ": ONNX Runtime cannot load this file");
    }

    @Test
    void load_withoutVaeEncoder_offersTxt2ImgOnly(@TempDir Path temp) throws IOException {
        Path copy = TinyModel.copyTo(temp.resolve("model"));
        Files.delete(copy.resolve("vae_encoder/model.onnx"));

        try (StableDiffusionModel model = StableDiffusionModel.load(copy, TinyModel.sessions())) {
            assertThat(model.supportsImg2Img()).isFalse();
            assertThat(model.signature().encoderOutput()).isNull();
        }
    }

    @Test
    void fileHash_changesWithWeights(@TempDir Path temp) throws IOException {
        Path copy = TinyModel.copyTo(temp.resolve("model"));
        String original;
        try (StableDiffusionModel model = StableDiffusionModel.load(copy, TinyModel.sessions())) {
            original = model.fileHash();
        }
        Files.writeString(copy.resolve("scheduler/scheduler_config.json"),
                Files.readString(copy.resolve("scheduler/scheduler_config.json")).replace("\"steps_offset\": 1", "\"steps_offset\": 0"));

        try (StableDiffusionModel model = StableDiffusionModel.load(copy, TinyModel.sessions())) {
            assertThat(model.fileHash()).hasSize(64).isNotEqualTo(original);
        }
    }
}
