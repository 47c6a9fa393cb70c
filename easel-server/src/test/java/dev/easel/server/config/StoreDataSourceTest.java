package dev.easel.server.config;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's pool on SQLite: every transaction begins with the write lock. */
class StoreDataSourceTest {

    @TempDir
    Path folder;

    @Test
    void sqlitePool_beginsTransactionsImmediate() throws Exception {
        try (HikariDataSource dataSource = StoreDataSource.open(url("?journal_mode=WAL&busy_timeout=10000"), "", "", 2);
             Connection connection = dataSource.getConnection()) {
            SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);

            assertThat(sqlite.getConnectionConfig().getTransactionMode()).isEqualTo(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
    }

    @Test
    void sqlitePool_createsFolderOfDatabaseFile() throws Exception {
        Path db = folder.resolve("nested/data/easel.db");

        try (HikariDataSource dataSource = StoreDataSource.open("jdbc:sqlite:" + db, "", "", 1);
             Connection connection = dataSource.getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
        assertThat(db).exists();
    }

    @Test
    void sqliteUrl_withDeferredTransactions_isOverridden() throws Exception {
        try (HikariDataSource dataSource = StoreDataSource.open(url("?busy_timeout=10000&transaction_mode=DEFERRED"), "", "", 1);
             Connection connection = dataSource.getConnection()) {
            SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);

            assertThat(sqlite.getConnectionConfig().getTransactionMode()).isEqualTo(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
    }

    private String url(String parameters) {
        return "jdbc:sqlite:" + folder.resolve("easel.db") + parameters;
    }
}
