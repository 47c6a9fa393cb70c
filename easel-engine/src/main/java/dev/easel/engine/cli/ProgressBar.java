package dev.easel.engine.cli;

import dev.easel.engine.ProgressListener;
import java.io.PrintWriter;

/**
 * A one-line text progress bar, redrawn in place with a carriage return, for example
 * {@code [##########----------] 10/20 steps}.
 */
final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintWriter target;
    private boolean drawn;

    ProgressBar(PrintWriter target) {
        this.target = target;
    }

    @Override
    public void onStep(int step, int total) {
        int filled = total == 0 ? WIDTH : step * WIDTH / total;
        target.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + step + "/" + total + " steps");
        target.flush();
        drawn = true;
    }

    /** Ends the line after the last step. */
    void finish() {
        if (drawn) {
            target.println();
            target.flush();
        }
    }
}
