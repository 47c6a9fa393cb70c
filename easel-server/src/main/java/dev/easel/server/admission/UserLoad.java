package dev.easel.server.admission;

/**
 * A user's tasks in one tier at the moment of admission, read from the store and the scheduler.
 *
 * <p>Note that the counts must include every task admitted before this one: the caller admits
 * and stores a user's tasks one at a time ({@link UserLocks}), or concurrent submits would all
 * see the same count and pass together.
 *
 * @param queued       the user's queued tasks in the tier
 * @param running      the user's running tasks in the tier
 * @param nextStartIn  time until the user's first queued task is projected to start; {@code null}
 *                     when unknown or none is queued
 * @param nextFinishIn time until the user's first running task is projected to finish;
 *                     {@code null} when unknown or none runs
 */
public record UserLoad(int queued, int running, java.time.Duration nextStartIn, java.time.Duration nextFinishIn) {

    /** Returns the load of a user with no tasks. */
    public static UserLoad none() {
        return new UserLoad(0, 0, null, null);
    }

    /** Returns the load of a synchronous request's user, who has {@code running} calls in flight and none queued. */
    public static UserLoad running(int running, java.time.Duration nextFinishIn) {
        return new UserLoad(0, running, null, nextFinishIn);
    }
}
