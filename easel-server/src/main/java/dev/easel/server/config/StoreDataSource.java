package dev.easel.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the store's connection pool on SQLite or PostgreSQL, chosen by the JDBC URL.
 *
 * <p>On SQLite every transaction on the pool begins with {@code BEGIN IMMEDIATE}, which takes the
 * write lock at once and waits for it up to {@code busy_timeout}. Several components write the one
 * database file: the store writer, the webhook outbox and its dispatcher, admin calls. A deferred
 * transaction ({@code BEGIN}, the sqlite-jdbc default) that reads first requests the write lock only
 * at its first write. SQLite does not call the busy handler for a transaction that already holds a
 * read: when another connection holds the write lock ({@code SQLITE_BUSY}) or wrote since the read
 * ({@code SQLITE_BUSY_SNAPSHOT} in WAL mode), the write fails at once, whatever
 * {@code busy_timeout} says. The connection property set here overrides a {@code transaction_mode}
 * parameter in the URL (sqlite-jdbc 3.50.3). PostgreSQL URLs are passed through unchanged.
 */
public final class StoreDataSource {

    /** The sqlite-jdbc connection property that sets how transactions begin. */
    static final String SQLITE_TRANSACTION_MODE = "transaction_mode";

    private StoreDataSource() {
    }

    /**
     * Opens a Hikari pool on the URL. For SQLite the folder of the database file is created first.
     *
     * @param username empty for none
     */
    public static HikariDataSource open(String url, String username, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("easel-store");
        config.setMaximumPoolSize(maxPoolSize);
        if (!username.isEmpty()) {
            config.setUsername(username);
            config.setPassword(password);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            config.addDataSourceProperty(SQLITE_TRANSACTION_MODE, "IMMEDIATE");
            createSqliteFolder(url);
        }
        return new HikariDataSource(config);
    }

    private static void createSqliteFolder(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of the SQLite database " + parent, e);
        }
    }
}
