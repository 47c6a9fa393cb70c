package dev.easel.server.webhook;

import java.util.List;

/** Looks up the secrets that sign a user's webhooks; the store implements it. */
@FunctionalInterface
public interface WebhookSecrets {

    /**
     * Returns the user's active secrets, the current one first and, during a rotation, the
     * previous one after it; empty when the user has none.
     */
    List<WebhookSecret> forUser(String userId);
}
