package dev.easel.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The store contract on an SQLite file in WAL mode, as the embedded default runs it. */
class SqliteTaskStoreTest extends TaskStoreContract {

    @TempDir
    Path folder;

    private HikariDataSource dataSource;

    @Override
    DataSource newDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + folder.resolve("easel.db") + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000&foreign_keys=true");
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        return dataSource;
    }

    @Override
    String vendor() {
        return "sqlite";
    }

    @AfterEach
    void closeDataSource() {
        dataSource.close();
    }
}
