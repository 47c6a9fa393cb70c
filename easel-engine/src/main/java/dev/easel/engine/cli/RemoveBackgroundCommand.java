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
import java.awt.image.BufferedImage;
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
            "Removes the background of a photo with the IS-Net model and writes an RGBA PNG (or the mask alone).",
            "Install the model first: easel models fetch --only isnet (its weights are AGPL-3.0)."
        })
public final class RemoveBackgroundCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Input image: PNG, JPEG, GIF, BMP or TIFF.")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output PNG file; parent folders are created.")
    private Path output;

    @Option(names = "--mask-only", description = "Write the greyscale foreground mask instead of the cut-out.")
    private boolean maskOnly;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Folder of installed models (default: $" + ModelLocations.MODELS_DIR_ENV + ", else ./data/models).")
    private Path modelsDir;

    @Override
    public Integer call() {
        return CommandFailures.run(spec.commandLine().getErr(), () -> {
            BufferedImage image = ImageFiles.read(input);
            try (BackgroundRemovalBackend backend = new BackgroundRemovalBackend(ModelLocations.modelsDir(modelsDir))) {
                long start = System.nanoTime();
                JobInput job = new JobInput("cli", Map.of("mask_only", maskOnly), image);
                BatchRequest request = new BatchRequest(BackgroundRemovalBackend.MODEL_ID, Capability.REMOVE_BACKGROUND, List.of(job));
                if (backend.models().isEmpty()) {
                    throw new BackendUnavailableException("model " + BackgroundRemovalBackend.MODEL_ID + " is not installed in "
                            + ModelLocations.modelsDir(modelsDir).toAbsolutePath() + "; run: easel models fetch --only " + BackgroundRemovalBackend.MODEL_ID, null);
                }
                JobOutput result = backend.run(request, ProgressListener.NONE, new CancellationSignal()).get(0);
                ImageFiles.write(output, result.images().get(0).bytes());
                spec.commandLine().getOut().printf("wrote %s (%dx%d, %s, %.1f s)%n", output, image.getWidth(), image.getHeight(),
                        maskOnly ? "mask" : "RGBA", (System.nanoTime() - start) / 1e9);
                spec.commandLine().getOut().flush();
            }
            return CommandFailures.EXIT_OK;
        });
    }
}
