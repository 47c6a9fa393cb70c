package dev.easel.engine.sd;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.easel.engine.ModelLoadException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Input and output names, element types and ranks of the four sessions, read from the sessions
 * rather than assumed, and checked against what the pipeline can feed.
 *
 * @param inputIdsType   element type of the text encoder's {@code input_ids}: INT32 or INT64
 * @param hiddenStates   name of the text encoder output the UNet consumes
 * @param timestepType   element type of the UNet's {@code timestep}: INT64 or FLOAT
 * @param timestepRank   rank of the UNet's {@code timestep}: 1 (shape {@code [1]}) or 0 (scalar)
 * @param unetOutput     name of the UNet's output
 * @param latentChannels channels of the UNet's {@code sample} input, usually 4
 * @param decoderOutput  name of the VAE decoder's output
 * @param encoderOutput  name of the VAE encoder's output, or {@code null} without a VAE encoder
 * @param guidanceEmbeddingSize size of the UNet's {@code timestep_cond} input (LCM-distilled
 *                       UNets), or 0 when the UNet has none and guidance runs as classifier-free guidance
 */
record PipelineSignature(
        OnnxJavaType inputIdsType,
        String hiddenStates,
        OnnxJavaType timestepType,
        int timestepRank,
        String unetOutput,
        int latentChannels,
        String decoderOutput,
        String encoderOutput,
        int guidanceEmbeddingSize) {

    static final String INPUT_IDS = "input_ids";
    static final String SAMPLE = "sample";
    static final String TIMESTEP = "timestep";
    static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";
    static final String LATENT_SAMPLE = "latent_sample";
    static final String TIMESTEP_COND = "timestep_cond";

    /**
     * Reads and checks the signature.
     *
     * @param vaeEncoder the VAE encoder session, or {@code null}
     * @param unetConfig the UNet's {@code config.json}, for {@code time_cond_proj_dim}
     * @throws ModelLoadException naming the file and the input that the pipeline cannot feed
     */
    static PipelineSignature read(ModelFolder folder, OrtSession textEncoder, OrtSession unet, OrtSession vaeDecoder, OrtSession vaeEncoder,
            JsonNode unetConfig) {
        try {
            TensorInfo ids = input(textEncoder, INPUT_IDS, folder.textEncoder());
            requireType(ids, Set.of(OnnxJavaType.INT32, OnnxJavaType.INT64), INPUT_IDS, folder.textEncoder());
            requireOnlyInputs(textEncoder, Set.of(INPUT_IDS), folder.textEncoder());

            TensorInfo sample = input(unet, SAMPLE, folder.unet());
            requireType(sample, Set.of(OnnxJavaType.FLOAT), SAMPLE, folder.unet());
            TensorInfo timestep = input(unet, TIMESTEP, folder.unet());
            requireType(timestep, Set.of(OnnxJavaType.INT64, OnnxJavaType.FLOAT), TIMESTEP, folder.unet());
            if (timestep.getShape().length > 1) {
                throw new ModelLoadException(folder.unet(), "input 'timestep' has rank " + timestep.getShape().length + "; expected a scalar or shape [1]", null);
            }
            requireType(input(unet, ENCODER_HIDDEN_STATES, folder.unet()), Set.of(OnnxJavaType.FLOAT), ENCODER_HIDDEN_STATES, folder.unet());
            requireOnlyInputs(unet, Set.of(SAMPLE, TIMESTEP, ENCODER_HIDDEN_STATES, TIMESTEP_COND), folder.unet());
            int guidanceEmbeddingSize = guidanceEmbeddingSize(unet, unetConfig, folder.unet());

            requireType(input(vaeDecoder, LATENT_SAMPLE, folder.vaeDecoder()), Set.of(OnnxJavaType.FLOAT), LATENT_SAMPLE, folder.vaeDecoder());
            String encoderOutput = null;
            if (vaeEncoder != null) {
                requireType(input(vaeEncoder, SAMPLE, folder.vaeEncoder()), Set.of(OnnxJavaType.FLOAT), SAMPLE, folder.vaeEncoder());
                encoderOutput = output(vaeEncoder, "latent_parameters");
            }

            long channels = sample.getShape().length == 4 ? sample.getShape()[1] : -1;
            return new PipelineSignature(
                    ids.type,
                    output(textEncoder, "last_hidden_state"),
                    timestep.type,
                    timestep.getShape().length,
                    output(unet, "out_sample"),
                    channels > 0 ? (int) channels : 4,
                    output(vaeDecoder, "sample"),
                    encoderOutput,
                    guidanceEmbeddingSize);
        } catch (OrtException e) {
            throw new ModelLoadException(folder.root(), "cannot read the model signatures: " + e.getMessage(), e);
        }
    }

    /** Returns the size of {@code timestep_cond} from its static shape or {@code time_cond_proj_dim}, or 0 without that input. */
    private static int guidanceEmbeddingSize(OrtSession unet, JsonNode unetConfig, Path file) throws OrtException {
        if (!unet.getInputNames().contains(TIMESTEP_COND)) {
            return 0;
        }
        TensorInfo info = input(unet, TIMESTEP_COND, file);
        requireType(info, Set.of(OnnxJavaType.FLOAT), TIMESTEP_COND, file);
        long[] shape = info.getShape();
        long size = shape.length == 2 && shape[1] > 0 ? shape[1] : unetConfig.path("time_cond_proj_dim").asLong(0);
        if (shape.length != 2 || size < 4) {
            throw new ModelLoadException(file, "input 'timestep_cond' must have shape [batch, size] with a size of at least 4, from the"
                    + " shape or from time_cond_proj_dim in unet/config.json; found shape " + java.util.Arrays.toString(shape), null);
        }
        return (int) size;
    }

    private static TensorInfo input(OrtSession session, String name, Path file) throws OrtException {
        NodeInfo node = session.getInputInfo().get(name);
        if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException(file, "has no tensor input named '" + name + "'; inputs are " + session.getInputNames(), null);
        }
        return info;
    }

    private static void requireType(TensorInfo info, Set<OnnxJavaType> allowed, String name, Path file) {
        if (!allowed.contains(info.type)) {
            throw new ModelLoadException(file, "input '" + name + "' has element type " + info.type + "; supported: " + allowed
                    + " (export the model in float32)", null);
        }
    }

    private static void requireOnlyInputs(OrtSession session, Set<String> known, Path file) {
        for (String name : session.getInputNames()) {
            if (!known.contains(name)) {
                throw new ModelLoadException(file, "needs input '" + name + "', which this Stable Diffusion 1.x/2.x pipeline does not provide"
                        + " (SDXL and inpainting UNets are not supported)", null);
            }
        }
    }

    /** Returns the output with the preferred name, or the first output when no output has it. */
    private static String output(OrtSession session, String preferred) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        return outputs.containsKey(preferred) ? preferred : outputs.keySet().iterator().next();
    }
}
