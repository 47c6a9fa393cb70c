package dev.easel.server.admin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The stored tier settings on an SQLite file in WAL mode, migrated by Flyway. */
class SqliteTierSettingsStoreTest extends TierSettingsStoreContract {

    @TempDir
    Path folder;

    private HikariDataSource dataSource;

    @Override
    DataSource newDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + folder.resolve("easel.db") + "?journal_mode=WAL&busy_timeout=10000&transaction_mode=IMMEDIATE");
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .load().migrate();
        return dataSource;
    }

    @AfterEach
    void closeDataSource() {
        dataSource.close();
    }
}
