package dev.easel.server.webhook;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.easel.server.support.PostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Instant;
import java.util.List;

/** The outbox contract on a real PostgreSQL 15, one new database per test, migrated by Flyway. */
class PostgresWebhookOutboxTest extends WebhookOutboxContract {

    private static PostgresServer server;
    private HikariDataSource dataSource;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected WebhookOutbox newOutbox() {
        HikariConfig config = new HikariConfig();
        try {
            config.setJdbcUrl(server.newDatabase());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
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
