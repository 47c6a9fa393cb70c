package dev.easel.engine.sd;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.ModelLoadException;
import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.sd.sampler.SamplerConfig;
import dev.easel.engine.sd.tokenizer.ClipTokenizer;
import dev.easel.engine.sd.tokenizer.ClipTokenizerLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded Stable Diffusion 1.x/2.x model folder: four ONNX Runtime sessions, the tokenizer, the
 * sampler config and the sizes derived from the component configs.
 *
 * <p>Sizes: the VAE scale factor is {@code 2^(len(vae block_out_channels) - 1)} (8 for SD), the
 * UNet downsamples {@code len(unet block_out_channels) - 1} times, so image width and height
 * must be multiples of {@code vae scale * 2^downsamples} (16 for the bundled tiny model, 64 for
 * SD 1.5). The native size is the UNet's {@code sample_size} times the VAE scale factor.
 *
 * <p>Thread-safe: ONNX Runtime sessions accept concurrent runs and everything else is read-only.
 */
public final class StableDiffusionModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StableDiffusionModel.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelFolder folder;
    private final ClipTokenizer tokenizer;
    private final SamplerConfig samplerConfig;
    private final OrtSession textEncoder;
    private final OrtSession unet;
    private final OrtSession vaeDecoder;
    private final OrtSession vaeEncoder;
    private final PipelineSignature signature;
    private final double scalingFactor;
    private final int vaeScaleFactor;
    private final int sizeMultiple;
    private final int nativeSize;
    private final String fileHash;

    private StableDiffusionModel(ModelFolder folder, ClipTokenizer tokenizer, SamplerConfig samplerConfig, List<OrtSession> sessions,
            PipelineSignature signature, JsonNode vaeConfig, JsonNode unetConfig, String fileHash) {
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.samplerConfig = samplerConfig;
        this.textEncoder = sessions.get(0);
        this.unet = sessions.get(1);
        this.vaeDecoder = sessions.get(2);
        this.vaeEncoder = sessions.size() > 3 ? sessions.get(3) : null;
        this.signature = signature;
        this.scalingFactor = vaeConfig.path("scaling_factor").asDouble(0.18215);
        this.vaeScaleFactor = 1 << (vaeConfig.path("block_out_channels").size() > 0 ? vaeConfig.path("block_out_channels").size() - 1 : 3);
        int unetDownsamples = unetConfig.path("block_out_channels").size() > 0 ? unetConfig.path("block_out_channels").size() - 1 : 3;
        this.sizeMultiple = vaeScaleFactor << unetDownsamples;
        int sampleSize = unetConfig.path("sample_size").asInt(64);
        this.nativeSize = Math.max(sizeMultiple, sampleSize * vaeScaleFactor / sizeMultiple * sizeMultiple);
        this.fileHash = fileHash;
    }

    /**
     * Loads a model folder.
     *
     * @throws ModelLoadException when the folder or a required file is missing, a file is corrupt,
     *                            or a session's signature is one the pipeline cannot feed
     */
    public static StableDiffusionModel load(Path root, OnnxSessionFactory sessions) {
        long start = System.nanoTime();
        ModelFolder folder = ModelFolder.check(root);
        readJson(folder.root().resolve("model_index.json"));
        ClipTokenizer tokenizer = ClipTokenizerLoader.load(folder.tokenizer());
        SamplerConfig samplerConfig = SamplerConfig.read(folder.samplerConfig());
        JsonNode vaeConfig = readOptionalJson(folder.vaeConfig());
        JsonNode unetConfig = readOptionalJson(folder.unetConfig());
        String hash = hash(folder.hashedFiles(), folder);

        List<OrtSession> opened = new ArrayList<>(4);
        try {
            opened.add(sessions.open(folder.textEncoder()));
            opened.add(sessions.open(folder.unet()));
            opened.add(sessions.open(folder.vaeDecoder()));
            if (folder.hasVaeEncoder()) {
                opened.add(sessions.open(folder.vaeEncoder()));
            }
            PipelineSignature signature = PipelineSignature.read(folder, opened.get(0), opened.get(1), opened.get(2),
                    opened.size() > 3 ? opened.get(3) : null, unetConfig);
            StableDiffusionModel model = new StableDiffusionModel(folder, tokenizer, samplerConfig, opened, signature, vaeConfig, unetConfig, hash);
            log.info("Stable Diffusion model loaded: folder={} input_ids={} timestep={}/rank{} img2img={} size_multiple={} load_ms={}",
                    folder.root(), signature.inputIdsType(), signature.timestepType(), signature.timestepRank(),
                    model.supportsImg2Img(), model.sizeMultiple, (System.nanoTime() - start) / 1_000_000);
            return model;
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Returns the model folder (absolute). */
    public Path folder() {
        return folder.root();
    }

    /** Returns whether the folder has a VAE encoder, which img2img needs. */
    public boolean supportsImg2Img() {
        return vaeEncoder != null;
    }

    /** Returns the number that image width and height must be multiples of, in pixels. */
    public int sizeMultiple() {
        return sizeMultiple;
    }

    /** Returns the width and height the model was trained at, in pixels. */
    public int nativeSize() {
        return nativeSize;
    }

    /** Returns the sha256 (hex) over the component files, see {@link ModelFolder#hashedFiles()}. */
    public String fileHash() {
        return fileHash;
    }

    /** Returns the sampler config read from {@code scheduler/scheduler_config.json}. */
    public SamplerConfig samplerConfig() {
        return samplerConfig;
    }

    ClipTokenizer tokenizer() {
        return tokenizer;
    }

    OrtSession textEncoder() {
        return textEncoder;
    }

    OrtSession unet() {
        return unet;
    }

    OrtSession vaeDecoder() {
        return vaeDecoder;
    }

    OrtSession vaeEncoder() {
        return vaeEncoder;
    }

    PipelineSignature signature() {
        return signature;
    }

    double scalingFactor() {
        return scalingFactor;
    }

    int vaeScaleFactor() {
        return vaeScaleFactor;
    }

    @Override
    public void close() {
        List<OrtSession> sessions = new ArrayList<>(List.of(textEncoder, unet, vaeDecoder));
        if (vaeEncoder != null) {
            sessions.add(vaeEncoder);
        }
        closeAll(sessions);
    }

    private static void closeAll(List<OrtSession> sessions) {
        for (OrtSession session : sessions) {
            try {
                session.close();
            } catch (OrtException e) {
                log.warn("closing an ONNX Runtime session failed", e);
            }
        }
    }

    private static String hash(List<Path> files, ModelFolder folder) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                digest.update(folder.root().relativize(file).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    while (in.read(buffer) >= 0) {
                        // DigestInputStream updates the digest as it reads.
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelLoadException(folder.root(), "cannot read model files to hash them: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static JsonNode readOptionalJson(Path file) {
        return Files.isRegularFile(file) ? readJson(file) : JSON.createObjectNode();
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new ModelLoadException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
