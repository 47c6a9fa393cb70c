package dev.easel.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.catalog.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old object versions outlive a restart when the catalog is opened with a durable
 * {@link ArchiveStore}. The store here is a map that the test keeps between two {@code open}
 * calls, as a database keeps its rows between two runs of the server.
 */
class ArchiveRestoreTest {

    @TempDir
    Path folder;

    private FixtureCatalog fixture;
    private final MapStore store = new MapStore();

    @BeforeEach
    void copy() {
        fixture = FixtureCatalog.copyInto(folder);
    }

    @Test
    void open_savesEveryLoadedVersion() {
        LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), store);

        assertThat(store.rows).containsKeys("pipeline:generate@1", "scene:poster@1", "model:toy-sd@1", "model:toy-sd@2",
                "template:style-prompt@1");
        ArchivedVersion pipeline = store.rows.get("pipeline:generate@1");
        assertThat(pipeline.file()).isEqualTo("pipelines/generate.yaml");
        assertThat(pipeline.source()).isEqualTo(fixture.read("pipelines/generate.yaml"));
        assertThat(pipeline.fingerprint()).hasSize(64);
    }

    @Test
    void restart_afterAChange_stillFindsTheOldVersion() {
        LiveCatalog first = LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), store);
        fixture.edit("pipelines/generate.yaml", "version: 1", "version: 2");
        fixture.edit("pipelines/generate.yaml", "width: 64", "width: 128");
        first.reload();

        LiveCatalog restarted = LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), store);

        Pipeline old = restarted.current().archive().pipeline("generate", 1).orElseThrow();
        Pipeline current = restarted.current().pipeline("generate").orElseThrow();
        assertThat(current.version()).isEqualTo(2);
        assertThat(old.version()).isEqualTo(1);
        assertThat(old.steps().get(0).parameters().toString()).contains("64").doesNotContain("128");
        assertThat(restarted.current().archive().modelVersion("toy-sd", "2")).isPresent();
    }

    @Test
    void restart_withoutAStore_losesTheOldVersion() {
        LiveCatalog first = LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of());
        fixture.edit("pipelines/generate.yaml", "version: 1", "version: 2");
        first.reload();

        LiveCatalog restarted = LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of());

        assertThat(restarted.current().archive().pipeline("generate", 1)).isEmpty();
    }

    @Test
    void restart_afterInPlaceEdit_isRejected() {
        LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), store);
        fixture.edit("scenes/poster.yaml", "title: {en: Poster,", "title: {en: Big poster,");

        assertThatThrownBy(() -> LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), store))
                .isInstanceOfSatisfying(CatalogInvalidException.class, e -> assertThat(e.errors()).extracting(CatalogError::toString)
                        .containsExactly("scenes/poster.yaml: version: content changed but version 1 was already loaded with other"
                                + " content; raise the version so that tasks that recorded version 1 stay reproducible"));
    }

    @Test
    void restore_skipsAStoredFileThatNoLongerReads() {
        store.rows.put("pipeline:gone@1", new ArchivedVersion("pipeline:gone@1", "pipelines/gone.yaml", "0".repeat(64),
                "id: gone\nversion: 1\nunknown_key: 1\n"));

        LiveCatalog live = LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), store);

        assertThat(live.current().archive().pipeline("gone", 1)).isEmpty();
        assertThat(live.current().archive().pipeline("generate", 1)).isPresent();
    }

    @Test
    void reload_saveFails_keepsLastGoodCatalog() {
        LiveCatalog live = LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), store);
        Catalog before = live.current();
        fixture.edit("pipelines/generate.yaml", "version: 1", "version: 2");
        store.failing = true;

        assertThatThrownBy(live::reload).isInstanceOf(IllegalStateException.class).hasMessage("database is down");

        assertThat(live.current()).isSameAs(before);
        assertThat(live.current().archive().pipeline("generate", 2)).isEmpty();
    }

    /** Rows by key, kept by the test across two opens; a save never replaces a stored row. */
    private static final class MapStore implements ArchiveStore {

        final Map<String, ArchivedVersion> rows = new LinkedHashMap<>();
        boolean failing;

        @Override
        public List<ArchivedVersion> load() {
            return new ArrayList<>(rows.values());
        }

        @Override
        public void save(List<ArchivedVersion> versions) {
            if (failing) {
                throw new IllegalStateException("database is down");
            }
            versions.forEach(version -> rows.putIfAbsent(version.key(), version));
        }
    }
}
