package dev.easel.client;

/** {@link EaselClient#waitForCompletion} ran out of time before the task reached a final state. */
public final class EaselTimeoutException extends RuntimeException {

    EaselTimeoutException(String message) {
        super(message);
    }
}
