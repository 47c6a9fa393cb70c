package dev.easel.engine;

import java.util.Objects;
import java.util.Set;

/**
 * A model version that a back end serves.
 *
 * @param id           model id, for example {@code tiny-sd}
 * @param version      version label, for example {@code 1}
 * @param capabilities what the model can do
 * @param schema       parameters with defaults and limits
 * @param fileHash     sha256 of the model weights (hex), recorded in recipes
 * @param maxBatch     largest batch the back end runs for one batch key
 * @param licence      licence of the weights, shown to users (SPDX id where one exists)
 */
public record ModelInfo(
        String id,
        String version,
        Set<Capability> capabilities,
        ParameterSchema schema,
        String fileHash,
        int maxBatch,
        String licence) {

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        capabilities = Set.copyOf(capabilities);
        Objects.requireNonNull(schema, "schema");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
    }

    /** Returns {@code id@version}, the name used in batch keys and recipes. */
    public String versionedId() {
        return id + "@" + version;
    }
}
