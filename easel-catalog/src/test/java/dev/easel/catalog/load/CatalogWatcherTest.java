package dev.easel.catalog.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.easel.catalog.ArchiveStore;
import dev.easel.catalog.ArchivedVersion;
import dev.easel.catalog.FixtureCatalog;
import dev.easel.catalog.LiveCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogWatcherTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration DEBOUNCE = Duration.ofMillis(100);

    @TempDir
    Path folder;

    private FixtureCatalog fixture;
    private LiveCatalog live;
    private CatalogWatcher watcher;

    @BeforeEach
    void start() {
        fixture = FixtureCatalog.copyInto(folder);
        live = fixture.open();
        watcher = CatalogWatcher.start(live, INTERVAL, DEBOUNCE);
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    @Test
    void editedFile_isReloaded() {
        fixture.edit("scenes/poster.yaml", "version: 1", "version: 2");

        await().atMost(Duration.ofSeconds(10)).until(() -> live.current().scene("poster").orElseThrow().version() == 2);
        assertThat(watcher.lastError()).isNull();
    }

    @Test
    void newSceneFile_becomesAvailableWithoutRestart() {
        fixture.write("scenes/sketch.yaml", fixture.read("scenes/poster.yaml").replace("id: poster", "id: sketch"));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.current().scene("sketch").isPresent());
    }

    @Test
    void failedArchiveSave_isRetriedWithoutAFileChange() {
        watcher.close();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        ArchiveStore flaky = new ArchiveStore() {
            @Override
            public List<ArchivedVersion> load() {
                return List.of();
            }

            @Override
            public void save(List<ArchivedVersion> versions) {
                if (versions.stream().anyMatch(v -> v.key().equals("scene:poster@2")) && failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("database is down");
                }
            }
        };
        live = LiveCatalog.open(folder, FixtureCatalog.CLOCK, List.of(), flaky);
        watcher = CatalogWatcher.start(live, INTERVAL, DEBOUNCE);

        fixture.edit("scenes/poster.yaml", "version: 1", "version: 2");

        await().atMost(Duration.ofSeconds(10)).until(() -> live.current().scene("poster").orElseThrow().version() == 2);
        assertThat(failuresLeft.get()).isNegative();
        assertThat(watcher.lastError()).isNull();
    }

    @Test
    void invalidEdit_keepsOldCatalog_untilFixed() {
        long revision = live.current().revision();
        fixture.edit("scenes/poster.yaml", "version: 1", "version: 2");
        fixture.edit("scenes/poster.yaml", "    - name: steps\n      type: number", "    - name: steps\n      type: colour");

        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.lastError() != null);
        assertThat(watcher.lastError()).isEqualTo(
                "scenes/poster.yaml: form.fields[2].type: \"colour\" is not one of text, choice, number, image, seed");
        assertThat(live.current().revision()).isEqualTo(revision);
        assertThat(live.current().scene("poster").orElseThrow().version()).isEqualTo(1);

        fixture.edit("scenes/poster.yaml", "type: colour", "type: number");

        await().atMost(Duration.ofSeconds(10)).until(() -> live.current().scene("poster").orElseThrow().version() == 2);
        assertThat(watcher.lastError()).isNull();
    }

    @Test
    void severalQuickWrites_causeOneReload() throws InterruptedException {
        Duration debounce = Duration.ofSeconds(1);
        watcher.close();
        watcher = CatalogWatcher.start(live, INTERVAL, debounce);
        long revision = live.current().revision();
        String scene = fixture.read("scenes/poster.yaml").replace("version: 1", "version: 2");
        for (int i = 0; i < 5; i++) {
            fixture.write("scenes/poster.yaml", scene + "\n# edit " + i + "\n");
            Thread.sleep(10);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> live.current().revision() > revision);
        Thread.sleep(debounce.multipliedBy(2).toMillis());

        assertThat(live.current().revision()).isEqualTo(revision + 1);
    }
}
