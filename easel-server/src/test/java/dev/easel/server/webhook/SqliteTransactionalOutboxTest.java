package dev.easel.server.webhook;

import com.zaxxer.hikari.HikariDataSource;
import dev.easel.server.config.StoreDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The transactional outbox on an SQLite file in WAL mode, migrated by Flyway. */
class SqliteTransactionalOutboxTest extends TransactionalOutboxContract {

    @TempDir
    Path folder;

    private HikariDataSource dataSource;

    @Override
    DataSource newDataSource() {
        dataSource = StoreDataSource.open("jdbc:sqlite:" + folder.resolve("easel.db") + "?journal_mode=WAL&busy_timeout=10000", "", "", 4);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .load().migrate();
        return dataSource;
    }

    @AfterEach
    void closeDataSource() {
        dataSource.close();
    }
}
