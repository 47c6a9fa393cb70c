package dev.easel.server.catalog;

import dev.easel.catalog.ArchiveStore;
import dev.easel.catalog.ArchivedVersion;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The catalog's object versions in the {@code catalog_versions} table, so that reproducing a task
 * works after the catalog changed and the server restarted. Thread-safe.
 *
 * <p>Note that rows are written directly, not through the task store's group writer: new versions
 * arrive only with a catalog load, and SQLite's busy timeout orders the two writers.
 */
final class CatalogVersions implements ArchiveStore {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Clock clock;

    CatalogVersions(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    @Override
    public List<ArchivedVersion> load() {
        return jdbc.sql("SELECT object_key, file, fingerprint, source FROM catalog_versions ORDER BY loaded_at, object_key")
                .query((rs, n) -> new ArchivedVersion(rs.getString("object_key"), rs.getString("file"), rs.getString("fingerprint"),
                        rs.getString("source")))
                .list();
    }

    /**
     * Inserts the versions whose key is not stored yet, in one transaction. Both SQLite (3.24 and
     * later) and PostgreSQL run this SQL.
     *
     * @throws DataAccessResourceFailureException when the database rejects the write; nothing is stored then
     */
    @Override
    public void save(List<ArchivedVersion> versions) {
        String sql = "INSERT INTO catalog_versions (object_key, file, fingerprint, source, loaded_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (object_key) DO NOTHING";
        long now = clock.millis();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (ArchivedVersion version : versions) {
                    insert.setString(1, version.key());
                    insert.setString(2, version.file());
                    insert.setString(3, version.fingerprint());
                    insert.setString(4, version.source());
                    insert.setLong(5, now);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot store " + versions.size() + " catalog versions: " + e.getMessage(), e);
        }
    }
}
