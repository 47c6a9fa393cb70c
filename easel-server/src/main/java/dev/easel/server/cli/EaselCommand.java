package dev.easel.server.cli;

import dev.easel.engine.cli.UsageErrorHandler;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code easel} command line: starts the server and runs the model and simulator tools.
 *
 * <p>Each subcommand lives in the module it belongs to and is registered here. Run without a
 * subcommand it prints its usage on standard error and exits 2, the exit code of every usage error
 * (see {@link dev.easel.engine.cli.UsageErrorHandler}); {@code easel --help} exits 0.
 */
@Command(
        name = "easel",
        mixinStandardHelpOptions = true,
        version = "easel 0.1.0",
        description = "Generation platform for AIGC image products.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ServeCommand.class,
            dev.easel.engine.cli.GenerateCommand.class,
            dev.easel.engine.cli.ModelsCommand.class,
            dev.easel.engine.cli.RemoveBackgroundCommand.class,
            dev.easel.engine.cli.UpscaleCommand.class,
            dev.easel.sim.cli.SimulateCommand.class,
        })
public final class EaselCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return spec.exitCodeOnInvalidInput();
    }

    public static void main(String[] args) {
        boolean serving = args.length > 0 && args[0].equals("serve");
        if (!serving && System.getProperty("logback.configurationFile") == null) {
            // The tools print results on stdout, so their logs must not land there.
            System.setProperty("logback.configurationFile", "easel-cli-logback.xml");
        }
        CommandLine commandLine = UsageErrorHandler.applyTo(new CommandLine(new EaselCommand()));
        int exitCode = commandLine.execute(args);
        System.exit(exitCode);
    }
}
