package dev.easel.server.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL for tests: the server named by {@code EASEL_TEST_PG_URL} (with
 * {@code EASEL_TEST_PG_USER} and {@code EASEL_TEST_PG_PASSWORD}), or else a new cluster started
 * from Debian's postgresql-15 binaries on a free loopback port, run as user {@code postgres}
 * (which requires root). Each call of {@link #newDatabase()} creates an empty database.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final String baseUrl;
    private final String user;
    private final String password;
    private final Path root;

    private PostgresServer(String baseUrl, String user, String password, Path root) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.root = root;
    }

    /** Connects to the configured server, or starts one. */
    public static PostgresServer start() throws IOException, InterruptedException {
        String url = System.getenv("EASEL_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            String base = url.substring(0, url.lastIndexOf('/') + 1);
            return new PostgresServer(base, env("EASEL_TEST_PG_USER", "postgres"), env("EASEL_TEST_PG_PASSWORD", ""), null);
        }
        if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("no PostgreSQL for the store tests: set EASEL_TEST_PG_URL or install postgresql-15 ("
                    + BIN + " is missing)");
        }
        Path root = Path.of("/tmp", "easel-pg-" + UUID.randomUUID());
        Files.createDirectories(root);
        run(List.of("chown", "postgres:postgres", root.toString()));
        int port = freePort();
        run(List.of("runuser", "-u", "postgres", "--", BIN.resolve("initdb").toString(), "-D", root.resolve("data").toString(),
                "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        run(List.of("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(),
                "-l", root.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off", "start"));
        return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/", "postgres", "", root);
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "easel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(baseUrl + "postgres", user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return baseUrl + name;
    }

    /**
     * Opens a pool of four connections on a new database, migrated by Flyway as the server
     * migrates PostgreSQL. The caller closes it.
     */
    public HikariDataSource newMigratedDataSource() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(newDatabase());
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);

        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql").load().migrate();
        return dataSource;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (root == null) {
            return;
        }
        run(List.of("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(),
                "-m", "immediate", "-w", "stop"));
        run(List.of("rm", "-rf", root.toString()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("command failed: " + String.join(" ", command) + "\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
