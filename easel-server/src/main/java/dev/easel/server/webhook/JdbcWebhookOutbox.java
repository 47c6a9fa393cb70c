package dev.easel.server.webhook;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The webhook outbox in the task store's database (SQLite or PostgreSQL, same SQL).
 *
 * <p>Implementation notes: {@link #claimDue} reads the oldest due candidates and claims each with
 * a compare-and-set on its {@code next_attempt_at}. Under PostgreSQL's read committed isolation a
 * second claimer blocks on the row, then re-evaluates the condition against the new value and
 * updates nothing; SQLite serialises writers. So two claimers never get the same delivery, without
 * {@code FOR UPDATE SKIP LOCKED}, which SQLite lacks. A lost claim is an expected outcome, and the
 * claimer reads more candidates than it needs so that losing some still fills its batch.
 * Thread-safe.
 */
public final class JdbcWebhookOutbox implements WebhookOutbox {

    private static final String PENDING = DeliveryState.PENDING.wireName();

    private static final RowMapper<WebhookDelivery> DELIVERY = (rs, row) -> new WebhookDelivery(rs.getString("id"),
            rs.getString("task_id"), rs.getString("user_id"), URI.create(rs.getString("url")),
            WebhookEventType.fromWireName(rs.getString("event_type")).orElseThrow(),
            rs.getString("body").getBytes(StandardCharsets.UTF_8), rs.getInt("attempts"),
            Instant.ofEpochMilli(rs.getLong("schedule_start")));

    private final JdbcTemplate jdbc;

    public JdbcWebhookOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a pending delivery whose first attempt is due at {@code dueAt}. */
    public void add(WebhookDelivery delivery, Instant dueAt) {
        jdbc.update("INSERT INTO webhook_deliveries (id, task_id, user_id, url, event_type, body, state, attempts, next_attempt_at,"
                        + " schedule_start, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                delivery.id(), delivery.taskId(), delivery.userId(), delivery.url().toString(), delivery.eventType().wireName(),
                new String(delivery.body(), StandardCharsets.UTF_8), PENDING, delivery.attempts(), dueAt.toEpochMilli(),
                delivery.scheduleStart().toEpochMilli(), System.currentTimeMillis());
    }

    /**
     * Adds a pending delivery on the caller's connection, inside the caller's transaction: the
     * store's transition writes use it, so the delivery commits or rolls back with its transition.
     */
    public void add(java.sql.Connection connection, WebhookDelivery delivery, Instant dueAt) throws java.sql.SQLException {
        String sql = "INSERT INTO webhook_deliveries (id, task_id, user_id, url, event_type, body, state, attempts, next_attempt_at,"
                + " schedule_start, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, delivery.id());
            statement.setString(2, delivery.taskId());
            statement.setString(3, delivery.userId());
            statement.setString(4, delivery.url().toString());
            statement.setString(5, delivery.eventType().wireName());
            statement.setString(6, new String(delivery.body(), StandardCharsets.UTF_8));
            statement.setString(7, PENDING);
            statement.setInt(8, delivery.attempts());
            statement.setLong(9, dueAt.toEpochMilli());
            statement.setLong(10, delivery.scheduleStart().toEpochMilli());
            statement.setLong(11, System.currentTimeMillis());
            statement.executeUpdate();
        }
    }

    @Override
    public List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease) {
        long nowMillis = now.toEpochMilli();
        long leaseEnd = now.plus(lease).toEpochMilli();
        List<Candidate> candidates = jdbc.query("SELECT id, next_attempt_at FROM webhook_deliveries WHERE state = ? AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at, id LIMIT ?",
                (rs, row) -> new Candidate(rs.getString("id"), rs.getLong("next_attempt_at")), PENDING, nowMillis, limit * 4);

        List<WebhookDelivery> claimed = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (claimed.size() == limit) {
                break;
            }
            int updated = jdbc.update("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND state = ? AND next_attempt_at = ?",
                    leaseEnd, candidate.id(), PENDING, candidate.nextAttemptAt());
            if (updated == 1) {
                jdbc.query("SELECT * FROM webhook_deliveries WHERE id = ?", DELIVERY, candidate.id()).forEach(claimed::add);
            }
        }
        return claimed;
    }

    @Override
    public void recordRetry(DeliveryAttempt attempt, Instant nextAttemptAt) {
        insertAttempt(attempt);
        jdbc.update("UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
                nextAttemptAt.toEpochMilli(), attempt.deliveryId());
    }

    @Override
    public void markDelivered(DeliveryAttempt attempt) {
        finish(attempt, DeliveryState.DELIVERED);
    }

    @Override
    public void markFailed(DeliveryAttempt attempt) {
        finish(attempt, DeliveryState.FAILED);
    }

    /** Returns the stored state of a delivery. */
    public Optional<DeliveryState> state(String deliveryId) {
        return jdbc.query("SELECT state FROM webhook_deliveries WHERE id = ?",
                (rs, row) -> DeliveryState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)), deliveryId).stream().findFirst();
    }

    /** Returns the stored attempts of a delivery, first attempt first. */
    public List<DeliveryAttempt> attempts(String deliveryId) {
        return jdbc.query("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY number", (rs, row) -> new DeliveryAttempt(
                rs.getString("delivery_id"), rs.getInt("number"), Instant.ofEpochMilli(rs.getLong("started_at")),
                Duration.ofMillis(rs.getLong("duration_ms")), AttemptOutcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
                nullableInt(rs, "status_code"), rs.getString("error"), nullableLong(rs, "retry_after")), deliveryId);
    }

    /** Returns a task's deliveries, oldest first, each with its attempts, as the API shows them. */
    public List<java.util.Map<String, Object>> deliveriesOf(String taskId) {
        return jdbc.query("SELECT id, event_type, url, state, attempts, next_attempt_at FROM webhook_deliveries WHERE task_id = ?"
                + " ORDER BY created_at, id", (rs, row) -> {
                    java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
                    view.put("id", rs.getString("id"));
                    view.put("event", rs.getString("event_type"));
                    view.put("url", rs.getString("url"));
                    view.put("state", rs.getString("state"));
                    view.put("attempt_count", rs.getInt("attempts"));
                    view.put("next_attempt_at", Instant.ofEpochMilli(rs.getLong("next_attempt_at")).toString());
                    return view;
                }, taskId).stream().map(view -> {
                    view.put("attempts", attempts((String) view.get("id")).stream().map(a -> {
                        java.util.Map<String, Object> attempt = new java.util.LinkedHashMap<>();
                        attempt.put("number", a.number());
                        attempt.put("started_at", a.startedAt().toString());
                        attempt.put("duration_ms", a.duration().toMillis());
                        attempt.put("outcome", a.outcome().wireName());
                        attempt.put("status_code", a.statusCode());
                        attempt.put("error", a.error());
                        return attempt;
                    }).toList());
                    return view;
                }).toList();
    }

    /** Makes a delivery pending and due at {@code now} with a fresh retry budget; false when it does not exist. */
    public boolean replay(String deliveryId, Instant now) {
        return jdbc.update("UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?, schedule_start = ? WHERE id = ?",
                PENDING, now.toEpochMilli(), now.toEpochMilli(), deliveryId) == 1;
    }

    private void finish(DeliveryAttempt attempt, DeliveryState state) {
        insertAttempt(attempt);
        jdbc.update("UPDATE webhook_deliveries SET attempts = attempts + 1, state = ? WHERE id = ?", state.wireName(), attempt.deliveryId());
    }

    private void insertAttempt(DeliveryAttempt attempt) {
        jdbc.update("INSERT INTO webhook_attempts (delivery_id, number, started_at, duration_ms, outcome, status_code, error, retry_after)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                attempt.deliveryId(), attempt.number(), attempt.startedAt().toEpochMilli(), attempt.duration().toMillis(),
                attempt.outcome().wireName(), attempt.statusCode(), attempt.error(), attempt.retryAfter());
    }

    private static Integer nullableInt(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private record Candidate(String id, long nextAttemptAt) {
    }
}
