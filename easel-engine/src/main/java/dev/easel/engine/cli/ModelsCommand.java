package dev.easel.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code easel models}: the parent of the model set-up commands. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Installs the pretrained models Easel runs in process (see the fetch subcommand).",
        subcommands = {FetchCommand.class})
public final class ModelsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
