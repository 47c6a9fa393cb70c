package dev.easel.server.webhook;

import dev.easel.server.config.StoreDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The outbox contract on a real SQLite file in WAL mode, migrated by Flyway. */
class SqliteWebhookOutboxTest extends WebhookOutboxContract {

    @TempDir
    Path folder;

    private HikariDataSource dataSource;

    @Override
    protected WebhookOutbox newOutbox() {
        dataSource = StoreDataSource.open("jdbc:sqlite:" + folder.resolve("easel.db") + "?journal_mode=WAL&busy_timeout=10000", "", "", 4);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .load().migrate();
        return new JdbcWebhookOutbox(new JdbcTemplate(dataSource));
    }

    @Override
    protected void add(WebhookOutbox target, WebhookDelivery delivery, Instant dueAt) {
        ((JdbcWebhookOutbox) target).add(delivery, dueAt);
    }

    @Override
    protected DeliveryState state(WebhookOutbox target, String deliveryId) {
        return ((JdbcWebhookOutbox) target).state(deliveryId).orElseThrow();
    }

    @Override
    protected List<DeliveryAttempt> attempts(WebhookOutbox target, String deliveryId) {
        return ((JdbcWebhookOutbox) target).attempts(deliveryId);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }
}
