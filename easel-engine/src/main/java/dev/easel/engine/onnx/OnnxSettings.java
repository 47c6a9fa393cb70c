package dev.easel.engine.onnx;

/**
 * How ONNX Runtime sessions run.
 *
 * @param intraOpThreads threads that one operator may use; 0 lets ONNX Runtime choose (one per
 *                       physical core)
 * @param interOpThreads threads that run independent operators in parallel; 0 lets ONNX Runtime
 *                       choose. Only used by the parallel execution mode, which Easel does not enable
 * @param cuda           whether to run on the CUDA execution provider when the library has it
 * @param cudaDeviceId   CUDA device ordinal, used only when {@code cuda} is set
 */
public record OnnxSettings(int intraOpThreads, int interOpThreads, boolean cuda, int cudaDeviceId) {

    public OnnxSettings {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (automatic) or more, was " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("interOpThreads must be 0 (automatic) or more, was " + interOpThreads);
        }
        if (cudaDeviceId < 0) {
            throw new IllegalArgumentException("cudaDeviceId must be 0 or more, was " + cudaDeviceId);
        }
    }

    /** CPU only, thread counts chosen by ONNX Runtime. */
    public static OnnxSettings defaults() {
        return new OnnxSettings(0, 0, false, 0);
    }

    /** Returns these settings with a fixed number of intra-operator threads. */
    public OnnxSettings withIntraOpThreads(int threads) {
        return new OnnxSettings(threads, interOpThreads, cuda, cudaDeviceId);
    }

    /** Returns these settings with CUDA requested on the given device. */
    public OnnxSettings withCuda(int deviceId) {
        return new OnnxSettings(intraOpThreads, interOpThreads, true, deviceId);
    }
}
