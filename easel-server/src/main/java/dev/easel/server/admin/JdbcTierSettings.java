package dev.easel.server.admin;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Tier settings changed through the admin API, in the {@code tier_settings} table, so that a
 * restart applies them again. One row per tier; a {@code NULL} column leaves the configured value
 * in force. Each save is an upsert of its own columns ({@code INSERT ... ON CONFLICT}, which
 * SQLite 3.24+ and PostgreSQL 9.5+ both run). Thread-safe.
 */
final class JdbcTierSettings {

    /**
     * One tier's stored settings.
     *
     * @param weight           scheduler weight, or {@code null}
     * @param maxQueued        scheduler queue limit, or {@code null}
     * @param maxQueuedPerUser scheduler per-user queue limit (0 for none), or {@code null}
     * @param maxWaitMillis    scheduler maximum wait, or {@code null}
     * @param admissionJson    admission limits as a {@link TierLimitsRequest} JSON, or {@code null}
     * @param paused           whether the tier is paused
     * @param pausedUntil      end of a timed pause, milliseconds since the epoch, or {@code null}
     */
    record Row(String tier, Double weight, Integer maxQueued, Integer maxQueuedPerUser, Long maxWaitMillis, String admissionJson,
               boolean paused, Long pausedUntil) {
    }

    private final JdbcTemplate jdbc;

    JdbcTierSettings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void saveScheduler(String tier, double weight, int maxQueued, int maxQueuedPerUser, long maxWaitMillis) {
        jdbc.update("INSERT INTO tier_settings (tier, weight, max_queued, max_queued_per_user, max_wait_ms, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tier) DO UPDATE SET weight = excluded.weight,"
                        + " max_queued = excluded.max_queued, max_queued_per_user = excluded.max_queued_per_user,"
                        + " max_wait_ms = excluded.max_wait_ms, updated_at = excluded.updated_at",
                tier, weight, maxQueued, maxQueuedPerUser, maxWaitMillis, System.currentTimeMillis());
    }

    void saveAdmission(String tier, String admissionJson) {
        jdbc.update("INSERT INTO tier_settings (tier, admission_json, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (tier) DO UPDATE SET admission_json = excluded.admission_json, updated_at = excluded.updated_at",
                tier, admissionJson, System.currentTimeMillis());
    }

    /** @param pausedUntil end of a timed pause in milliseconds since the epoch, or {@code null} */
    void savePause(String tier, boolean paused, Long pausedUntil) {
        jdbc.update("INSERT INTO tier_settings (tier, paused, paused_until, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (tier) DO UPDATE SET paused = excluded.paused, paused_until = excluded.paused_until,"
                        + " updated_at = excluded.updated_at",
                tier, paused ? 1 : 0, pausedUntil, System.currentTimeMillis());
    }

    List<Row> all() {
        return jdbc.query("SELECT * FROM tier_settings ORDER BY tier", (rs, n) -> new Row(
                rs.getString("tier"),
                (Double) nullable(rs.getDouble("weight"), rs.wasNull()),
                (Integer) nullable(rs.getInt("max_queued"), rs.wasNull()),
                (Integer) nullable(rs.getInt("max_queued_per_user"), rs.wasNull()),
                (Long) nullable(rs.getLong("max_wait_ms"), rs.wasNull()),
                rs.getString("admission_json"),
                rs.getInt("paused") == 1,
                (Long) nullable(rs.getLong("paused_until"), rs.wasNull())));
    }

    private static Object nullable(Object value, boolean wasNull) {
        return wasNull ? null : value;
    }
}
