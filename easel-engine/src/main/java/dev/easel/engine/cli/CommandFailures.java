package dev.easel.engine.cli;

import dev.easel.engine.EngineException;
import dev.easel.engine.InvalidParametersException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns its failures into one {@code error: ...} line and an exit code,
 * so a user never sees a stack trace: 2 for invalid input (a bad parameter or image), 1 for any
 * other failure (npm missing, a hash mismatch, a model not installed, an I/O error).
 */
final class CommandFailures {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_INVALID_INPUT = 2;

    private CommandFailures() {
    }

    static int run(PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (InvalidParametersException e) {
            err.println("error: invalid " + e.getMessage());
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
}
