package dev.easel.server.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.easel.server.config.StoreDataSource;
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
        String url = "jdbc:sqlite:" + folder.resolve("easel.db") + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000&foreign_keys=true";
        dataSource = StoreDataSource.open(url, "", "", 4);
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
