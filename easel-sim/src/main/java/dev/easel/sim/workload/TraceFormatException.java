package dev.easel.sim.workload;

/** Thrown when a trace or latency file cannot be parsed; the message names the file, line and column. */
public final class TraceFormatException extends IllegalArgumentException {

    public TraceFormatException(String message) {
        super(message);
    }
}
