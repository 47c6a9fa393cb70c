package dev.easel.server.worker;

import dev.easel.engine.ModelBackend;
import dev.easel.engine.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model back ends this server hosts and the models each serves. Immutable after construction;
 * thread-safe.
 */
public final class BackendRegistry implements AutoCloseable {

    /**
     * A model and the back end that runs it.
     *
     * @param info    the model
     * @param backend its back end
     */
    public record ServedModel(ModelInfo info, ModelBackend backend) {
    }

    private static final Logger log = LoggerFactory.getLogger(BackendRegistry.class);

    private final List<ModelBackend> backends;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private volatile boolean leaked;

    /** @throws IllegalArgumentException when two back ends serve the same model id */
    public BackendRegistry(List<ModelBackend> backends) {
        this.backends = List.copyOf(backends);
        for (ModelBackend backend : backends) {
            for (ModelInfo info : backend.models()) {
                ServedModel previous = models.putIfAbsent(info.id(), new ServedModel(info, backend));
                if (previous != null) {
                    throw new IllegalArgumentException("model " + info.id() + " is served by both back end "
                            + previous.backend().id() + " and " + backend.id() + "; enable only one of them");
                }
            }
        }
    }

    /** Returns the model with this id. */
    public Optional<ServedModel> find(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    /** Returns every served model, in back-end order. */
    public List<ServedModel> models() {
        return new ArrayList<>(models.values());
    }

    /**
     * Makes {@link #close()} leave every back end open: a back-end call is still running, and
     * closing a native session under it would crash the process. Called at shutdown only.
     */
    public void leaveOpen() {
        leaked = true;
    }

    @Override
    public void close() {
        if (leaked) {
            log.atWarn().log("back ends left open: a model call was still running at shutdown");
            return;
        }
        for (ModelBackend backend : backends) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("backend", backend.id()).setCause(e).log("closing a back end failed");
            }
        }
    }
}
