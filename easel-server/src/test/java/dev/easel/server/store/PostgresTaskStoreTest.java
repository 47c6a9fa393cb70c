package dev.easel.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.easel.server.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

/** The store contract on a real PostgreSQL 15, one new database per test. */
class PostgresTaskStoreTest extends TaskStoreContract {

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
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.newDatabase());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        return dataSource;
    }

    @Override
    String vendor() {
        return "postgresql";
    }

    @AfterEach
    void closeDataSource() {
        dataSource.close();
    }
}
