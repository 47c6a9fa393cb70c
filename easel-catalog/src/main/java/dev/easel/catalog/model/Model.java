package dev.easel.catalog.model;

import dev.easel.catalog.LocalizedText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model as algorithm engineers publish it: several versions and aliases that point at them.
 *
 * <p>An alias such as {@code stable} in {@code sd15@stable} names one version. Switching an alias
 * is how a new version goes live; the targets here are those written in YAML, and
 * {@link dev.easel.catalog.Catalog#aliasTarget} returns the one in force after admin switches.
 *
 * @param id       model id, for example {@code tiny-sd}
 * @param title    display name in both languages
 * @param versions versions in YAML order, at least one
 * @param aliases  alias name to version label, as written in YAML
 */
public record Model(String id, LocalizedText title, List<ModelVersion> versions, Map<String, String> aliases) {

    /** The alias a bare model id (no {@code @}) resolves through. */
    public static final String DEFAULT_ALIAS = "stable";

    public Model {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        versions = List.copyOf(versions);
        aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    }

    /** Returns the version with this label, if any. */
    public Optional<ModelVersion> version(String label) {
        return versions.stream().filter(v -> v.version().equals(label)).findFirst();
    }
}
