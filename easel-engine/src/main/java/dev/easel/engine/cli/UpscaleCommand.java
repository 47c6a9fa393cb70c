package dev.easel.engine.cli;

import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.fetch.ModelLocations;
import dev.easel.engine.upscale.UpscaleBackend;
import java.awt.image.BufferedImage;
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
            "Upscales an image with a super-resolution model and writes a PNG.",
            "Models: realesrgan-x4fast (4x), esrgan-slim and esrgan-medium (2x, 3x, 4x). Install them with easel models fetch."
        })
public final class UpscaleCommand implements Callable<Integer> {

    static final String DEFAULT_X4_MODEL = "realesrgan-x4fast";
    static final String DEFAULT_MODEL = "esrgan-medium";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Input image: PNG, JPEG, GIF, BMP or TIFF.")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output PNG file; parent folders are created.")
    private Path output;

    @Option(names = "--scale", defaultValue = "4", description = "Upscaling factor: 2, 3 or 4 (default: ${DEFAULT-VALUE}).")
    private int scale;

    @Option(names = "--model", paramLabel = "ID",
            description = "Model id (default: " + DEFAULT_X4_MODEL + " for --scale 4, " + DEFAULT_MODEL + " otherwise).")
    private String model;

    @Option(names = "--tile", defaultValue = "256", description = "Tile edge in input pixels; larger is faster and uses more memory (default: ${DEFAULT-VALUE}).")
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
        return CommandFailures.run(spec.commandLine().getErr(), () -> {
            String modelId = model != null ? model : defaultModel(scale);
            BufferedImage image = ImageFiles.read(input);
            try (UpscaleBackend backend = new UpscaleBackend(ModelLocations.modelsDir(modelsDir), tile)) {
                List<String> installed = backend.models().stream().map(ModelInfo::id).toList();
                if (!installed.contains(modelId)) {
                    throw new InvalidParametersException("--model", modelId, "is not installed; installed: " + installed + " (run easel models fetch)");
                }
                // The back end checks the scale against the scales this model has weights for.
                Map<String, Object> parameters = Map.of("scale", (long) scale);

                long start = System.nanoTime();
                JobInput job = new JobInput("cli", parameters, image);
                BatchRequest request = new BatchRequest(modelId, Capability.UPSCALE, List.of(job));
                JobOutput result = backend.run(request, ProgressListener.NONE, new CancellationSignal()).get(0);
                OutputImage png = result.images().get(0);
                ImageFiles.write(output, png.bytes());
                out.printf("wrote %s (%dx%d -> %dx%d with %s, %.1f s)%n", output, image.getWidth(), image.getHeight(),
                        png.width(), png.height(), modelId, (System.nanoTime() - start) / 1e9);
                out.flush();
            }
            return CommandFailures.EXIT_OK;
        });
    }
}
