package dev.easel.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag that a caller sets to ask a running batch to stop at its next step boundary. */
public final class CancellationSignal {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the batch to stop. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancelledException} when cancellation was requested. */
    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }
}
