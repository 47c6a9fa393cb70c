package dev.easel.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The message for a model that is not installed, with the command that installs it. */
final class ModelInstallHint {

    private ModelInstallHint() {
    }

    /**
     * Returns, for example, {@code model isnet is not installed in /srv/models; run: easel models
     * fetch --only isnet}. The command repeats {@code --models-dir} when the user gave one.
     *
     * @param folder      the models folder that was searched
     * @param modelsDirOption the {@code --models-dir} value as given, or {@code null}
     */
    static String notInstalled(String modelId, Path folder, Path modelsDirOption) {
        String where = Files.isDirectory(folder)
                ? "is not installed in " + folder.toAbsolutePath()
                : "is not installed: the models folder " + folder.toAbsolutePath() + " does not exist";
        String command = "easel models fetch --only " + modelId + (modelsDirOption == null ? "" : " --models-dir " + modelsDirOption);
        return "model " + modelId + " " + where + "; run: " + command;
    }
}
