package dev.easel.server.auth;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Optional;

/**
 * Users and API keys in the task store's database (SQLite or PostgreSQL, same SQL).
 *
 * <p>Note that these writes do not go through the task store's group-commit writer: they are
 * rare admin actions, and SQLite's busy timeout serialises them with the writer. Thread-safe.
 */
public final class UserStore {

    /**
     * A stored key with its owner.
     *
     * @param keyId    the key's public id
     * @param keyHash  SHA-256 of the key text
     * @param disabled whether the key itself is disabled
     * @param user     the owner
     */
    record StoredKey(String keyId, String keyHash, boolean disabled, User user) {
    }

    private static final String USER_COLUMNS = "u.id, u.name, u.plan, u.user_group, u.is_admin, u.disabled, u.created_at";

    private static final RowMapper<User> USER = (rs, row) -> new User(rs.getString("id"), rs.getString("name"),
            rs.getString("plan"), rs.getString("user_group"), rs.getBoolean("is_admin"), rs.getBoolean("disabled"),
            rs.getLong("created_at"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public UserStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Stores a new user with its first key (only the key's hash is stored), in one transaction. */
    void create(User user, String keyText) {
        transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO users (id, name, plan, user_group, is_admin, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    user.id(), user.name(), user.plan(), user.group(), user.admin(), user.disabled(), user.createdAt());
            insertKey(user.id(), keyText, user.createdAt());
        });
    }

    /** Stores another key of an existing user. */
    void addKey(String userId, String keyText, long now) {
        insertKey(userId, keyText, now);
    }

    /** Returns a user by id. */
    public Optional<User> find(String userId) {
        List<User> users = jdbc.query("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = ?", USER, userId);
        return users.stream().findFirst();
    }

    /** Returns every user, oldest first. */
    List<User> list() {
        return jdbc.query("SELECT " + USER_COLUMNS + " FROM users u ORDER BY u.created_at, u.id", USER);
    }

    /** Returns whether any admin user exists. */
    boolean hasAdmin() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE is_admin = ?", Integer.class, true);
        return count != null && count > 0;
    }

    /** Returns whether a key with this hash is stored. */
    boolean hasKeyHash(String keyHash) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?", Integer.class, keyHash);
        return count != null && count > 0;
    }

    /** Returns a key and its owner by the key's public id. */
    Optional<StoredKey> findKey(String keyId) {
        return jdbc.query("SELECT k.key_id, k.key_hash, k.disabled AS key_disabled, " + USER_COLUMNS
                        + " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_id = ?",
                (rs, row) -> new StoredKey(rs.getString("key_id"), rs.getString("key_hash"), rs.getBoolean("key_disabled"),
                        USER.mapRow(rs, row)), keyId).stream().findFirst();
    }

    /** Returns the ids of a user's keys and whether each is disabled, oldest first. */
    List<KeyInfo> keys(String userId) {
        return jdbc.query("SELECT key_id, disabled, created_at FROM api_keys WHERE user_id = ? ORDER BY created_at, key_id",
                (rs, row) -> new KeyInfo(rs.getString("key_id"), rs.getBoolean("disabled"), rs.getLong("created_at")), userId);
    }

    /** Enables or disables a user; returns whether the user exists. */
    boolean setDisabled(String userId, boolean disabled) {
        return jdbc.update("UPDATE users SET disabled = ? WHERE id = ?", disabled, userId) == 1;
    }

    /** Enables or disables one key of a user; returns whether the key exists. */
    boolean setKeyDisabled(String userId, String keyId, boolean disabled) {
        return jdbc.update("UPDATE api_keys SET disabled = ? WHERE user_id = ? AND key_id = ?", disabled, userId, keyId) == 1;
    }

    /** Changes a user's plan and group; returns whether the user exists. */
    boolean update(String userId, String plan, String group) {
        return jdbc.update("UPDATE users SET plan = ?, user_group = ? WHERE id = ?", plan, group, userId) == 1;
    }

    private void insertKey(String userId, String keyText, long now) {
        ApiKeys.Parsed parsed = ApiKeys.parse(keyText)
                .orElseThrow(() -> new IllegalArgumentException("not an Easel API key: it must look like " + ApiKeys.PREFIX + "<12 hex>_<secret>"));
        jdbc.update("INSERT INTO api_keys (key_id, user_id, key_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?)",
                parsed.keyId(), userId, ApiKeys.hash(keyText), false, now);
    }

    /**
     * A key as the admin API shows it; the key text itself is never stored.
     *
     * @param keyId     the key's public id
     * @param disabled  whether it is disabled
     * @param createdAt creation time, milliseconds since the epoch
     */
    record KeyInfo(String keyId, boolean disabled, long createdAt) {
    }
}
