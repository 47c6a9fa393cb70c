package dev.easel.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code easel models}: the parent of the model set-up commands. Run without a subcommand it
 * prints its usage on standard error and exits 2, as for any other incomplete command line.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Install the pretrained models Easel runs in process (see the fetch subcommand).",
        subcommands = {FetchCommand.class})
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return CommandFailures.EXIT_INVALID_INPUT;
    }
}
