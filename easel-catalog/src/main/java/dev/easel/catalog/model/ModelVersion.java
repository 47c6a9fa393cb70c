package dev.easel.catalog.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One immutable version of a model: where its weights are, which back end runs it, and the
 * parameters it accepts.
 *
 * <p>Exactly one of {@code folder} and {@code remote} is set.
 *
 * @param modelId          id of the model this version belongs to
 * @param version          version label, unique within the model, for example {@code 1}
 * @param backend          id of the back end that serves it, for example {@code onnx-sd}
 * @param folder           model folder as the back end expects it, or {@code null}; the server
 *                         resolves a relative path against its working directory
 * @param remote           model name on a remote back end, or {@code null}
 * @param fileHash         sha256 of the weights as 64 lower-case hex digits, or {@code null} when
 *                         the catalog leaves it to the back end to report
 * @param capabilities     capability wire names this version supports
 * @param parameters       accepted parameters by name, in YAML order
 * @param costPriorSeconds estimated accelerator-seconds of one job at default parameters, used
 *                         before the scheduler has observed real run times
 */
public record ModelVersion(
        String modelId,
        String version,
        String backend,
        String folder,
        String remote,
        String fileHash,
        Set<String> capabilities,
        Map<String, ParameterLimit> parameters,
        double costPriorSeconds) {

    public ModelVersion {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(backend, "backend");
        capabilities = Set.copyOf(capabilities);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Returns {@code id@version}, the concrete name used in batch keys and recipes. */
    public String versionedId() {
        return modelId + "@" + version;
    }
}
