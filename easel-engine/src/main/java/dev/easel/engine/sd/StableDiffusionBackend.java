package dev.easel.engine.sd;

import dev.easel.engine.BackendOutOfMemoryException;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelBackend;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.Recipe;
import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.onnx.SessionCallTimer;
import dev.easel.engine.png.RecipePng;
import dev.easel.engine.sd.sampler.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process Stable Diffusion back end: serves one or more model folders on ONNX Runtime.
 *
 * <p>Each model offers {@code txt2img}, and {@code img2img} when its folder has a VAE encoder.
 * A job may ask for several images ({@code images}); image {@code k} of a job uses seed
 * {@code seed + k}. Seed -1 picks a random seed, which the recipe records. The job's recipe
 * records the first image's seed and the image count; the recipe embedded in each PNG records
 * that image's own seed and {@code images} 1, so it makes that image again. All images of a
 * batch run through the UNet together, and each draws its noise from its own seed, so a job's
 * images do not depend on the other jobs in its batch.
 *
 * <p>Thread-safe: concurrent {@link #run} calls share the sessions, which ONNX Runtime allows.
 */
public final class StableDiffusionBackend implements ModelBackend {

    /** Back-end id recorded in recipes. */
    public static final String ID = "onnx-sd";

    /** Default for the largest number of jobs in one batch. */
    public static final int DEFAULT_MAX_BATCH = 4;

    private static final Logger log = LoggerFactory.getLogger(StableDiffusionBackend.class);

    private final Map<String, Served> models = new LinkedHashMap<>();
    private final SessionCallTimer timer = new SessionCallTimer();

    /**
     * A model folder to serve.
     *
     * @param id      model id, for example {@code tiny-sd}
     * @param version version label recorded in recipes
     * @param folder  the folder in the optimum ONNX layout
     * @param licence licence of the weights shown to users (SPDX id where one exists)
     */
    public record ModelSource(String id, String version, Path folder, String licence) {

        /** Licence reported when the operator names none. */
        public static final String UNSPECIFIED_LICENCE = "unspecified";

        public ModelSource {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(licence, "licence");
        }

        /** Returns a source whose licence is {@value #UNSPECIFIED_LICENCE}. */
        public ModelSource(String id, String version, Path folder) {
            this(id, version, folder, UNSPECIFIED_LICENCE);
        }

        /** Returns a source named after the folder, with version {@code local}. */
        public static ModelSource of(Path folder) {
            Path name = folder.toAbsolutePath().normalize().getFileName();
            return new ModelSource(name == null ? "model" : name.toString(), "local", folder);
        }
    }

    private record Served(ModelInfo info, StableDiffusionModel model, StableDiffusionPipeline pipeline) {
    }

    /**
     * Loads every model; on a failure, closes the ones already loaded.
     *
     * @param maxBatch largest number of jobs per batch, at least 1
     * @throws dev.easel.engine.ModelLoadException when a folder cannot be loaded
     */
    public StableDiffusionBackend(List<ModelSource> sources, OnnxSessionFactory sessions, int maxBatch) {
        try {
            for (ModelSource source : sources) {
                if (models.containsKey(source.id())) {
                    throw new IllegalArgumentException("model id " + source.id() + " appears twice");
                }
                StableDiffusionModel model = StableDiffusionModel.load(source.folder(), sessions);
                ModelInfo info = describe(source, model, maxBatch);
                models.put(source.id(), new Served(info, model, new StableDiffusionPipeline(model, timer)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ModelInfo> models() {
        return models.values().stream().map(Served::info).toList();
    }

    /** Returns the accumulated time inside ONNX Runtime session calls of every run so far. */
    public SessionCallTimer sessionCallTimer() {
        return timer;
    }

    @Override
    public List<JobOutput> run(BatchRequest request, ProgressListener progress, CancellationSignal cancellation) {
        long start = System.nanoTime();
        Served served = models.get(request.modelId());
        if (served == null) {
            throw new InvalidParametersException("model", request.modelId(), "is not served by back end " + ID + "; known: " + models.keySet());
        }
        if (!served.info().capabilities().contains(request.capability())) {
            throw new InvalidParametersException("capability", request.capability().wireName(),
                    "is not offered by model " + request.modelId() + "; offered: "
                            + served.info().capabilities().stream().map(Capability::wireName).sorted().toList());
        }

        List<PlannedJob> jobs = plan(request, served.info());
        BatchSettings settings = BatchSettings.of(jobs.get(0).parameters());
        List<ImageSpec> images = new ArrayList<>();
        for (PlannedJob job : jobs) {
            images.addAll(job.images());
        }

        List<BufferedImage> generated;
        try {
            generated = served.pipeline().generate(
                    new GenerationRequest(images, settings.width(), settings.height(), settings.steps(), settings.guidance(),
                            settings.sampler(), settings.strength()),
                    progress, cancellation);
        } catch (OutOfMemoryError e) {
            throw new BackendOutOfMemoryException(images.size(), e);
        }
        long durationMillis = (System.nanoTime() - start) / 1_000_000;
        log.debug("batch done: model={} jobs={} images={} duration_ms={}", request.modelId(), jobs.size(), images.size(), durationMillis);

        return outputs(jobs, generated, served.info(), request.capability(), durationMillis);
    }

    @Override
    public void close() {
        for (Served served : models.values()) {
            served.model().close();
        }
        models.clear();
    }

    // ---- planning ----

    /** A job with its resolved parameters and the images it requests. */
    private record PlannedJob(JobInput input, Map<String, Object> parameters, List<ImageSpec> images) {
    }

    private static List<PlannedJob> plan(BatchRequest request, ModelInfo info) {
        if (request.jobs().size() > info.maxBatch()) {
            throw new InvalidParametersException("batch", request.jobs().size(), "must have at most " + info.maxBatch() + " jobs for model " + info.id());
        }
        List<PlannedJob> jobs = new ArrayList<>();
        Map<String, Object> first = null;
        for (JobInput job : request.jobs()) {
            Map<String, Object> parameters = new LinkedHashMap<>(info.schema().resolve(job.parameters()));
            long seed = (Long) parameters.get(StableDiffusionSchema.SEED);
            if (seed == -1) {
                seed = ThreadLocalRandom.current().nextLong(0, 1L << 32);
                parameters.put(StableDiffusionSchema.SEED, seed);
            }
            if (first == null) {
                first = parameters;
            } else {
                StableDiffusionSchema.checkSameBatchKey(info.schema(), first, parameters);
            }
            BufferedImage init = initImage(request.capability(), job);
            jobs.add(new PlannedJob(job, parameters, imagesOf(parameters, seed, init)));
        }
        return jobs;
    }

    private static BufferedImage initImage(Capability capability, JobInput job) {
        if (capability == Capability.IMG2IMG && job.image() == null) {
            throw new InvalidParametersException("image", null, "is required for img2img");
        }
        return capability == Capability.IMG2IMG ? job.image() : null;
    }

    private static List<ImageSpec> imagesOf(Map<String, Object> parameters, long seed, BufferedImage init) {
        long count = (Long) parameters.get(StableDiffusionSchema.IMAGES);
        String prompt = (String) parameters.get(StableDiffusionSchema.PROMPT);
        String negative = (String) parameters.get(StableDiffusionSchema.NEGATIVE_PROMPT);
        List<ImageSpec> images = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            images.add(new ImageSpec(prompt, negative, seed + k, init));
        }
        return images;
    }

    // ---- outputs ----

    private List<JobOutput> outputs(List<PlannedJob> jobs, List<BufferedImage> generated, ModelInfo info, Capability capability, long durationMillis) {
        List<JobOutput> outputs = new ArrayList<>(jobs.size());
        int next = 0;
        for (PlannedJob job : jobs) {
            Map<String, Object> parameters = recordedParameters(job.parameters(), capability);
            long seed = job.images().get(0).seed();
            Recipe recipe = new Recipe(info.id(), info.version(), info.fileHash(), ID, capability.wireName(), parameters, seed, durationMillis);
            List<OutputImage> images = new ArrayList<>();
            for (ImageSpec spec : job.images()) {
                BufferedImage image = generated.get(next++);
                byte[] png = RecipePng.encode(image, imageRecipe(recipe, spec.seed()));
                images.add(new OutputImage(png, "image/png", image.getWidth(), image.getHeight(), spec.seed()));
            }
            outputs.add(new JobOutput(job.input().jobId(), images, recipe));
        }
        return outputs;
    }

    /** Returns the parameters a recipe records: strength only for img2img, where it has an effect. */
    private static Map<String, Object> recordedParameters(Map<String, Object> resolved, Capability capability) {
        Map<String, Object> parameters = new LinkedHashMap<>(resolved);
        if (capability != Capability.IMG2IMG) {
            parameters.remove(StableDiffusionSchema.STRENGTH);
        }
        return parameters;
    }

    /**
     * Returns the recipe embedded in one image's PNG: the job's recipe narrowed to that image,
     * with its own seed and {@code images} 1, so replaying it makes exactly that image.
     */
    static Recipe imageRecipe(Recipe job, long imageSeed) {
        Map<String, Object> parameters = new LinkedHashMap<>(job.parameters());
        parameters.put(StableDiffusionSchema.SEED, imageSeed);
        parameters.put(StableDiffusionSchema.IMAGES, 1L);
        return new Recipe(job.modelId(), job.modelVersion(), job.fileHash(), job.backend(), job.capability(), parameters, imageSeed,
                job.durationMillis());
    }

    private static ModelInfo describe(ModelSource source, StableDiffusionModel model, int maxBatch) {
        Set<Capability> capabilities = model.supportsImg2Img() ? Set.of(Capability.TXT2IMG, Capability.IMG2IMG) : Set.of(Capability.TXT2IMG);
        SamplerKind defaultSampler = SamplerKind.forSchedulerClass(model.samplerConfig().className());
        return new ModelInfo(source.id(), source.version(), capabilities,
                StableDiffusionSchema.of(model.nativeSize(), model.sizeMultiple(), defaultSampler),
                model.fileHash(), maxBatch, source.licence());
    }

    /** Settings shared by the whole batch, read from the first job's resolved parameters. */
    private record BatchSettings(int width, int height, int steps, double guidance, SamplerKind sampler, double strength) {

        static BatchSettings of(Map<String, Object> parameters) {
            return new BatchSettings(
                    ((Long) parameters.get(StableDiffusionSchema.WIDTH)).intValue(),
                    ((Long) parameters.get(StableDiffusionSchema.HEIGHT)).intValue(),
                    ((Long) parameters.get(StableDiffusionSchema.STEPS)).intValue(),
                    (Double) parameters.get(StableDiffusionSchema.GUIDANCE),
                    SamplerKind.fromWireName((String) parameters.get(StableDiffusionSchema.SAMPLER)).orElseThrow(),
                    (Double) parameters.get(StableDiffusionSchema.STRENGTH));
        }
    }
}
