package dev.easel.catalog;

import dev.easel.catalog.load.CatalogContents;
import dev.easel.catalog.load.CatalogLoader;
import dev.easel.catalog.load.CatalogSource;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.model.ModelRef;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.pipeline.Step;
import dev.easel.catalog.pipeline.StepCompatibility;
import dev.easel.catalog.template.TemplateRenderer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in force, loaded from a folder and replaced atomically by reloads and alias switches.
 *
 * <p>Readers call {@link #current()} once per request and work on that snapshot. A reload reads and
 * validates every file first and swaps the snapshot only when all of it is valid, so an invalid
 * change leaves the last good catalog in force. Alias switches made here override the targets
 * written in YAML until switched again, and survive reloads.
 *
 * <p>Thread-safe. Reloads and switches are serialized on one lock; {@link #current()} never blocks.
 */
public final class LiveCatalog {

    private static final Logger log = LoggerFactory.getLogger(LiveCatalog.class);

    private final Path root;
    private final Clock clock;
    private final ArchiveStore store;
    private final TemplateRenderer renderer = new TemplateRenderer();
    private final CatalogLoader loader = new CatalogLoader(renderer);
    private final CatalogArchive archive = new CatalogArchive();
    private final AtomicReference<Catalog> current = new AtomicReference<>();
    private final List<AliasChange> audit = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    /** Admin switches in force: model id to alias to version. Guarded by {@link #lock}. */
    private final Map<String, Map<String, String>> overrides = new LinkedHashMap<>();

    private LiveCatalog(Path root, Clock clock, ArchiveStore store) {
        this.root = root;
        this.clock = clock;
        this.store = store;
    }

    /**
     * Loads the catalog in a folder.
     *
     * @param root    the catalog folder
     * @param clock   clock for snapshot times and audit entries
     * @param history alias changes recorded earlier (for example restored from a database), oldest
     *                first; the last change of each alias is put back in force. A change whose
     *                model, alias or version the files no longer have is dropped with a warning,
     *                so that a catalog edited while the server was down cannot stop it from
     *                starting. May be empty.
     * @throws CatalogInvalidException when the files are invalid
     * @throws java.io.UncheckedIOException when the folder cannot be read
     */
    public static LiveCatalog open(Path root, Clock clock, List<AliasChange> history) {
        return open(root, clock, history, ArchiveStore.NONE);
    }

    /**
     * Loads the catalog in a folder, with the object versions of earlier runs read back from a
     * store and every newly loaded version saved to it before it is put in force.
     *
     * <p>Note that a file whose content changed while the server was down, with its version
     * unchanged, conflicts with the stored version, so the load fails as a reload would.
     *
     * @param store where old versions outlive the process; {@link ArchiveStore#NONE} keeps them in memory only
     * @see #open(Path, Clock, List)
     */
    public static LiveCatalog open(Path root, Clock clock, List<AliasChange> history, ArchiveStore store) {
        LiveCatalog live = new LiveCatalog(root, clock, store);
        int restored = live.archive.restore(store.load(), live.loader);
        if (restored > 0) {
            log.atInfo().addKeyValue("versions", restored).log("archived catalog versions restored");
        }
        for (AliasChange change : history) {
            live.overrides.computeIfAbsent(change.modelId(), id -> new LinkedHashMap<>()).put(change.alias(), change.toVersion());
            live.audit.add(change);
        }
        if (!live.overrides.isEmpty()) {
            live.dropStaleOverrides(live.loader.load(CatalogSource.read(root)));
        }
        live.reload();
        return live;
    }

    /** Returns the folder this catalog is loaded from. */
    public Path root() {
        return root;
    }

    /** Returns the snapshot in force. Never blocks; never {@code null} after {@link #open}. */
    public Catalog current() {
        return current.get();
    }

    /** Returns the renderer that prompt templates of this catalog are rendered with. */
    public TemplateRenderer renderer() {
        return renderer;
    }

    /** Returns the alias switches made so far, oldest first, including restored ones. */
    public List<AliasChange> auditLog() {
        return List.copyOf(audit);
    }

    /**
     * Re-reads the folder and puts the new catalog in force if it is valid.
     *
     * @return the new snapshot
     * @throws CatalogInvalidException when the files are invalid; the previous snapshot stays in force
     * @throws RuntimeException from the {@link ArchiveStore} when new versions cannot be saved; the
     *                          previous snapshot stays in force
     */
    public Catalog reload() {
        synchronized (lock) {
            CatalogSource source = CatalogSource.read(root);
            CatalogContents contents;
            try {
                contents = validated(source);
            } catch (CatalogInvalidException e) {
                log.warn("catalog reload rejected, keeping revision {}: problems={} first=\"{}\"",
                        current.get() == null ? "none" : current.get().revision(), e.errors().size(), e.errors().get(0));
                throw e;
            }
            List<ArchivedVersion> fresh = archive.newVersions(contents, source);
            if (!fresh.isEmpty()) {
                // Stored before the snapshot goes in force, so no task records a version the store lacks.
                store.save(fresh);
            }
            archive.add(contents);
            Catalog next = snapshot(contents, overrides);
            current.set(next);
            log.info("catalog loaded: revision={} models={} pipelines={} templates={} scenes={} examples={}",
                    next.revision(), contents.models().size(), contents.pipelines().size(), contents.templates().size(),
                    contents.scenes().size(), contents.examples().size());
            return next;
        }
    }

    /**
     * Checks a proposed change against the folder as it is now, without applying anything.
     *
     * @param changes file path relative to the catalog root (for example {@code scenes/cutout.yaml})
     *                to its proposed content; a {@code null} content proposes deleting the file
     */
    public ValidationReport validate(Map<String, String> changes) {
        synchronized (lock) {
            try {
                validated(CatalogSource.read(root).withChanges(changes));
                return new ValidationReport(List.of());
            } catch (CatalogInvalidException e) {
                return new ValidationReport(e.errors());
            }
        }
    }

    /**
     * Points an alias at another version of its model.
     *
     * @param modelId model id
     * @param alias   an alias the model's YAML declares, for example {@code stable}
     * @param version the version to point at
     * @param actor   who asked, recorded in the audit list
     * @param reason  free text recorded with the change, or {@code null}
     * @return the new snapshot (unchanged when the alias already points there)
     * @throws UnknownObjectException when the model, alias or version does not exist
     * @throws CatalogInvalidException when a pipeline step that uses the alias cannot run on the version
     */
    public Catalog switchAlias(String modelId, String alias, String version, String actor, String reason) {
        synchronized (lock) {
            return applySwitch(modelId, alias, version, actor, reason, false);
        }
    }

    /**
     * Points an alias back at the version it had before its last switch.
     *
     * @return the new snapshot
     * @throws CatalogException when the alias was never switched
     * @throws CatalogInvalidException when a pipeline step that uses the alias cannot run on that version
     */
    public Catalog rollbackAlias(String modelId, String alias, String actor, String reason) {
        synchronized (lock) {
            AliasChange last = null;
            for (AliasChange change : audit) {
                if (change.modelId().equals(modelId) && change.alias().equals(alias)) {
                    last = change;
                }
            }
            if (last == null) {
                throw new CatalogException("alias " + modelId + "@" + alias + " was never switched, so there is nothing to roll back");
            }
            return applySwitch(modelId, alias, last.fromVersion(), actor, reason, true);
        }
    }

    private Catalog applySwitch(String modelId, String alias, String version, String actor, String reason, boolean rollback) {
        Catalog catalog = current.get();
        Model model = catalog.model(modelId).orElseThrow(() -> new UnknownObjectException(ObjectKind.MODEL, modelId,
                "model \"" + modelId + "\" does not exist"));
        String from = catalog.aliasTarget(modelId, alias).orElseThrow(() -> new UnknownObjectException(ObjectKind.MODEL,
                modelId + "@" + alias, "model " + modelId + " has no alias \"" + alias + "\"; aliases: "
                        + String.join(", ", catalog.aliases(modelId).keySet())));
        ModelVersion target = model.version(version).orElseThrow(() -> new UnknownObjectException(ObjectKind.MODEL,
                modelId + "@" + version, "model " + modelId + " has no version \"" + version + "\""));
        if (from.equals(version)) {
            return catalog;
        }

        Map<String, Map<String, String>> next = copy(overrides);
        next.computeIfAbsent(modelId, id -> new LinkedHashMap<>()).put(alias, target.version());
        List<CatalogError> errors = aliasErrors(catalog.contents(), effectiveAliases(catalog.contents(), next));
        if (!errors.isEmpty()) {
            throw new CatalogInvalidException(errors);
        }

        overrides.clear();
        overrides.putAll(next);
        Catalog snapshot = snapshot(catalog.contents(), overrides);
        current.set(snapshot);
        audit.add(new AliasChange(modelId, alias, from, version, actor, clock.instant(), reason, rollback));
        log.info("alias switched: model={} alias={} from={} to={} actor={} rollback={} revision={}",
                modelId, alias, from, version, actor, rollback, snapshot.revision());
        return snapshot;
    }

    private CatalogContents validated(CatalogSource source) {
        CatalogContents contents = loader.load(source);
        List<CatalogError> errors = new ArrayList<>(archive.conflicts(contents));
        errors.addAll(overrideErrors(contents));
        if (errors.isEmpty()) {
            errors.addAll(aliasErrors(contents, effectiveAliases(contents, overrides)));
        }
        if (!errors.isEmpty()) {
            throw new CatalogInvalidException(errors);
        }
        return contents;
    }

    private void dropStaleOverrides(CatalogContents contents) {
        overrides.forEach((modelId, targets) -> targets.entrySet().removeIf(target -> {
            Model model = contents.models().get(modelId);
            boolean fits = model != null && model.aliases().containsKey(target.getKey()) && model.version(target.getValue()).isPresent();
            if (!fits) {
                log.warn("restored alias switch dropped because the files no longer have its model, alias or version:"
                        + " model={} alias={} version={}", modelId, target.getKey(), target.getValue());
            }
            return !fits;
        }));
    }

    /** Reports admin switches that point at an alias or version the new files no longer have. */
    private List<CatalogError> overrideErrors(CatalogContents contents) {
        List<CatalogError> errors = new ArrayList<>();
        overrides.forEach((modelId, targets) -> targets.forEach((alias, version) -> {
            Model model = contents.models().get(modelId);
            boolean fits = model != null && model.aliases().containsKey(alias) && model.version(version).isPresent();
            if (!fits) {
                String file = contents.files().getOrDefault("model:" + modelId + "@" + version, "models/" + modelId + ".yaml");
                errors.add(new CatalogError(file, "aliases." + alias, "alias " + modelId + "@" + alias
                        + " was switched to version " + version + " through the admin API, and this change removes that alias"
                        + " or version; switch the alias to a version the new files keep, then reload"));
            }
        }));
        return errors;
    }

    /** Checks every pipeline step against the version its model reference resolves to under these aliases. */
    private static List<CatalogError> aliasErrors(CatalogContents contents, Map<String, Map<String, String>> aliases) {
        List<CatalogError> errors = new ArrayList<>();
        for (Pipeline pipeline : contents.pipelines().values()) {
            String file = contents.files().get("pipeline:" + pipeline.id() + "@" + pipeline.version());
            for (int i = 0; i < pipeline.steps().size(); i++) {
                Step step = pipeline.steps().get(i);
                ModelRef ref = ModelRef.parse(step.model());
                Model model = contents.models().get(ref.modelId());
                String label = aliases.getOrDefault(ref.modelId(), Map.of()).getOrDefault(ref.selector(), ref.selector());
                ModelVersion version = model == null ? null : model.version(label).orElse(null);
                if (version == null) {
                    continue;
                }
                for (StepCompatibility.Problem problem : StepCompatibility.check(pipeline, step, version)) {
                    errors.add(new CatalogError(file, "steps[" + i + "]." + problem.path(), problem.message()
                            + " (" + step.model() + " resolves to " + version.versionedId() + ")"));
                }
            }
        }
        return errors;
    }

    private static Map<String, Map<String, String>> effectiveAliases(CatalogContents contents, Map<String, Map<String, String>> overrides) {
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        for (Model model : contents.models().values()) {
            Map<String, String> targets = new LinkedHashMap<>(model.aliases());
            overrides.getOrDefault(model.id(), Map.of()).forEach((alias, version) -> {
                if (targets.containsKey(alias)) {
                    targets.put(alias, version);
                }
            });
            aliases.put(model.id(), targets);
        }
        return aliases;
    }

    private Catalog snapshot(CatalogContents contents, Map<String, Map<String, String>> switches) {
        Catalog previous = current.get();
        long revision = previous == null ? 1 : previous.revision() + 1;
        return new Catalog(revision, clock.instant(), contents, effectiveAliases(contents, switches), archive, root);
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> source) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        source.forEach((model, targets) -> copy.put(model, new LinkedHashMap<>(targets)));
        return copy;
    }
}
