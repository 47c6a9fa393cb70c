package dev.easel.server.catalog;

import dev.easel.catalog.Catalog;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.server.worker.BackendRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the catalog's model versions that aliases point at with what the back ends serve (id,
 * version, file hash where both have one) and logs a WARN per mismatch. Scenes that use such a
 * model answer 503 {@code model_unavailable} when submitted, not a 500.
 */
final class ModelCheck {

    private static final Logger log = LoggerFactory.getLogger(ModelCheck.class);

    private ModelCheck() {
    }

    /** Returns one line per mismatch, after logging each as a WARN. */
    static List<String> warn(Catalog catalog, BackendRegistry backends) {
        List<String> problems = new ArrayList<>();
        for (Model model : catalog.models()) {
            Set<String> targets = new LinkedHashSet<>(catalog.aliases(model.id()).values());
            for (String label : targets) {
                model.version(label).flatMap(version -> problem(version, backends)).ifPresent(problems::add);
            }
        }
        for (String problem : problems) {
            log.atWarn().addKeyValue("problem", problem).log("catalog model does not match the back ends");
        }
        return problems;
    }

    private static Optional<String> problem(ModelVersion version, BackendRegistry backends) {
        Optional<BackendRegistry.ServedModel> served = backends.find(version.modelId());
        if (served.isEmpty()) {
            return Optional.of("model " + version.versionedId() + " is served by no back end; tasks that use it answer 503 until"
                    + " a back end serves it (easel.workers.backends, easel models fetch)");
        }
        String servedVersion = served.get().info().version();
        if (!servedVersion.equals(version.version())) {
            return Optional.of("model " + version.versionedId() + " is served as version " + servedVersion
                    + "; tasks that use it answer 503 unless its file hash matches the served one");
        }
        String hash = served.get().info().fileHash();
        if (version.fileHash() != null && hash != null && !hash.equalsIgnoreCase(version.fileHash())) {
            return Optional.of("model " + version.versionedId() + " has file hash " + version.fileHash() + " in the catalog but "
                    + hash + " on its back end");
        }
        return Optional.empty();
    }
}
