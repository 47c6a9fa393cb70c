package dev.easel.server.webhook;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Users' webhook secrets in the store. A user gets a secret on first use; a rotation adds a new
 * current secret and keeps the previous one signing beside it, so receivers can switch without
 * losing deliveries. Thread-safe.
 *
 * <p>TODO: the previous secret keeps signing until the next rotation; it should stop after a
 * grace period.
 */
public final class JdbcWebhookSecrets implements WebhookSecrets {

    private final JdbcTemplate jdbc;

    public JdbcWebhookSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<WebhookSecret> forUser(String userId) {
        return jdbc.query("SELECT secret FROM webhook_secrets WHERE user_id = ? ORDER BY created_at DESC LIMIT 2",
                (rs, row) -> WebhookSecret.parse(rs.getString("secret")), userId);
    }

    /** Returns the user's current secret, creating one when the user has none. */
    public synchronized WebhookSecret currentOrCreate(String userId) {
        List<WebhookSecret> secrets = forUser(userId);
        return secrets.isEmpty() ? rotate(userId) : secrets.get(0);
    }

    /** Creates a new current secret; the previous one still signs beside it. */
    public synchronized WebhookSecret rotate(String userId) {
        WebhookSecret secret = WebhookSecret.generate();
        long createdAt = Math.max(System.currentTimeMillis(), latestCreatedAt(userId) + 1);
        jdbc.update("INSERT INTO webhook_secrets (user_id, secret, created_at) VALUES (?, ?, ?)", userId, secret.serialise(), createdAt);
        return secret;
    }

    private long latestCreatedAt(String userId) {
        Long latest = jdbc.queryForObject("SELECT MAX(created_at) FROM webhook_secrets WHERE user_id = ?", Long.class, userId);
        return latest == null ? 0 : latest;
    }
}
