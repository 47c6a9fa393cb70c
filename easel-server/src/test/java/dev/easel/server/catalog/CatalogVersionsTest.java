package dev.easel.server.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.easel.catalog.ArchivedVersion;
import dev.easel.server.support.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored catalog versions on an SQLite file and on a real PostgreSQL 15, after the Flyway migrations. */
class CatalogVersionsTest {

    private static final ArchivedVersion PIPELINE_1 = new ArchivedVersion("pipeline:cutout@1", "pipelines/cutout.yaml", "a".repeat(64),
            "id: cutout\nversion: 1\n# 抠图\n");
    private static final ArchivedVersion MODEL_2 = new ArchivedVersion("model:tiny-sd@2", "models/tiny-sd.yaml", "b".repeat(64),
            "id: tiny-sd\n");

    /** The checks both databases must pass. */
    abstract static class Contract {

        HikariDataSource dataSource;
        CatalogVersions versions;

        abstract String jdbcUrl() throws Exception;

        abstract String vendor();

        void open(String user, String password) throws Exception {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl());
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(2);
            dataSource = new HikariDataSource(config);
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor())
                    .load().migrate();
            versions = new CatalogVersions(dataSource, Clock.systemUTC());
        }

        @AfterEach
        void close() {
            dataSource.close();
        }

        @Test
        void save_thenLoad_returnsEveryVersionWithItsText() {
            versions.save(List.of(PIPELINE_1, MODEL_2));

            assertThat(versions.load()).containsExactlyInAnyOrder(PIPELINE_1, MODEL_2);
        }

        @Test
        void save_ofAStoredKey_keepsTheFirstRow() {
            versions.save(List.of(PIPELINE_1));

            versions.save(List.of(new ArchivedVersion(PIPELINE_1.key(), PIPELINE_1.file(), "c".repeat(64), "changed"), MODEL_2));

            assertThat(versions.load()).containsExactlyInAnyOrder(PIPELINE_1, MODEL_2);
        }

        @Test
        void load_ofAnEmptyTable_isEmpty() {
            assertThat(versions.load()).isEmpty();
        }
    }

    @Nested
    class OnSqlite extends Contract {

        @TempDir
        Path folder;

        @org.junit.jupiter.api.BeforeEach
        void openDatabase() throws Exception {
            open(null, null);
        }

        @Override
        String jdbcUrl() {
            return "jdbc:sqlite:" + folder.resolve("easel.db") + "?journal_mode=WAL&busy_timeout=10000&transaction_mode=IMMEDIATE";
        }

        @Override
        String vendor() {
            return "sqlite";
        }
    }

    @Nested
    class OnPostgres extends Contract {

        @org.junit.jupiter.api.BeforeEach
        void openDatabase() throws Exception {
            open(postgres.user(), postgres.password());
        }

        @Override
        String jdbcUrl() throws Exception {
            return postgres.newDatabase();
        }

        @Override
        String vendor() {
            return "postgresql";
        }
    }

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }
}
