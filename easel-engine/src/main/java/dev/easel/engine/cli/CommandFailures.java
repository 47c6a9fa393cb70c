package dev.easel.engine.cli;

import dev.easel.engine.EngineException;
import dev.easel.engine.InvalidParametersException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns its failures into one {@code error: ...} line and an exit code,
 * so a user never sees a stack trace.
 *
 * <p>The convention of every Easel tool command:
 * <ul>
 *   <li>0: success.
 *   <li>2: invalid input or usage. The line reads {@code error: invalid NAME VALUE: RULE}, where
 *       NAME is the option ({@code --scale}) or the argument ({@code IN}, {@code OUT}) as the
 *       help shows it, VALUE is the value as given, and RULE states what it must be. A value that
 *       picocli cannot parse also exits 2 (see {@link UsageErrorHandler}).
 *   <li>1: the environment or an operation failed although the input was valid: npm missing, a
 *       hash mismatch, a model that is not installed (the line gives the command that installs
 *       it), an installed model file that ONNX Runtime cannot load, a disk that fills up.
 * </ul>
 */
final class CommandFailures {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_INVALID_INPUT = 2;

    private CommandFailures() {
    }

    /** Runs {@code body}; engine parameter names are printed as they are. */
    static int run(PrintWriter err, Callable<Integer> body) {
        return run(err, Map.of(), body);
    }

    /**
     * Runs {@code body}.
     *
     * @param optionNames command-line names of engine parameters, for example {@code scale} to
     *                    {@code --scale}; parameters not listed are printed as they are
     */
    static int run(PrintWriter err, Map<String, String> optionNames, Callable<Integer> body) {
        try {
            return body.call();
        } catch (InvalidParametersException e) {
            err.println(invalidLine(e, optionNames));
            return EXIT_INVALID_INPUT;
        } catch (EngineException | IOException | UncheckedIOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (Exception e) {
            err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } finally {
            err.flush();
        }
    }

    /** Returns {@code error: invalid NAME VALUE: RULE}, or {@code error: invalid NAME: RULE} without a value. */
    static String invalidLine(InvalidParametersException e, Map<String, String> optionNames) {
        String name = optionNames.getOrDefault(e.field(), e.field());
        String value = e.value() == null ? "" : " " + e.value();
        return "error: invalid " + name + value + ": " + e.rule();
    }
}
