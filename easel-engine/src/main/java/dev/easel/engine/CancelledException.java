package dev.easel.engine;

/** The batch stopped at a step boundary because its caller cancelled it. */
public class CancelledException extends EngineException {

    public CancelledException() {
        super("cancelled");
    }
}
