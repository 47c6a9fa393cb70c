package dev.easel.server.auth;

import java.util.List;

/**
 * Finds the admins who can call the admin API now: enabled admin users with at least one enabled
 * key. The admin API keeps at least one of them, and a start with {@code EASEL_ADMIN_KEY}
 * enables that key's admin again when none is left. Reads the store on every call, so it costs one query per user; admin changes are rare.
 */
final class AdminAccess {

    private AdminAccess() {
    }

    /** Returns the ids of the enabled admins that have an enabled key, oldest first. */
    static List<String> usableAdmins(UserStore store) {
        return store.list().stream()
                .filter(user -> user.admin() && !user.disabled())
                .filter(user -> !enabledKeys(store, user.id()).isEmpty())
                .map(User::id)
                .toList();
    }

    /** Returns the ids of a user's enabled keys, oldest first. */
    static List<String> enabledKeys(UserStore store, String userId) {
        return store.keys(userId).stream().filter(key -> !key.disabled()).map(UserStore.KeyInfo::keyId).toList();
    }
}
