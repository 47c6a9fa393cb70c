package dev.easel.engine.onnx;

/**
 * Thread, execution-provider and memory settings of ONNX Runtime sessions.
 *
 * @param intraOpThreads threads that one operator may use, 0 to {@value #MAX_THREADS}; 0 lets ONNX
 *                       Runtime choose (one per physical core)
 * @param interOpThreads threads that run independent operators in parallel, 0 to
 *                       {@value #MAX_THREADS}; 0 lets ONNX Runtime choose. Only used by the parallel execution mode, which Easel does not enable
 * @param cuda           whether to run on the CUDA execution provider when the library has it
 * @param cudaDeviceId   CUDA device ordinal, used only when {@code cuda} is set
 * @param cpuArena       whether the CPU allocator keeps freed memory in an arena for reuse
 * @param memoryPattern  whether ONNX Runtime plans memory from the first run's shapes
 */
public record OnnxSettings(int intraOpThreads, int interOpThreads, boolean cuda, int cudaDeviceId, boolean cpuArena, boolean memoryPattern) {

    /**
     * Largest thread count accepted for either pool. ONNX Runtime starts every thread up front,
     * and each one reserves a stack, so a mistyped count such as 100000 would exhaust memory
     * before the first run. 256 is above the core count of current CPU servers.
     */
    public static final int MAX_THREADS = 256;

    public OnnxSettings {
        checkThreads("intraOpThreads", intraOpThreads);
        checkThreads("interOpThreads", interOpThreads);
        if (cudaDeviceId < 0) {
            throw new IllegalArgumentException("cudaDeviceId must be 0 or more, was " + cudaDeviceId);
        }
    }

    private static void checkThreads(String name, int threads) {
        if (threads < 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException(name + " must be 0 (automatic) to " + MAX_THREADS + ", was " + threads);
        }
    }

    /** Settings with the CPU arena and memory patterns on, as ONNX Runtime defaults them. */
    public OnnxSettings(int intraOpThreads, int interOpThreads, boolean cuda, int cudaDeviceId) {
        this(intraOpThreads, interOpThreads, cuda, cudaDeviceId, true, true);
    }

    /** CPU only, thread counts chosen by ONNX Runtime, arena and memory patterns on. */
    public static OnnxSettings defaults() {
        return new OnnxSettings(0, 0, false, 0);
    }

    /** Returns these settings with a fixed number of intra-operator threads. */
    public OnnxSettings withIntraOpThreads(int threads) {
        return new OnnxSettings(threads, interOpThreads, cuda, cudaDeviceId, cpuArena, memoryPattern);
    }

    /** Returns these settings with CUDA requested on the given device. */
    public OnnxSettings withCuda(int deviceId) {
        return new OnnxSettings(intraOpThreads, interOpThreads, true, deviceId, cpuArena, memoryPattern);
    }

    /**
     * Returns these settings with the CPU arena and memory patterns off, for models whose input
     * shapes change from run to run (for example tiles of different sizes), where both would
     * otherwise keep memory for every shape seen.
     */
    public OnnxSettings forVariableShapes() {
        return new OnnxSettings(intraOpThreads, interOpThreads, cuda, cudaDeviceId, false, false);
    }
}
