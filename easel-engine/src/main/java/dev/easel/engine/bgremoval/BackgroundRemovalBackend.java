package dev.easel.engine.bgremoval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.BackendUnavailableException;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.EngineException;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelBackend;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.ModelLoadException;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ParameterSchema;
import dev.easel.engine.ParameterSpec;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.Recipe;
import dev.easel.engine.fetch.ModelFetcher;
import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.onnx.OnnxSettings;
import dev.easel.engine.png.RecipePng;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background removal with IS-Net on ONNX Runtime, capability {@code remove_background}, for the
 * model {@code isnet} that {@code easel models fetch} installs.
 *
 * <p>The output is a PNG that carries its recipe (see {@link RecipePng}). It is the input with
 * the predicted foreground as its alpha channel (an input alpha is multiplied in), or with
 * parameter {@code mask_only} a greyscale image of the mask itself. The weights are AGPL-3.0 (see {@code docs/models.md}).
 *
 * <p>Memory: the session runs with ONNX Runtime's CPU arena and memory-pattern planning turned
 * off. Measured over nine photos on 2 vCPUs, the process peaked at 1.5 GB resident and kept
 * 0.9 GB between images; with them on it kept 2.5 GB, in exchange for about 15 % less CPU
 * time per image (figures and command in {@code docs/benchmarks.md}).
 *
 * <p>Thread-safe: the session is opened once, on first use, and ONNX Runtime sessions accept
 * concurrent runs.
 */
public final class BackgroundRemovalBackend implements ModelBackend {

    /** Back-end id recorded in recipes. */
    public static final String ID = "onnx-isnet";
    /** Model id, the folder name under the models folder. */
    public static final String MODEL_ID = "isnet";

    private static final Logger log = LoggerFactory.getLogger(BackgroundRemovalBackend.class);
    private static final String VERSION = "imgly-1.4.5-medium";
    private static final String LICENCE = "AGPL-3.0";
    private static final String MODEL_FILE = "model.onnx";

    private final Path modelDirectory;
    private final boolean installed;
    private final OnnxSessionFactory sessionFactory;
    private final OrtEnvironment environment;
    private OrtSession session;

    /** Serves {@code isnet} when it is installed under {@code modelsDir}; otherwise serves no model. */
    public BackgroundRemovalBackend(Path modelsDir) {
        this(modelsDir, false);
    }

    /**
     * Serves {@code isnet} when it is installed under {@code modelsDir}.
     *
     * @param cpuArena whether ONNX Runtime keeps its CPU memory arena and memory-pattern planning
     *                 on. Off by default: on, it held about 1 GB more peak resident memory (1.6 GB
     *                 more between images) and saved about 15 % CPU time per image, as measured
     *                 in {@code docs/benchmarks.md}.
     */
    public BackgroundRemovalBackend(Path modelsDir, boolean cpuArena) {
        this(modelsDir, cpuArena ? OnnxSettings.defaults() : OnnxSettings.defaults().forVariableShapes());
    }

