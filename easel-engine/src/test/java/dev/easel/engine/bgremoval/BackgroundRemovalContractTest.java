package dev.easel.engine.bgremoval;

import dev.easel.engine.Capability;
import dev.easel.engine.ModelBackend;
import dev.easel.engine.PretrainedBackendContract;
import dev.easel.engine.fetch.FetchedModels;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class BackgroundRemovalContractTest extends PretrainedBackendContract {

    private static BackgroundRemovalBackend backend;

    @BeforeAll
    static void open() {
        backend = new BackgroundRemovalBackend(FetchedModels.modelsDir());
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
        return BackgroundRemovalBackend.MODEL_ID;
    }

    @Override
    protected Capability capability() {
        return Capability.REMOVE_BACKGROUND;
    }

    @Override
    protected Map<String, Object> parameters() {
        return Map.of("mask_only", false);
    }

    @Override
    protected int[] outputSize(int width, int height) {
        return new int[] {width, height};
    }
}
