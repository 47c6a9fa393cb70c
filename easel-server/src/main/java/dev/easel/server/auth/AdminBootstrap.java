package dev.easel.server.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an admin can call the API after start.
 *
 * <ul>
 *   <li>With {@code easel.auth.admin-key} set (environment {@code EASEL_ADMIN_KEY}), that key
 *       belongs to the admin user {@value #ADMIN_ID}, which is created when missing. When no
 *       enabled admin with an enabled key is left, the start enables that user and key again.</li>
 *   <li>Without it, the first start on an empty store creates the admin with a random key and
 *       logs the key once at WARN inside a banner. Later starts log nothing about keys.</li>
 * </ul>
 */
final class AdminBootstrap {

    /** The id of the admin user that this bootstrap creates. */
    static final String ADMIN_ID = "usr_admin";

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private AdminBootstrap() {
    }

    /** Runs the bootstrap; call it once after the schema is migrated. */
    static void run(UserStore store, AuthProperties properties) {
        long now = System.currentTimeMillis();
        if (!properties.adminKey().isEmpty()) {
            String key = properties.adminKey();
            if (ApiKeys.parse(key).isEmpty()) {
                throw new IllegalStateException("EASEL_ADMIN_KEY (easel.auth.admin-key) must have " + ApiKeys.MIN_FOREIGN_LENGTH
                        + " to 200 characters, for example the output of: openssl rand -hex 32");
            }
            if (!store.hasKeyHash(ApiKeys.hash(key))) {
                if (store.find(ADMIN_ID).isPresent()) {
                    store.addKey(ADMIN_ID, key, now);
                } else {
                    store.create(admin(now), key);
                }
                log.atInfo().addKeyValue("user", ADMIN_ID).log("admin key from the environment registered");
            }
            restoreAccess(store, ApiKeys.parse(key).orElseThrow().keyId());
            return;
        }
        if (store.hasAdmin()) {
            return;
        }
        String key = ApiKeys.generate();
        store.create(admin(now), key);
        log.warn("""

                ================================================================================
                  First start: Easel created the admin user {} with this API key.
                  It is shown only this once and only its hash is stored; keep it now.

                      {}

                  Use it as 'Authorization: Bearer <key>' on /v1/admin/... to create users.
                  Set EASEL_ADMIN_KEY instead in deployments that are not embedded.
                ================================================================================""", ADMIN_ID, key);
    }

    /**
     * Enables the environment's admin key and its user again when they are disabled and no other
     * enabled admin with an enabled key is left, because then no one could enable them through the
     * API. While another admin can still call the API, a disabled key or user stays disabled, since
     * an admin may have disabled it on purpose, and a WARN log names the way to enable it.
     */
    private static void restoreAccess(UserStore store, String keyId) {
        UserStore.StoredKey key = store.findKey(keyId).orElseThrow();
        User owner = key.user();
        if (!owner.disabled() && !key.disabled()) {
            return;
        }
        if (owner.admin() && AdminAccess.usableAdmins(store).isEmpty()) {
            store.setDisabled(owner.id(), false);
            store.setKeyDisabled(owner.id(), keyId, false);
            log.atWarn().addKeyValue("user", owner.id()).addKeyValue("key_id", keyId)
                    .log("no enabled admin with an enabled key was left, so the admin user and its EASEL_ADMIN_KEY are enabled again");
            return;
        }
        log.atWarn().addKeyValue("user", owner.id()).addKeyValue("key_id", keyId)
                .addKeyValue("user_disabled", owner.disabled()).addKeyValue("key_disabled", key.disabled())
                .log("EASEL_ADMIN_KEY gets 401 because its user or the key itself is disabled; another admin can enable the user"
                        + " with POST /v1/admin/users/{id}/enable, and a disabled key needs a new EASEL_ADMIN_KEY");
    }

    private static User admin(long now) {
        return new User(ADMIN_ID, "admin", "enterprise", "admin", true, false, now);
    }
}
