package dev.easel.catalog;

import dev.easel.catalog.example.Example;
import dev.easel.catalog.load.CatalogContents;
import dev.easel.catalog.load.CatalogLoader;
import dev.easel.catalog.load.CatalogSource;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.scene.Scene;
import dev.easel.catalog.template.PromptTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every object version this catalog has loaded, kept after the catalog moves on so that a task
 * can be reproduced with the exact versions it recorded.
 *
 * <p>An object version never changes: a load that brings the same id and version with different
 * content is rejected (see {@link #conflicts}). With a durable {@link ArchiveStore}, the versions of
 * earlier runs are read back at start ({@link #restore}), so this rule and reproduction both hold
 * across restarts. Thread-safe; lookups do not block.
 */
public final class CatalogArchive {

    private static final Logger log = LoggerFactory.getLogger(CatalogArchive.class);

    private final Map<String, Object> objects = new ConcurrentHashMap<>();
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();

    /** Returns a pipeline version, if it was ever loaded. */
    public Optional<Pipeline> pipeline(String id, int version) {
        return find("pipeline:" + id + "@" + version, Pipeline.class);
    }

    /** Returns a template version, if it was ever loaded. */
    public Optional<PromptTemplate> template(String id, int version) {
        return find("template:" + id + "@" + version, PromptTemplate.class);
    }

    /** Returns a scene version, if it was ever loaded. */
    public Optional<Scene> scene(String id, int version) {
        return find("scene:" + id + "@" + version, Scene.class);
    }

    /** Returns an example version, if it was ever loaded. */
    public Optional<Example> example(String id, int version) {
        return find("example:" + id + "@" + version, Example.class);
    }

    /** Returns a model version by its concrete label (never an alias), if it was ever loaded. */
    public Optional<ModelVersion> modelVersion(String modelId, String version) {
        return find("model:" + modelId + "@" + version, ModelVersion.class);
    }

    /** Returns a snapshot of every archived object by key, for example {@code pipeline:cutout@2}. */
    public Map<String, Object> objects() {
        return Map.copyOf(objects);
    }

    /**
     * Returns one error per object version in {@code contents} that the archive contains with
     * different content.
     */
    List<CatalogError> conflicts(CatalogContents contents) {
        List<CatalogError> errors = new ArrayList<>();
        contents.fingerprints().forEach((key, hash) -> {
            String known = fingerprints.get(key);
            if (known != null && !known.equals(hash)) {
                String version = key.substring(key.lastIndexOf('@') + 1);
                String path = key.startsWith("model:") ? "versions" : "version";
                errors.add(new CatalogError(contents.files().get(key), path, "content changed but version "
                        + version + " was already loaded with other content; raise the version so that tasks that"
                        + " recorded version " + version + " stay reproducible"));
            }
        });
        return errors;
    }

    /**
     * Reads stored versions back, each from its file's text, and returns how many were restored.
     * A version whose file no longer reads (for example after a rule of the loader changed) is
     * skipped with a warning, so reproducing it fails later with "not in the catalog archive".
     */
    synchronized int restore(List<ArchivedVersion> stored, CatalogLoader loader) {
        int restored = 0;
        for (ArchivedVersion version : stored) {
            Object object;
            try {
                object = versionOf(loader.readOne(version.file(), version.source()), version.key());
            } catch (CatalogException e) {
                log.atWarn().addKeyValue("key", version.key()).addKeyValue("file", version.file()).addKeyValue("error", e instanceof CatalogInvalidException invalid ? invalid.errors().get(0).toString() : e.getMessage())
                        .log("archived catalog version no longer reads; tasks that recorded it cannot be reproduced");
                continue;
            }
            if (object == null) {
                log.atWarn().addKeyValue("key", version.key()).addKeyValue("file", version.file())
                        .log("archived catalog file does not hold the version it was stored for; skipped");
                continue;
            }
            objects.putIfAbsent(version.key(), object);
            fingerprints.putIfAbsent(version.key(), version.fingerprint());
            restored++;
        }
        return restored;
    }

    /**
     * Returns the object versions of a valid load that the archive does not hold yet, each with
     * the text of its file, ready for {@link ArchiveStore#save}.
     */
    List<ArchivedVersion> newVersions(CatalogContents contents, CatalogSource source) {
        List<ArchivedVersion> fresh = new ArrayList<>();
        contents.fingerprints().forEach((key, hash) -> {
            if (!fingerprints.containsKey(key)) {
                String file = contents.files().get(key);
                fresh.add(new ArchivedVersion(key, file, hash, source.files().get(file)));
            }
        });
        return fresh;
    }

    /** Adds every object version of a valid load. Call only after {@link #conflicts} returned none. */
    synchronized void add(CatalogContents contents) {
        for (Model model : contents.models().values()) {
            for (ModelVersion version : model.versions()) {
                objects.putIfAbsent("model:" + version.versionedId(), version);
            }
        }
        contents.pipelines().values().forEach(p -> objects.putIfAbsent("pipeline:" + p.id() + "@" + p.version(), p));
        contents.templates().values().forEach(t -> objects.putIfAbsent("template:" + t.id() + "@" + t.version(), t));
        contents.scenes().values().forEach(s -> objects.putIfAbsent("scene:" + s.id() + "@" + s.version(), s));
        contents.examples().values().forEach(e -> objects.putIfAbsent("example:" + e.id() + "@" + e.version(), e));
        contents.fingerprints().forEach(fingerprints::putIfAbsent);
    }

    /** Returns the object a key names inside an object read from its file: for a model, one of its versions. */
    private static Object versionOf(Object object, String key) {
        if (object instanceof Model model) {
            String version = key.substring(key.lastIndexOf('@') + 1);
            return model.version(version).orElse(null);
        }
        return object;
    }

    private <T> Optional<T> find(String key, Class<T> type) {
        Object object = objects.get(key);
        return type.isInstance(object) ? Optional.of(type.cast(object)) : Optional.empty();
    }
}
