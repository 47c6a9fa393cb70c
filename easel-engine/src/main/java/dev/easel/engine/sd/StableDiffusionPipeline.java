package dev.easel.engine.sd;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.EngineException;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.onnx.OnnxFailures;
import dev.easel.engine.onnx.SessionCallTimer;
import dev.easel.engine.sd.sampler.GaussianNoise;
import dev.easel.engine.sd.sampler.Sampler;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs Stable Diffusion txt2img and img2img on a {@link StableDiffusionModel}.
 *
 * <p>Implementation notes, in the order of {@link #generate}:
 * <ol>
 *   <li>Encode prompts: one text-encoder call over all prompts, negative prompts first when
 *       guidance is on.</li>
 *   <li>Prepare latents: each image draws from its own {@link GaussianNoise} stream started at its
 *       seed, so an image does not depend on the rest of its batch. Txt2img scales pure noise by the
 *       sampler's initial sigma. Img2img resizes the init image, encodes it with the VAE encoder,
 *       samples the latent distribution (mean + std * noise, times the VAE scaling factor) and mixes
 *       in noise for the first timestep. The noise is drawn in that order, as diffusers does.</li>
 *   <li>Denoise: per step, one UNet call over the whole batch. With guidance above 1 the batch is
 *       doubled, unconditional half first, and the prediction is
 *       {@code uncond + guidance * (cond - uncond)}. LCM-distilled UNets (with a
 *       {@code timestep_cond} input) instead get the {@link GuidanceEmbedding} of the guidance
 *       and run once per image. Cancellation is checked before each step and progress reported
 *       after it.</li>
 *   <li>Decode: one VAE-decoder call on {@code latents / scaling_factor}, then
 *       {@code round(clamp(x / 2 + 0.5, 0, 1) * 255)} per channel.</li>
 * </ol>
 * ONNX Runtime failures become {@link EngineException}s; allocation failures become
 * {@link dev.easel.engine.BackendOutOfMemoryException}.
 *
 * <p>Thread-safe: each call keeps its state on its own stack.
 */
public final class StableDiffusionPipeline {

    private final StableDiffusionModel model;
    private final SessionCallTimer timer;
    private final OrtEnvironment env;

    /**
     * @param model the loaded model; the pipeline does not close it
     * @param timer receives the time of every session call
     */
    public StableDiffusionPipeline(StableDiffusionModel model, SessionCallTimer timer) {
        this.model = Objects.requireNonNull(model, "model");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.env = OrtEnvironment.getEnvironment();
    }

    /**
     * Generates one image per {@link ImageSpec}, in order.
     *
     * @throws InvalidParametersException when the size, steps or strength do not fit the model or sampler
     * @throws dev.easel.engine.CancelledException when cancelled at a step boundary
     * @throws dev.easel.engine.BackendOutOfMemoryException when ONNX Runtime cannot allocate memory
     * @throws EngineException when a session call fails otherwise
     */
    public List<BufferedImage> generate(GenerationRequest request, ProgressListener progress, CancellationSignal cancellation) {
        checkSize(request);
        Sampler sampler = request.sampler().create(model.samplerConfig(), request.steps(), request.isImg2Img() ? request.strength() : 1.0);
        int count = request.images().size();
        LatentShape shape = new LatentShape(model.signature().latentChannels(),
                request.height() / model.vaeScaleFactor(), request.width() / model.vaeScaleFactor());

        cancellation.throwIfCancelled();
        try (OnnxTensor hiddenStates = encodePrompts(request)) {
            List<GaussianNoise> noise = new ArrayList<>(count);
            for (ImageSpec image : request.images()) {
                noise.add(new GaussianNoise(image.seed()));
            }
            List<float[]> latents = request.isImg2Img()
                    ? img2imgLatents(request, sampler, shape, noise)
                    : txt2imgLatents(sampler, shape, noise);
            denoise(request, sampler, shape, hiddenStates, latents, noise, progress, cancellation);
            cancellation.throwIfCancelled();
            return decode(latents, shape, request);
        } catch (OrtException e) {
            throw OnnxFailures.translate("tensor creation", count, e);
        }
    }

    // ---- phase 1: prompts ----

    /** Returns whether the UNet runs twice per image: guidance above 1 on a UNet without a guidance embedding. */
    private boolean isClassifierFree(GenerationRequest request) {
        return request.usesGuidance() && model.signature().guidanceEmbeddingSize() == 0;
    }

    private OnnxTensor encodePrompts(GenerationRequest request) throws OrtException {
        List<String> prompts = new ArrayList<>();
        if (isClassifierFree(request)) {
            request.images().forEach(image -> prompts.add(image.negativePrompt()));
        }
        request.images().forEach(image -> prompts.add(image.prompt()));

        int[][] ids = new int[prompts.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = model.tokenizer().encode(prompts.get(i));
        }
        try (OnnxTensor input = Tensors.tokenIds(env, model.signature().inputIdsType(), ids);
             OrtSession.Result result = run(model.textEncoder(), Map.of(PipelineSignature.INPUT_IDS, input), "text_encoder", ids.length)) {
            OnnxTensor output = (OnnxTensor) result.get(model.signature().hiddenStates()).orElseThrow();
            long[] outputShape = output.getInfo().getShape();
            return Tensors.floats(env, Tensors.toArray(output), outputShape);
        }
    }

    // ---- phase 2: latents ----

    private static List<float[]> txt2imgLatents(Sampler sampler, LatentShape shape, List<GaussianNoise> noise) {
        float sigma = (float) sampler.initNoiseSigma();
        List<float[]> latents = new ArrayList<>(noise.size());
        for (GaussianNoise stream : noise) {
            float[] values = stream.next(shape.size());
            for (int i = 0; i < values.length; i++) {
                values[i] *= sigma;
            }
            latents.add(values);
        }
        return latents;
    }

    private List<float[]> img2imgLatents(GenerationRequest request, Sampler sampler, LatentShape shape, List<GaussianNoise> noise) throws OrtException {
        if (model.vaeEncoder() == null) {
            throw new InvalidParametersException("image", "given", "img2img needs vae_encoder/model.onnx, which " + model.folder() + " lacks");
        }
        int count = request.images().size();
        float[] pixels = new float[count * 3 * request.width() * request.height()];
        for (int i = 0; i < count; i++) {
            ImageConversion.toTensor(request.images().get(i).initImage(), request.width(), request.height(), pixels, i);
        }

        float[] parameters;
        try (OnnxTensor input = Tensors.floats(env, pixels, count, 3, request.height(), request.width());
             OrtSession.Result result = run(model.vaeEncoder(), Map.of(PipelineSignature.SAMPLE, input), "vae_encoder", count)) {
            parameters = Tensors.toArray((OnnxTensor) result.get(model.signature().encoderOutput()).orElseThrow());
        }

        Sampler.NoiseMix mix = sampler.noisedStart();
        float scaling = (float) model.scalingFactor();
        int perImage = parameters.length / count;
        List<float[]> latents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] clean = sampleLatent(parameters, i * perImage, perImage, shape.size(), noise.get(i));
            float[] start = noise.get(i).next(shape.size());
            for (int j = 0; j < start.length; j++) {
                start[j] = (float) (mix.signal() * clean[j] * scaling + mix.noise() * start[j]);
            }
            latents.add(start);
        }
        return latents;
    }

    /**
     * Samples the VAE's latent distribution for one image. Exports that return {@code [mean | logvar]}
     * (twice the latent channels) are sampled with the image's noise. Older exports that return a
     * latent sample directly are used as they are.
     *
     * <p>NOTE: those older exports draw the sample inside the graph, so their img2img results do
     * not follow the seed. No such export has been tested here.
     */
    private static float[] sampleLatent(float[] parameters, int offset, int perImage, int latentSize, GaussianNoise noise) {
        float[] latent = new float[latentSize];
        if (perImage == latentSize) {
            System.arraycopy(parameters, offset, latent, 0, latentSize);
            return latent;
        }
        for (int j = 0; j < latentSize; j++) {
            float mean = parameters[offset + j];
            float logVariance = Math.max(-30f, Math.min(20f, parameters[offset + latentSize + j]));
            latent[j] = mean + (float) Math.exp(0.5 * logVariance) * (float) noise.nextGaussian();
        }
        return latent;
    }

    // ---- phase 3: denoising ----

    private void denoise(GenerationRequest request, Sampler sampler, LatentShape shape, OnnxTensor hiddenStates, List<float[]> latents,
            List<GaussianNoise> noise, ProgressListener progress, CancellationSignal cancellation) throws OrtException {
        int count = latents.size();
        boolean guided = isClassifierFree(request);
        float guidance = (float) request.guidance();
        double[] timesteps = sampler.timesteps();
        FloatBuffer input = Tensors.directFloats((guided ? 2 * count : count) * shape.size());
        float[] prediction = new float[shape.size()];

        try (OnnxTensor guidanceEmbedding = guidanceEmbedding(request, count)) {
            for (int step = 0; step < timesteps.length; step++) {
                cancellation.throwIfCancelled();
                fillUnetInput(input, latents, (float) sampler.inputScale(step), guided);
                float[] output = runUnet(input, shape.withBatch(guided ? 2 * count : count), timesteps[step], hiddenStates, guidanceEmbedding, count);

                for (int i = 0; i < count; i++) {
                    guide(output, i, count, guided, guidance, prediction);
                    sampler.step(step, prediction, latents.get(i), noise.get(i));
                }
                progress.onStep(step + 1, timesteps.length);
            }
        }
    }

    /** Returns the {@code timestep_cond} tensor for LCM-distilled UNets, or {@code null} for other UNets. */
    private OnnxTensor guidanceEmbedding(GenerationRequest request, int count) throws OrtException {
        int size = model.signature().guidanceEmbeddingSize();
        if (size == 0) {
            return null;
        }
        float[] one = GuidanceEmbedding.of(request.guidance(), size);
        float[] all = new float[count * size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(one, 0, all, i * size, size);
        }
        return Tensors.floats(env, all, count, size);
    }

    /** Runs the UNet once on the prepared input and returns its output for the whole UNet batch. */
    private float[] runUnet(FloatBuffer input, long[] inputShape, double timestep, OnnxTensor hiddenStates, OnnxTensor guidanceEmbedding, int images)
            throws OrtException {
        PipelineSignature signature = model.signature();
        try (OnnxTensor sample = Tensors.floats(env, input, inputShape);
             OnnxTensor time = Tensors.timestep(env, signature.timestepType(), signature.timestepRank(), timestep)) {
            Map<String, OnnxTensor> inputs = new HashMap<>(4);
            inputs.put(PipelineSignature.SAMPLE, sample);
            inputs.put(PipelineSignature.TIMESTEP, time);
            inputs.put(PipelineSignature.ENCODER_HIDDEN_STATES, hiddenStates);
            if (guidanceEmbedding != null) {
                inputs.put(PipelineSignature.TIMESTEP_COND, guidanceEmbedding);
            }
            try (OrtSession.Result result = run(model.unet(), inputs, "unet", images)) {
                return Tensors.toArray((OnnxTensor) result.get(signature.unetOutput()).orElseThrow());
            }
        }
    }

    private static void fillUnetInput(FloatBuffer input, List<float[]> latents, float scale, boolean guided) {
        input.clear();
        for (int copy = 0; copy < (guided ? 2 : 1); copy++) {
            for (float[] values : latents) {
                for (float value : values) {
                    input.put(value * scale);
                }
            }
        }
        input.flip();
    }

    /** Writes image {@code i}'s prediction: the conditional output, or the guided mix of both halves. */
    private static void guide(float[] output, int i, int count, boolean guided, float guidance, float[] prediction) {
        int size = prediction.length;
        if (!guided) {
            System.arraycopy(output, i * size, prediction, 0, size);
            return;
        }
        int unconditional = i * size;
        int conditional = (count + i) * size;
        for (int j = 0; j < size; j++) {
            float u = output[unconditional + j];
            prediction[j] = u + guidance * (output[conditional + j] - u);
        }
    }

    // ---- phase 4: decoding ----

    private List<BufferedImage> decode(List<float[]> latents, LatentShape shape, GenerationRequest request) throws OrtException {
        int count = latents.size();
        FloatBuffer input = Tensors.directFloats(count * shape.size());
        float inverseScaling = (float) (1.0 / model.scalingFactor());
        for (float[] values : latents) {
            for (float value : values) {
                input.put(value * inverseScaling);
            }
        }
        input.flip();

        float[] pixels;
        try (OnnxTensor latent = Tensors.floats(env, input, shape.withBatch(count));
             OrtSession.Result result = run(model.vaeDecoder(), Map.of(PipelineSignature.LATENT_SAMPLE, latent), "vae_decoder", count)) {
            pixels = Tensors.toArray((OnnxTensor) result.get(model.signature().decoderOutput()).orElseThrow());
        }

        List<BufferedImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            images.add(ImageConversion.toImage(pixels, i, request.width(), request.height()));
        }
        return images;
    }

    // ---- helpers ----

    private OrtSession.Result run(OrtSession session, Map<String, OnnxTensor> inputs, String component, int images) {
        long start = System.nanoTime();
        try {
            return session.run(inputs);
        } catch (OrtException e) {
            throw OnnxFailures.translate(component, images, e);
        } finally {
            timer.record(System.nanoTime() - start);
        }
    }

    private void checkSize(GenerationRequest request) {
        int multiple = model.sizeMultiple();
        if (request.width() < multiple || request.width() % multiple != 0) {
            throw new InvalidParametersException("width", request.width(), "must be a positive multiple of " + multiple + " for this model");
        }
        if (request.height() < multiple || request.height() % multiple != 0) {
            throw new InvalidParametersException("height", request.height(), "must be a positive multiple of " + multiple + " for this model");
        }
    }

    /** Shape of one image's latents. */
    private record LatentShape(int channels, int height, int width) {

        int size() {
            return channels * height * width;
        }

        long[] withBatch(int batch) {
            return new long[] {batch, channels, height, width};
        }
    }
}