    /**
     * Serves {@code isnet} when it is installed under {@code modelsDir}, with these session
     * settings; pass {@link OnnxSettings#forVariableShapes()} for the measured low-memory setting.
     */
    public BackgroundRemovalBackend(Path modelsDir, OnnxSettings settings) {
        this.modelDirectory = modelsDir.resolve(MODEL_ID);
        this.installed = ModelFetcher.isInstalled(modelsDir, MODEL_ID);
        this.sessionFactory = new OnnxSessionFactory(settings);
        this.environment = sessionFactory.environment();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ModelInfo> models() {
        if (!installed) {
            return List.of();
        }
        ParameterSchema schema = new ParameterSchema(List.of(
                ParameterSpec.image("image", true, "photo to cut out"),
                new ParameterSpec("mask_only", ParameterSpec.Type.BOOLEAN, false, null, null, null, List.of(), false,
                        "return the greyscale foreground mask instead of the cut-out image")));
        return List.of(new ModelInfo(MODEL_ID, VERSION, Set.of(Capability.REMOVE_BACKGROUND), schema, fileHash(), 1, LICENCE));
    }

    @Override
    public List<JobOutput> run(BatchRequest request, ProgressListener progress, CancellationSignal cancellation) {
        if (!MODEL_ID.equals(request.modelId()) || !installed) {
            throw new InvalidParametersException("model", request.modelId(), "is not served here; this back end serves " + MODEL_ID
                    + (installed ? "" : " once installed with easel models fetch --only " + MODEL_ID));
        }
        if (request.capability() != Capability.REMOVE_BACKGROUND) {
            throw new InvalidParametersException("capability", request.capability().wireName(), "must be remove_background for model " + MODEL_ID);
        }

        long start = System.nanoTime();
        List<JobOutput> outputs = new ArrayList<>();
        int step = 0;
        for (JobInput job : request.jobs()) {
            cancellation.throwIfCancelled();
            outputs.add(runJob(job, start));
            progress.onStep(++step, request.jobs().size());
        }
        return outputs;
    }

    /**
     * Cuts out one image outside the scheduler, as the command line does.
     *
     * @param maskOnly return the greyscale mask instead of the cut-out
     * @return an ARGB image the size of {@code image}, or a greyscale mask of that size
     */
    public BufferedImage removeBackground(BufferedImage image, boolean maskOnly) {
        if (!installed) {
            throw new BackendUnavailableException("model " + MODEL_ID + " is not installed in " + modelDirectory.getParent()
                    + "; run easel models fetch --only " + MODEL_ID, null);
        }
        float[] mask = predictMask(image);
        return maskOnly ? IsnetImages.maskImage(mask, image.getWidth(), image.getHeight()) : IsnetImages.withAlpha(image, mask);
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                log.warn("closing the IS-Net session failed: error={}", e.getMessage());
            }
            session = null;
        }
    }

    private JobOutput runJob(JobInput job, long start) {
        if (job.image() == null) {
            throw new InvalidParametersException("image", null, "is required for remove_background");
        }
        boolean maskOnly = Boolean.TRUE.equals(job.parameters().get("mask_only"));
        BufferedImage result = removeBackground(job.image(), maskOnly);

        Map<String, Object> parameters = new LinkedHashMap<>(job.parameters());
        parameters.put("mask_only", maskOnly);
        Recipe recipe = new Recipe(MODEL_ID, VERSION, fileHash(), ID, Capability.REMOVE_BACKGROUND.wireName(), parameters, -1,
                (System.nanoTime() - start) / 1_000_000);
        OutputImage image = new OutputImage(RecipePng.encode(result, recipe), "image/png", result.getWidth(), result.getHeight(), -1);
        return new JobOutput(job.jobId(), List.of(image), recipe);
    }

    /** Returns the foreground probability per source pixel, row-major, in [0, 1]. */
    private float[] predictMask(BufferedImage image) {
        float[] input = IsnetImages.toInput(image);
        OrtSession model = session();
        long[] shape = {1, 3, IsnetImages.SIZE, IsnetImages.SIZE};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = model.run(Map.of("input", tensor), Set.of("output"))) {
            FloatBuffer output = ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer();
            float[] mask = new float[output.remaining()];
            output.get(mask);
            return Bilinear.resize(mask, IsnetImages.SIZE, IsnetImages.SIZE, image.getWidth(), image.getHeight());
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to run " + MODEL_ID + ": " + e.getMessage(), e);
        }
    }

    private synchronized OrtSession session() {
        if (session == null) {
            Path file = modelDirectory.resolve(MODEL_FILE);
            try {
                session = sessionFactory.open(file);
            } catch (ModelLoadException e) {
                throw new ModelLoadException(file, e.reason() + "; delete the folder and run easel models fetch --only " + MODEL_ID, e);
            }
        }
        return session;
    }

    private String fileHash() {
        return ModelFetcher.recordedSha256(modelDirectory, MODEL_FILE);
    }

}
