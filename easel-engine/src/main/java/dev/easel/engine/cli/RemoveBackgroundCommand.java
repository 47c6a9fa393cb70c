package dev.easel.engine.cli;

import dev.easel.engine.BackendUnavailableException;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.bgremoval.BackgroundRemovalBackend;
import dev.easel.engine.fetch.ModelLocations;
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

/** {@code easel remove-bg IN OUT}: cuts the subject out of a photo with IS-Net. Exit codes as in {@link CommandFailures}. */
@Command(
        name = "remove-bg",
        mixinStandardHelpOptions = true,
        description = {
            "Remove the background of a photo with the IS-Net model and write an RGBA PNG (or the mask alone).",
            "Install the model first: easel models fetch --only isnet (its weights are AGPL-3.0)."
        })
public final class RemoveBackgroundCommand implements Callable<Integer> {

    /** Engine parameter names and their command-line names. */
    private static final Map<String, String> OPTION_NAMES = Map.of("image", "IN", "mask_only", "--mask-only");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Input image: PNG, JPEG, GIF, BMP or TIFF.")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file, ending in .png; parent folders are created. Must not be IN.")
    private Path output;

    @Option(names = "--mask-only", description = "Write the greyscale foreground mask instead of the cut-out.")
    private boolean maskOnly;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Folder of installed models (default: $" + ModelLocations.MODELS_DIR_ENV + ", else ./data/models).")
    private Path modelsDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandFailures.run(spec.commandLine().getErr(), OPTION_NAMES, () -> {
            // 1. The output path and the input, before the model loads.
            OutputLocations.preparePngFile(output, "OUT", input);
            ImageFiles.InputImage image = ImageFiles.read(input, "IN");

            // 2. The model, then the run.
            Path folder = ModelLocations.modelsDir(modelsDir);
            try (BackgroundRemovalBackend backend = new BackgroundRemovalBackend(folder)) {
                if (backend.models().isEmpty()) {
                    throw new BackendUnavailableException(ModelInstallHint.notInstalled(BackgroundRemovalBackend.MODEL_ID, folder, modelsDir), null);
                }
                long start = System.nanoTime();
                JobInput job = new JobInput("cli", Map.of("mask_only", maskOnly, ImageFiles.INPUT_SHA256, image.sha256()), image.image());
                BatchRequest request = new BatchRequest(BackgroundRemovalBackend.MODEL_ID, Capability.REMOVE_BACKGROUND, List.of(job));
                JobOutput result = backend.run(request, ProgressListener.NONE, new CancellationSignal()).get(0);
                ImageFiles.write(output, result.images().get(0).bytes());
                out.printf("wrote %s (%dx%d, %s, %.1f s)%n", output, image.image().getWidth(), image.image().getHeight(),
                        maskOnly ? "mask" : "RGBA", (System.nanoTime() - start) / 1e9);
                out.flush();
            }
            return CommandFailures.EXIT_OK;
        });
    }
}
