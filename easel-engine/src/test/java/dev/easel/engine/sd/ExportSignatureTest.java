package dev.easel.engine.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.JobInput;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ProgressListener;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newer optimum export signature (int64 {@code input_ids}, float32 scalar {@code timestep}) on
 * real sessions: a copy of the tiny model rewritten by {@link OnnxSignatureRewriter} must load
 * and give the same pixels as the original, because its new inputs only feed Casts into the
 * original graphs.
 */
class ExportSignatureTest {

    @Test
    void newSignature_readsTypesFromSessions(@TempDir Path temp) {
        Path copy = TinyModel.copyTo(temp.resolve("model"));
        OnnxSignatureRewriter.toNewOptimumSignature(copy);

        try (StableDiffusionModel model = StableDiffusionModel.load(copy, TinyModel.sessions())) {
            assertThat(model.signature().inputIdsType()).isEqualTo(OnnxJavaType.INT64);
            assertThat(model.signature().timestepType()).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(model.signature().timestepRank()).isZero();
        }
    }

    @Test
    void newSignature_givesSamePixelsAsOldSignature(@TempDir Path temp) throws IOException {
        Path copy = TinyModel.copyTo(temp.resolve("model"));
        OnnxSignatureRewriter.toNewOptimumSignature(copy);

        for (String sampler : List.of("euler", "ddim")) {
            int[] original = generate(TinyModel.folder(), sampler);
            int[] rewritten = generate(copy, sampler);

            assertThat(rewritten).as(sampler).isEqualTo(original);
        }
    }

    @Test
    void guidanceEmbeddingUnet_runsOncePerImage(@TempDir Path temp) throws IOException {
        Path copy = TinyModel.copyTo(temp.resolve("model"));
        OnnxSignatureRewriter.addGuidanceEmbeddingInput(copy, 8);

        try (StableDiffusionModel model = StableDiffusionModel.load(copy, TinyModel.sessions())) {
            assertThat(model.signature().guidanceEmbeddingSize()).isEqualTo(8);
        }
        int[] unguided = generate(copy, "lcm", 1.0);
        int[] guided = generate(copy, "lcm", 8.0);

        assertThat(guided).as("no classifier-free pass, and this graph ignores timestep_cond").isEqualTo(unguided);
        assertThat(generate(TinyModel.folder(), "lcm", 8.0)).as("the original UNet does run classifier-free guidance").isNotEqualTo(unguided);
    }

    private static int[] generate(Path folder, String sampler) throws IOException {
        return generate(folder, sampler, 7.5);
    }

    private static int[] generate(Path folder, String sampler, double guidance) throws IOException {
        Map<String, Object> parameters = Map.of("prompt", "a red fox in the snow", "seed", 11L, "steps", 5, "sampler", sampler, "guidance", guidance);
        try (StableDiffusionBackend backend = new StableDiffusionBackend(
                List.of(new StableDiffusionBackend.ModelSource("tiny-sd", "1", folder)), TinyModel.sessions(), 1)) {
            OutputImage image = backend.run(new BatchRequest("tiny-sd", Capability.TXT2IMG, List.of(new JobInput("j", parameters, null))),
                    ProgressListener.NONE, new CancellationSignal()).get(0).images().get(0);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
            return decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
        }
    }
}
