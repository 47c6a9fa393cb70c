package dev.easel.engine.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Prints a command-line parse error (an unknown option, a missing argument, a value of the wrong
 * type) as two lines instead of picocli's full usage text, and exits 2 like every other invalid
 * input (see {@link CommandFailures}):
 *
 * <pre>
 * error: invalid value for option '--seed': 'abc' is not a long number
 * Run 'easel generate --help' for usage.
 * </pre>
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {

    private static final String ROOT_COMMAND = "easel";

    /** Installs this handler on {@code commandLine} and all its subcommands, and returns it. */
    public static CommandLine applyTo(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + lowerFirst(exception.getMessage()));
        err.println("Run '" + commandPath(command) + " --help' for usage.");
        err.flush();
        return CommandFailures.EXIT_INVALID_INPUT;
    }

    /** Returns the command as a user types it, for example {@code easel models fetch}. */
    static String commandPath(CommandLine command) {
        String path = command.getCommandSpec().qualifiedName(" ");
        return path.equals(ROOT_COMMAND) || path.startsWith(ROOT_COMMAND + " ") ? path : ROOT_COMMAND + " " + path;
    }

    private static String lowerFirst(String message) {
        if (message == null || message.isEmpty()) {
            return "cannot parse the command line";
        }
        return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
