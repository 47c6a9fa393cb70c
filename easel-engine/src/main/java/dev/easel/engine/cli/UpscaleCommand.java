package dev.easel.engine.cli;

import dev.easel.engine.BackendUnavailableException;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.bgremoval.BackgroundRemovalBackend;
import dev.easel.engine.fetch.ModelLocations;
import dev.easel.engine.upscale.UpscaleBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code easel upscale IN OUT --scale 4}: super-resolution with Real-ESRGAN or UpscalerJS RDN. Exit codes as in {@link CommandFailures}. */
@Command(
        name = "upscale",
        mixinStandardHelpOptions = true,
        description = {
            "Upscale an image with a super-resolution model and write a PNG.",
            "Models: realesrgan-x4fast (4x), esrgan-slim and esrgan-medium (2x, 3x, 4x). Install them with easel models fetch."
        })
public final class UpscaleCommand implements Callable<Integer> {

    static final String DEFAULT_X4_MODEL = "realesrgan-x4fast";
    static final String DEFAULT_MODEL = "esrgan-medium";
    static final List<Integer> SCALES = List.of(2, 3, 4);

    /** Engine parameter names and their command-line names. */
    private static final Map<String, String> OPTION_NAMES = Map.of("scale", "--scale", "model", "--model", "image", "IN");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Input image: PNG, JPEG, GIF, BMP or TIFF.")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file, ending in .png; parent folders are created. Must not be IN.")
    private Path output;

    @Option(names = "--scale", defaultValue = "4", description = "Upscaling factor: 2, 3 or 4 (default: ${DEFAULT-VALUE}).")
    private int scale;

    @Option(names = "--model", paramLabel = "ID",
            description = "Model id (default: " + DEFAULT_X4_MODEL + " for --scale 4, " + DEFAULT_MODEL + " otherwise).")
    private String model;

    @Option(names = "--tile", defaultValue = "256", description = "Tile edge in input pixels, at least " + UpscaleBackend.MIN_TILE
            + "; larger is faster and uses more memory (default: ${DEFAULT-VALUE}).")
    private int tile;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Folder of installed models (default: $" + ModelLocations.MODELS_DIR_ENV + ", else ./data/models).")
    private Path modelsDir;

    /** Returns the model used when {@code --model} is left out: Real-ESRGAN for 4x, the larger RDN model otherwise. */
    static String defaultModel(int scale) {
        return scale == 4 ? DEFAULT_X4_MODEL : DEFAULT_MODEL;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandFailures.run(spec.commandLine().getErr(), OPTION_NAMES, () -> {
            // 1. Options and the output path, before anything slow.
            checkOptions();
            String modelId = model != null ? model : defaultModel(scale);
            OutputLocations.preparePngFile(output, "OUT", input);
            ImageFiles.InputImage image = ImageFiles.read(input, "IN");

            // 2. The model, then the run.
            Path folder = ModelLocations.modelsDir(modelsDir);
            try (UpscaleBackend backend = new UpscaleBackend(folder, tile)) {
                checkInstalled(backend, modelId, folder);
                long start = System.nanoTime();
                Map<String, Object> parameters = Map.of("scale", (long) scale, ImageFiles.INPUT_SHA256, image.sha256());
                JobInput job = new JobInput("cli", parameters, image.image());
                BatchRequest request = new BatchRequest(modelId, Capability.UPSCALE, List.of(job));
                JobOutput result = backend.run(request, ProgressListener.NONE, new CancellationSignal()).get(0);
                OutputImage png = result.images().get(0);
                ImageFiles.write(output, png.bytes());
                out.printf("wrote %s (%dx%d -> %dx%d with %s, %.1f s)%n", output, image.image().getWidth(), image.image().getHeight(),
                        png.width(), png.height(), modelId, (System.nanoTime() - start) / 1e9);
                out.flush();
            }
            return CommandFailures.EXIT_OK;
        });
    }

    private void checkOptions() {
        if (tile < UpscaleBackend.MIN_TILE) {
            throw new InvalidParametersException("--tile", tile, "must be at least " + UpscaleBackend.MIN_TILE);
        }
        if (!SCALES.contains(scale)) {
            throw new InvalidParametersException("--scale", scale, "must be 2, 3 or 4");
        }
        if (model == null || UpscaleBackend.MODEL_IDS.contains(model)) {
            return;
        }
        String upscalers = "upscalers: " + String.join(", ", UpscaleBackend.MODEL_IDS);
        if (model.equals(BackgroundRemovalBackend.MODEL_ID)) {
            throw new InvalidParametersException("--model", model, model + " is a background-removal model, not an upscaler; " + upscalers);
        }
        throw new InvalidParametersException("--model", model, "unknown model; " + upscalers);
    }

    /** Rejects a model that is not installed, with the command that installs it (exit 1: the input is valid). */
    private void checkInstalled(UpscaleBackend backend, String modelId, Path folder) {
        List<String> installed = backend.models().stream().map(ModelInfo::id).toList();
        if (!installed.contains(modelId)) {
            throw new BackendUnavailableException(ModelInstallHint.notInstalled(modelId, folder, modelsDir), null);
        }
    }
}
