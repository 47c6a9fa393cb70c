package dev.easel.catalog;

import dev.easel.catalog.example.Example;
import dev.easel.catalog.load.CatalogContents;
import dev.easel.catalog.load.CatalogSource;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.model.ModelRef;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.scene.Scene;
import dev.easel.catalog.template.PromptTemplate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent, immutable snapshot of the catalog: the objects of one valid load plus the alias
 * targets in force. A reader takes one snapshot per request, and later changes do not affect it.
 */
public final class Catalog {

    private final long revision;
    private final Instant loadedAt;
    private final CatalogContents contents;
    private final Map<String, Map<String, String>> aliases;
    private final CatalogArchive archive;
    private final Path root;

    Catalog(long revision, Instant loadedAt, CatalogContents contents, Map<String, Map<String, String>> aliases,
            CatalogArchive archive, Path root) {
        this.revision = revision;
        this.loadedAt = loadedAt;
        this.contents = contents;
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        aliases.forEach((model, targets) -> copy.put(model, Collections.unmodifiableMap(new LinkedHashMap<>(targets))));
        this.aliases = Collections.unmodifiableMap(copy);
        this.archive = archive;
        this.root = root;
    }

    /** Returns a number that grows with every applied reload or alias switch. */
    public long revision() {
        return revision;
    }

    /** Returns when this snapshot took effect. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** Returns the catalog folder, or empty for a catalog built from in-memory files. */
    public Optional<Path> root() {
        return Optional.ofNullable(root);
    }

    /** Returns every object version this process has loaded, for reproducing old tasks. */
    public CatalogArchive archive() {
        return archive;
    }

    public Collection<Model> models() {
        return contents.models().values();
    }

    public Collection<Pipeline> pipelines() {
        return contents.pipelines().values();
    }

    public Collection<PromptTemplate> templates() {
        return contents.templates().values();
    }

    public Collection<Scene> scenes() {
        return contents.scenes().values();
    }

    public Collection<Example> examples() {
        return contents.examples().values();
    }

    public Optional<Model> model(String id) {
        return Optional.ofNullable(contents.models().get(id));
    }

    public Optional<Pipeline> pipeline(String id) {
        return Optional.ofNullable(contents.pipelines().get(id));
    }

    public Optional<PromptTemplate> template(String id) {
        return Optional.ofNullable(contents.templates().get(id));
    }

    public Optional<Scene> scene(String id) {
        return Optional.ofNullable(contents.scenes().get(id));
    }

    public Optional<Example> example(String id) {
        return Optional.ofNullable(contents.examples().get(id));
    }

    /** Returns a model's aliases in force (YAML targets overlaid by admin switches), alias to version. */
    public Map<String, String> aliases(String modelId) {
        return aliases.getOrDefault(modelId, Map.of());
    }

    /** Returns the version an alias points at now, if the model has that alias. */
    public Optional<String> aliasTarget(String modelId, String alias) {
        return Optional.ofNullable(aliases(modelId).get(alias));
    }

    /**
     * Resolves a model reference ({@code id}, {@code id@version} or {@code id@alias}) to a concrete
     * version, following aliases as they stand in this snapshot.
     *
     * @throws UnknownObjectException when the model, version or alias does not exist
     */
    public ModelVersion resolveModel(String reference) {
        ModelRef ref = ModelRef.parse(reference);
        Model model = model(ref.modelId()).orElseThrow(() -> new UnknownObjectException(ObjectKind.MODEL, reference,
                "model \"" + ref.modelId() + "\" does not exist"));
        String label = aliases(model.id()).getOrDefault(ref.selector(), ref.selector());
        return model.version(label).orElseThrow(() -> new UnknownObjectException(ObjectKind.MODEL, reference,
                "\"" + ref.selector() + "\" is neither a version nor an alias of model " + model.id()));
    }

    /**
     * Returns the file an asset reference names, for example {@code asset:assets/photos/coffee.png}
     * or a cover path such as {@code assets/covers/coffee.jpg}.
     *
     * @return the file inside the catalog folder, or empty when the reference names no regular
     *         file there (see {@link CatalogSource#resolveAsset}) or the catalog has no folder
     */
    public Optional<Path> asset(String reference) {
        String relative = reference.startsWith("asset:") ? reference.substring("asset:".length()) : reference;
        return root == null ? Optional.empty() : CatalogSource.resolveAsset(root, relative);
    }

    CatalogContents contents() {
        return contents;
    }

    Map<String, Map<String, String>> allAliases() {
        return aliases;
    }
}
