package dev.easel.engine.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.easel.engine.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions with Easel's thread and execution-provider settings.
 *
 * <p>Every session runs on the CPU unless {@link OnnxSettings#cuda()} is set and the loaded
 * ONNX Runtime library has the CUDA execution provider. The {@code onnxruntime} artifact that
 * Easel depends on is the CPU build; the {@code onnxruntime_gpu} artifact (same group, same
 * version) has the CUDA provider. When CUDA is requested but not available the factory logs one
 * warning and uses the CPU, so a configuration written for a GPU worker still starts elsewhere.
 *
 * <p>Thread-safe. Sessions it opens are owned by the caller, who must close them.
 */
public final class OnnxSessionFactory {

    private static final Logger log = LoggerFactory.getLogger(OnnxSessionFactory.class);

    private final OnnxSettings settings;
    private final OrtEnvironment environment;
    private final boolean useCuda;

    /** Creates a factory; cheap, the ONNX Runtime environment is a process-wide singleton. */
    public OnnxSessionFactory(OnnxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.environment = OrtEnvironment.getEnvironment();
        this.useCuda = settings.cuda() && isCudaAvailable();
        if (settings.cuda() && !useCuda) {
            log.warn("CUDA execution provider requested but not in this ONNX Runtime build; using the CPU. "
                    + "Depend on com.microsoft.onnxruntime:onnxruntime_gpu to run on a GPU. providers={}",
                    OrtEnvironment.getAvailableProviders());
        }
    }

    /** Returns a factory with {@link OnnxSettings#defaults()}. */
    public static OnnxSessionFactory cpu() {
        return new OnnxSessionFactory(OnnxSettings.defaults());
    }

    /** Returns whether the loaded ONNX Runtime library has the CUDA execution provider. */
    public static boolean isCudaAvailable() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /** Returns whether sessions from this factory run on CUDA. */
    public boolean usesCuda() {
        return useCuda;
    }

    /** Returns the process-wide ONNX Runtime environment, needed to create tensors. */
    public OrtEnvironment environment() {
        return environment;
    }

    /**
     * Opens a session on one {@code .onnx} file.
     *
     * @throws ModelLoadException when the file is missing or ONNX Runtime cannot load it (for
     *                            example a truncated or corrupt file)
     */
    public OrtSession open(Path modelFile) {
        if (!Files.isRegularFile(modelFile)) {
            throw new ModelLoadException(modelFile, "file not found", null);
        }
        try (SessionOptions options = sessionOptions()) {
            return environment.createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException(modelFile, "ONNX Runtime cannot load this file, it is not a valid ONNX model ("
                    + firstLine(e.getMessage()) + ")", e);
        }
    }

    private SessionOptions sessionOptions() throws OrtException {
        SessionOptions options = new SessionOptions();
        options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(settings.interOpThreads());
        options.setCPUArenaAllocator(settings.cpuArena());
        options.setMemoryPatternOptimization(settings.memoryPattern());
        if (useCuda) {
            options.addCUDA(settings.cudaDeviceId());
        }
        return options;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
