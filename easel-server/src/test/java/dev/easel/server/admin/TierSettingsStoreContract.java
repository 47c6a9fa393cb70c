package dev.easel.server.admin;

import dev.easel.server.admission.DegradeRecords;
import dev.easel.server.admission.ParameterChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored tier settings and degrade records on every database the store supports: each save
 * is an upsert of its own columns and leaves the others as they were.
 */
abstract class TierSettingsStoreContract {

    private JdbcTierSettings settings;
    private DegradeRecords degrades;

    /** Returns a data source on a new, empty database migrated by Flyway. */
    abstract DataSource newDataSource() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(newDataSource());
        settings = new JdbcTierSettings(jdbc);
        degrades = new DegradeRecords(jdbc);
    }

    @Test
    void saves_keepEachOthersColumns() {
        settings.saveScheduler("low", 1000.0, 5000, 7, 900_000);
        settings.saveAdmission("low", "{\"max_queued\": 10}");
        settings.savePause("low", true, 1_800_000_000_000L);

        JdbcTierSettings.Row row = settings.all().get(0);

        assertThat(row.tier()).isEqualTo("low");
        assertThat(row.weight()).isEqualTo(1000.0);
        assertThat(row.maxQueued()).isEqualTo(5000);
        assertThat(row.maxQueuedPerUser()).isEqualTo(7);
        assertThat(row.maxWaitMillis()).isEqualTo(900_000L);
        assertThat(row.admissionJson()).isEqualTo("{\"max_queued\": 10}");
        assertThat(row.paused()).isTrue();
        assertThat(row.pausedUntil()).isEqualTo(1_800_000_000_000L);
    }

    @Test
    void saveAgain_replacesOnlyItsColumns() {
        settings.saveScheduler("high", 70.0, 100, 0, 120_000);
        settings.savePause("high", true, null);

        settings.saveScheduler("high", 1.0, 200, 3, 60_000);
        settings.savePause("high", false, null);

        List<JdbcTierSettings.Row> rows = settings.all();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).weight()).isEqualTo(1.0);
        assertThat(rows.get(0).maxQueued()).isEqualTo(200);
        assertThat(rows.get(0).paused()).isFalse();
        assertThat(rows.get(0).pausedUntil()).isNull();
        assertThat(rows.get(0).admissionJson()).isNull();
    }

    @Test
    void pauseOnly_leavesSchedulerColumnsNull() {
        settings.savePause("normal", true, null);

        JdbcTierSettings.Row row = settings.all().get(0);

        assertThat(row.weight()).isNull();
        assertThat(row.maxQueued()).isNull();
        assertThat(row.maxWaitMillis()).isNull();
        assertThat(row.pausedUntil()).isNull();
    }

    @Test
    void degradeRecord_readsBackItsChanges() {
        degrades.record("tsk_1", List.of(new ParameterChange("steps", 40, 10), new ParameterChange("width", 256, 128)));

        assertThat(degrades.find("tsk_1")).contains(List.of(new ParameterChange("steps", 40, 10), new ParameterChange("width", 256, 128)));
        assertThat(degrades.find("tsk_2")).isEmpty();
    }
}
