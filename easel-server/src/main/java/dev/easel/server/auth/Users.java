package dev.easel.server.auth;

import dev.easel.server.task.IdGenerator;
import dev.easel.server.task.RequestRejectedException;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates, changes and reads users and their keys for the admin API. It rejects disabling the
 * last enabled admin or that admin's last enabled key, because no one could call the admin API
 * afterwards. Thread-safe.
 */
public final class Users {

    /**
     * A created user or key, with the key text shown this once.
     *
     * @param user   the user
     * @param keyId  the new key's public id
     * @param apiKey the new key's text; it is not stored and cannot be read again
     */
    public record Issued(User user, String keyId, String apiKey) {
    }

    /** A key as the admin API lists it; see {@link UserStore.KeyInfo}. */
    public record Key(String keyId, boolean disabled, long createdAt) {
    }

    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");

    private final UserStore store;
    private final AuthProperties properties;
    private final IdGenerator ids;

    /**
     * Serialises the disabling of users and keys, so that two concurrent requests cannot each
     * disable one of the last two admins. NOTE: this guards one process only; two API nodes on one
     * PostgreSQL store can still race.
     */
    private final Object adminChanges = new Object();

    public Users(UserStore store, AuthProperties properties, IdGenerator ids) {
        this.store = store;
        this.properties = properties;
        this.ids = ids;
    }

    /**
     * Creates a user with a first key.
     *
     * @param plan  a configured plan, or {@code null} for the default plan
     * @param group a group name, or {@code null} for {@code default}
     * @throws RequestRejectedException 422 when a field is missing or invalid
     */
    public Issued create(String name, String plan, String group, boolean admin) {
        if (name == null || name.isBlank()) {
            throw new RequestRejectedException(422, "missing_field", "name", null, "1 to 200 characters")
                    .withLimitMessage("limit.characters_range", "200");
        }
        if (name.length() > 200) {
            throw new RequestRejectedException(422, "invalid_field", "name", name, "1 to 200 characters")
                    .withLimitMessage("limit.characters_range", "200");
        }
        User user = new User(ids.next("usr"), name.strip(), checkedPlan(plan == null ? properties.defaultPlan() : plan),
                checkedGroup(group == null ? "default" : group), admin, false, System.currentTimeMillis());
        String key = ApiKeys.generate();
        store.create(user, key);
        return new Issued(user, ApiKeys.parse(key).orElseThrow().keyId(), key);
    }

    /** Adds a key to a user. @throws RequestRejectedException 404 for an unknown user */
    public Issued addKey(String userId) {
        User user = require(userId);
        String key = ApiKeys.generate();
        store.addKey(userId, key, System.currentTimeMillis());
        return new Issued(user, ApiKeys.parse(key).orElseThrow().keyId(), key);
    }

    /** Changes a user's plan and/or group; a {@code null} field stays as it is. */
    public User update(String userId, String plan, String group) {
        User user = require(userId);
        store.update(userId, plan == null ? user.plan() : checkedPlan(plan), group == null ? user.group() : checkedGroup(group));
        return require(userId);
    }

    /**
     * Disables or enables a user and so all of its keys.
     *
     * @throws RequestRejectedException 404 for an unknown user, 409 {@code last_admin} when disabling
     *                                  would leave no enabled admin with an enabled key
     */
    public User setDisabled(String userId, boolean disabled) {
        synchronized (adminChanges) {
            require(userId);
            if (disabled && AdminAccess.usableAdmins(store).equals(List.of(userId))) {
                throw new RequestRejectedException(409, "last_admin", "id", userId,
                        "user " + userId + " is the last enabled admin with an enabled key").withLimitMessage("limit.last_admin_user", userId);
            }
            store.setDisabled(userId, disabled);
        }
        return require(userId);
    }

    /**
     * Disables or enables one key.
     *
     * @throws RequestRejectedException 404 for an unknown user or key, 409 {@code last_admin} when
     *                                  disabling would leave no enabled admin with an enabled key
     */
    public void setKeyDisabled(String userId, String keyId, boolean disabled) {
        synchronized (adminChanges) {
            require(userId);
            if (disabled && AdminAccess.usableAdmins(store).equals(List.of(userId))
                    && AdminAccess.enabledKeys(store, userId).equals(List.of(keyId))) {
                throw new RequestRejectedException(409, "last_admin", "key_id", keyId,
                        "key " + keyId + " is the last enabled key of " + userId + ", the last enabled admin")
                        .withLimitMessage("limit.last_admin_key", keyId, userId);
            }
            if (!store.setKeyDisabled(userId, keyId, disabled)) {
                throw new RequestRejectedException(404, "key_not_found", "key_id", keyId, null);
            }
        }
    }

    /** Returns a user. @throws RequestRejectedException 404 for an unknown user */
    public User require(String userId) {
        return store.find(userId).orElseThrow(() -> new RequestRejectedException(404, "user_not_found", "id", userId, null));
    }

    public Optional<User> find(String userId) {
        return store.find(userId);
    }

    public List<User> list() {
        return store.list();
    }

    public List<Key> keys(String userId) {
        require(userId);
        return store.keys(userId).stream().map(k -> new Key(k.keyId(), k.disabled(), k.createdAt())).toList();
    }

    /** Returns the scheduler tier of a user's plan. */
    public String tierOf(User user) {
        return properties.tierOf(user.plan());
    }

    private String checkedPlan(String plan) {
        if (!properties.plans().containsKey(plan)) {
            String plans = String.join(", ", new java.util.TreeSet<>(properties.plans().keySet()));
            throw new RequestRejectedException(422, "unknown_plan", "plan", plan, "one of: " + plans).withLimitMessage("limit.one_of", plans);
        }
        return plan;
    }

    private static String checkedGroup(String group) {
        if (!GROUP.matcher(group).matches()) {
            throw new RequestRejectedException(422, "invalid_field", "group", group,
                    "1 to 100 characters of a-z, 0-9, _ and -, starting with a letter or digit").withLimitMessage("limit.group_name");
        }
        return group;
    }
}
