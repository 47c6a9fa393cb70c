package dev.easel.server.admin;

import com.zaxxer.hikari.HikariDataSource;
import dev.easel.server.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

/** The stored tier settings on a real PostgreSQL 15, one new database per test, migrated by Flyway. */
class PostgresTierSettingsStoreTest extends TierSettingsStoreContract {

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
    DataSource newDataSource() throws Exception {
        dataSource = server.newMigratedDataSource();
        return dataSource;
    }

    @AfterEach
    void closeDataSource() {
        dataSource.close();
    }
}
