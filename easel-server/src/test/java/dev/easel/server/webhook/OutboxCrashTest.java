package dev.easel.server.webhook;

import com.zaxxer.hikari.HikariDataSource;
import dev.easel.server.config.StoreDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process that stores transitions of subscribed tasks is killed with SIGKILL mid-stream. After
 * the kill, every stored transition of a subscribed task has exactly one delivery, and no delivery
 * lacks its transition. The killed process ({@link OutboxWriterMain}) runs the real task store
 * and webhook subscriptions on an SQLite file.
 */
class OutboxCrashTest {

    private static final Map<String, String> EVENT_OF_STATE = Map.of("QUEUED", "queued", "RUNNING", "started", "SUCCEEDED", "succeeded");

    @TempDir
    Path folder;

    @Test
    void killedWriter_leavesEveryTransitionWithItsDelivery() throws Exception {
        Path db = folder.resolve("easel.db");
        try (HikariDataSource dataSource = dataSource(db)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                    .load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);

            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), OutboxWriterMain.class.getName(), db.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("writer.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM webhook_deliveries", Integer.class) >= 600);
                assertThat(writer.isAlive()).as("the writer still runs when it is killed").isTrue();
            } finally {
                writer.destroyForcibly().waitFor();
            }

            Map<String, Integer> transitions = counts(jdbc, "SELECT t.task_id, t.to_state FROM transitions t"
                    + " JOIN task_webhooks w ON w.task_id = t.task_id", true);
            Map<String, Integer> deliveries = counts(jdbc, "SELECT task_id, event_type FROM webhook_deliveries", false);
            assertThat(transitions).hasSizeGreaterThan(600);
            assertThat(deliveries).isEqualTo(transitions);
            assertThat(deliveries.values()).containsOnly(1);
        }
    }

    /** Counts rows by task and event; with {@code states}, the second column is a task state mapped to its event. */
    private static Map<String, Integer> counts(JdbcTemplate jdbc, String sql, boolean states) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query(sql, rs -> {
            String event = states ? EVENT_OF_STATE.get(rs.getString(2)) : rs.getString(2);
            counts.merge(rs.getString(1) + " " + event, 1, Integer::sum);
        });
        return counts;
    }

    private static HikariDataSource dataSource(Path db) {
        return StoreDataSource.open("jdbc:sqlite:" + db + "?journal_mode=WAL&busy_timeout=10000", "", "", 2);
    }
}
