package dev.easel.server.catalog;

import dev.easel.catalog.AliasChange;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;

/**
 * The alias switches made through the admin API, kept in the store so that they outlive restarts
 * and are handed back to {@link dev.easel.catalog.LiveCatalog#open} at start. Thread-safe.
 *
 * <p>Note that a switch is written directly, not through the task store's group writer: switches
 * are rare, and SQLite's busy timeout orders the two writers.
 */
final class AliasSwitches {

    private final JdbcClient jdbc;

    AliasSwitches(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Records a switch; {@code id} orders switches made in the same millisecond. */
    void record(String id, AliasChange change) {
        jdbc.sql("INSERT INTO catalog_alias_switches (id, model, alias, from_version, to_version, actor, at, reason, is_rollback)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, change.modelId(), change.alias(), change.fromVersion(), change.toVersion(), change.actor(),
                        change.at().toEpochMilli(), change.reason(), change.rollback() ? 1 : 0)
                .update();
    }

    /** Returns every switch, oldest first. */
    List<AliasChange> history() {
        return jdbc.sql("SELECT model, alias, from_version, to_version, actor, at, reason, is_rollback FROM catalog_alias_switches"
                        + " ORDER BY at, id")
                .query((rs, n) -> new AliasChange(rs.getString("model"), rs.getString("alias"), rs.getString("from_version"),
                        rs.getString("to_version"), rs.getString("actor"), Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("reason"), rs.getInt("is_rollback") == 1))
                .list();
    }
}
