package dev.easel.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveCatalogTest {

    @TempDir
    Path folder;

    private FixtureCatalog fixture;
    private LiveCatalog live;

    @BeforeEach
    void open() {
        fixture = FixtureCatalog.copyInto(folder);
        live = fixture.open();
    }

    @Test
    void reload_validEdit_takesEffectWithNewRevision() {
        fixture.edit("scenes/poster.yaml", "version: 1", "version: 2");
        fixture.edit("scenes/poster.yaml", "title: {en: Poster,", "title: {en: Big poster,");

        Catalog catalog = live.reload();

        assertThat(catalog.revision()).isEqualTo(2);
        assertThat(live.current()).isSameAs(catalog);
        assertThat(catalog.scene("poster").orElseThrow().title().en()).isEqualTo("Big poster");
    }

    @Test
    void reload_invalidEdit_keepsLastGoodCatalog() {
        Catalog before = live.current();
        fixture.edit("scenes/poster.yaml", "version: 1", "version: 2");
        fixture.edit("scenes/poster.yaml", "pipeline: generate", "pipeline: missing");

        assertThatThrownBy(live::reload)
                .isInstanceOfSatisfying(CatalogInvalidException.class, e -> assertThat(e.errors()).extracting(CatalogError::toString)
                        .containsExactly("scenes/poster.yaml: pipeline: pipeline \"missing\" does not exist; pipelines: cut-up, generate"));

        assertThat(live.current()).isSameAs(before);
        assertThat(live.current().scene("poster").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void reload_contentChangedWithoutVersionBump_isRejected() {
        fixture.edit("scenes/poster.yaml", "title: {en: Poster,", "title: {en: Big poster,");

        assertThatThrownBy(live::reload)
                .isInstanceOfSatisfying(CatalogInvalidException.class, e -> assertThat(e.errors()).extracting(CatalogError::toString)
                        .containsExactly("scenes/poster.yaml: version: content changed but version 1 was already loaded with other"
                                + " content; raise the version so that tasks that recorded version 1 stay reproducible"));
        assertThat(live.current().scene("poster").orElseThrow().title().en()).isEqualTo("Poster");
    }

    @Test
    void reload_modelVersionChangedInPlace_isRejected() {
        fixture.edit("models/toy-sd.yaml", "folder: models/toy-sd-1", "folder: models/elsewhere");

        assertThatThrownBy(live::reload)
                .isInstanceOfSatisfying(CatalogInvalidException.class, e -> assertThat(e.errors()).extracting(CatalogError::toString)
                        .containsExactly("models/toy-sd.yaml: versions: content changed but version 1 was already loaded with other"
                                + " content; raise the version so that tasks that recorded version 1 stay reproducible"));
    }

    @Test
    void reload_reorderedKeys_isNoChange() {
        fixture.edit("scenes/cutout.yaml", "id: cutout\nversion: 1", "# reordered\nversion: 1\nid: cutout");

        assertThat(live.reload().revision()).isEqualTo(2);
    }

    @Test
    void validate_proposedChange_reportsWithoutApplying() {
        Catalog before = live.current();
        String good = fixture.edited("scenes/poster.yaml", "version: 1", "version: 2").replace("max: 60", "max: 50");
        String bad = fixture.edited("scenes/poster.yaml", "version: 1", "version: 2").replace("- name: seed", "- name: seeds");

        ValidationReport accepted = live.validate(Map.of("scenes/poster.yaml", good));
        ValidationReport rejected = live.validate(Map.of("scenes/poster.yaml", bad));

        assertThat(accepted.isValid()).isTrue();
        assertThat(rejected.isValid()).isFalse();
        assertThat(rejected.errors()).extracting(CatalogError::toString).contains(
                "scenes/poster.yaml: form.fields[3].name: \"seeds\" is not an input of pipeline generate; inputs: subject, style, steps, seed");
        assertThat(live.current()).isSameAs(before);
        assertThat(fixture.read("scenes/poster.yaml")).contains("version: 1");
    }

    @Test
    void validate_deletingAFileOthersNeed_isRejected() {
        Map<String, String> changes = new HashMap<>();
        changes.put("pipelines/generate.yaml", null);

        ValidationReport report = live.validate(changes);

        assertThat(report.errors()).extracting(CatalogError::toString)
                .contains("scenes/poster.yaml: pipeline: pipeline \"generate\" does not exist; pipelines: cut-up");
    }

    @Test
    void switchAlias_thenRollback_recordsWhoAndWhen() {
        Catalog switched = live.switchAlias("toy-sd", "stable", "2", "alice", "v2 passed review");

        assertThat(switched.aliasTarget("toy-sd", "stable")).contains("2");
        assertThat(switched.resolveModel("toy-sd@stable").versionedId()).isEqualTo("toy-sd@2");
        assertThat(switched.revision()).isEqualTo(2);

        Catalog rolledBack = live.rollbackAlias("toy-sd", "stable", "bob", "v2 is slower");

        assertThat(rolledBack.aliasTarget("toy-sd", "stable")).contains("1");
        Instant at = FixtureCatalog.CLOCK.instant();
        assertThat(live.auditLog()).containsExactly(
                new AliasChange("toy-sd", "stable", "1", "2", "alice", at, "v2 passed review", false),
                new AliasChange("toy-sd", "stable", "2", "1", "bob", at, "v2 is slower", true));
    }

    @Test
    void switchAlias_survivesReload() {
        live.switchAlias("toy-sd", "stable", "2", "alice", null);
        fixture.edit("scenes/cutout.yaml", "version: 1", "version: 2");

        Catalog reloaded = live.reload();

        assertThat(reloaded.aliasTarget("toy-sd", "stable")).contains("2");
        assertThat(reloaded.aliasTarget("toy-sd", "canary")).contains("2");
    }

    @Test
    void switchAlias_incompatibleVersion_isRejected() {
        assertThatThrownBy(() -> live.switchAlias("toy-sd", "stable", "3-narrow", "alice", null))
                .isInstanceOfSatisfying(CatalogInvalidException.class, e -> assertThat(e.errors()).extracting(CatalogError::toString)
                        .contains("pipelines/generate.yaml: steps[0].parameters.steps: is not a parameter of model toy-sd@3-narrow;"
                                + " parameters: prompt (toy-sd@stable resolves to toy-sd@3-narrow)"));

        assertThat(live.current().aliasTarget("toy-sd", "stable")).contains("1");
        assertThat(live.auditLog()).isEmpty();
    }

    @Test
    void switchAlias_unknownAliasOrVersion_isRejected() {
        assertThatThrownBy(() -> live.switchAlias("toy-sd", "beta", "2", "alice", null))
                .isInstanceOf(UnknownObjectException.class)
                .hasMessage("model toy-sd has no alias \"beta\"; aliases: stable, canary");
        assertThatThrownBy(() -> live.switchAlias("toy-sd", "stable", "9", "alice", null))
                .isInstanceOf(UnknownObjectException.class)
                .hasMessage("model toy-sd has no version \"9\"");
        assertThatThrownBy(() -> live.switchAlias("nope", "stable", "1", "alice", null))
                .isInstanceOf(UnknownObjectException.class)
                .hasMessage("model \"nope\" does not exist");
    }

    @Test
    void rollbackAlias_neverSwitched_isRejected() {
        assertThatThrownBy(() -> live.rollbackAlias("toy-sd", "stable", "alice", null))
                .isInstanceOf(CatalogException.class)
                .hasMessage("alias toy-sd@stable was never switched, so there is nothing to roll back");
    }

    @Test
    void reload_removingSwitchedVersion_isRejected() {
        live.switchAlias("toy-sd", "canary", "1", "alice", null);
        live.switchAlias("toy-sd", "stable", "2", "alice", null);
        String withoutVersion2 = fixture.read("models/toy-sd.yaml")
                .replaceAll("(?s)  - version: \"2\".*?(  - version: \"3-narrow\")", "$1")
                .replace("canary: \"2\"", "canary: \"1\"");
        fixture.write("models/toy-sd.yaml", withoutVersion2);

        assertThatThrownBy(live::reload)
                .isInstanceOfSatisfying(CatalogInvalidException.class, e -> assertThat(e.errors()).extracting(CatalogError::toString)
                        .contains("models/toy-sd.yaml: aliases.stable: alias toy-sd@stable was switched to version 2 through the"
                                + " admin API, and this change removes that alias or version; switch the alias to a version the new files keep, then reload"));

        live.switchAlias("toy-sd", "stable", "1", "alice", "before removing version 2");
        assertThat(live.reload().model("toy-sd").orElseThrow().versions()).hasSize(2);
    }

    @Test
    void open_withHistory_restoresSwitchedAliases() {
        Instant earlier = Instant.parse("2025-12-01T00:00:00Z");
        List<AliasChange> history = List.of(new AliasChange("toy-sd", "stable", "1", "2", "carol", earlier, "", false));

        LiveCatalog restored = LiveCatalog.open(folder, FixtureCatalog.CLOCK, history);

        assertThat(restored.current().aliasTarget("toy-sd", "stable")).contains("2");
        assertThat(restored.auditLog()).isEqualTo(history);
        assertThat(restored.rollbackAlias("toy-sd", "stable", "dave", null).aliasTarget("toy-sd", "stable")).contains("1");
    }

    @Test
    void open_withStaleHistory_dropsTheSwitch() {
        Instant earlier = Instant.parse("2025-12-01T00:00:00Z");
        List<AliasChange> history = List.of(
                new AliasChange("toy-sd", "stable", "1", "7", "carol", earlier, "", false),
                new AliasChange("toy-sd", "canary", "2", "1", "carol", earlier, "", false),
                new AliasChange("gone", "stable", "1", "2", "carol", earlier, "", false));

        LiveCatalog restored = LiveCatalog.open(folder, FixtureCatalog.CLOCK, history);

        assertThat(restored.current().aliasTarget("toy-sd", "stable")).contains("1");
        assertThat(restored.current().aliasTarget("toy-sd", "canary")).contains("1");
        assertThat(restored.auditLog()).isEqualTo(history);
    }

    @Test
    void readers_alwaysSeeOneConsistentSnapshot() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                Catalog catalog = live.current();
                int scene = catalog.scene("poster").orElseThrow().version();
                int pipeline = catalog.pipeline("generate").orElseThrow().version();
                if (scene != pipeline) {
                    mismatches.add("revision " + catalog.revision() + ": scene v" + scene + ", pipeline v" + pipeline);
                }
            }
        });
        reader.start();

        String scene = fixture.read("scenes/poster.yaml");
        String pipeline = fixture.read("pipelines/generate.yaml");
        for (int version = 2; version <= 30; version++) {
            fixture.write("scenes/poster.yaml", scene.replace("version: 1", "version: " + version));
            fixture.write("pipelines/generate.yaml", pipeline.replace("version: 1", "version: " + version));
            live.reload();
        }
        stop.set(true);
        reader.join();

        assertThat(live.current().revision()).isEqualTo(30);
        assertThat(mismatches).isEmpty();
    }
}
