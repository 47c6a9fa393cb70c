package dev.easel.server.admission;

import java.util.Objects;

/**
 * One task submission as admission sees it.
 *
 * @param userId      the authenticated user
 * @param tier        the user's scheduler tier
 * @param shape       the requested parameters
 * @param synchronous whether the caller waits for the result in the same request (the realtime
 *                    lane), so the task cannot wait in a queue
 */
public record AdmissionRequest(String userId, String tier, TaskShape shape, boolean synchronous) {

    public AdmissionRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(shape, "shape");
    }
}
