package dev.easel.engine.upscale;

import dev.easel.engine.Capability;
import dev.easel.engine.ModelBackend;
import dev.easel.engine.PretrainedBackendContract;
import dev.easel.engine.fetch.FetchedModels;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The back-end contract on the UpscalerJS slim model at 3×, the cheapest upscaler to run. */
class UpscaleContractTest extends PretrainedBackendContract {

    private static UpscaleBackend backend;

    @BeforeAll
    static void open() {
        backend = new UpscaleBackend(FetchedModels.modelsDir());
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Override
    protected ModelBackend backend() {
        return backend;
    }

    @Override
    protected String modelId() {
        return "esrgan-slim";
    }

    @Override
    protected Capability capability() {
        return Capability.UPSCALE;
    }

    @Override
    protected Map<String, Object> parameters() {
        return Map.of("scale", 3L);
    }

    @Override
    protected int[] outputSize(int width, int height) {
        return new int[] {width * 3, height * 3};
    }

    /** Returns false: the model lists the hash of its 4× weights, and a 3× job records the 3× file's hash. */
    @Override
    protected boolean isRecipeHashTheModelHash() {
        return false;
    }
}
