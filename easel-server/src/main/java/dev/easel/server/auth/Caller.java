package dev.easel.server.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The authenticated caller of a request, set by {@link ApiKeyFilter} as a request attribute.
 *
 * @param user          the user
 * @param keyId         the id of the key the request used
 * @param schedulerTier the scheduler tier of the user's plan
 */
public record Caller(User user, String keyId, String schedulerTier) {

    /** The request attribute that holds the caller. */
    public static final String ATTRIBUTE = Caller.class.getName();

    /** Returns the caller of a request that passed {@link ApiKeyFilter}, or {@code null}. */
    public static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(ATTRIBUTE);
    }
}
