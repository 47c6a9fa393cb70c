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
 * @param sizeStep    the image sizes the model accepts, kept by a resolution cap
 */
public record AdmissionRequest(String userId, String tier, TaskShape shape, boolean synchronous, SizeStep sizeStep) {

    public AdmissionRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(sizeStep, "sizeStep");
    }

    /** Creates a request for a model with the {@link SizeStep#DEFAULT} size step. */
    public AdmissionRequest(String userId, String tier, TaskShape shape, boolean synchronous) {
        this(userId, tier, shape, synchronous, SizeStep.DEFAULT);
    }
}
