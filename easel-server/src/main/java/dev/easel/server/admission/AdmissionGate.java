package dev.easel.server.admission;

import dev.easel.core.task.TaskState;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.store.TaskStore;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@link AdmissionPolicy} for a submit, with the tier's load from the dispatch loop and the
 * user's queued tasks from the store.
 *
 * <p>Note that the tier's projected wait is passed as zero, so degrade rules do not fire yet,
 * and that admission and the insert are not serialised per user ({@link UserLocks}), so a burst
 * of concurrent submits by one user can pass {@code max-queued-per-user} by the number of
 * requests in flight. Thread-safe.
 */
public final class AdmissionGate {

    private static final Set<TaskState> WAITING = Set.of(TaskState.QUEUED, TaskState.RETRYING);

    private final AdmissionPolicy policy;
    private final TierPauses pauses;
    private final DispatchLoop loop;
    private final TaskStore store;

    public AdmissionGate(AdmissionPolicy policy, TierPauses pauses, DispatchLoop loop, TaskStore store) {
        this.policy = policy;
        this.pauses = pauses;
        this.loop = loop;
        this.store = store;
    }

    /**
     * Admits a submit or throws.
     *
     * @param user   the authenticated user id
     * @param tier   the task's scheduler tier
     * @param model  the model id
     * @param params the request's parameters (steps, width, height, images are read when present)
     * @throws AdmissionRejectedException when a limit is hit
     */
    public AdmissionDecision.Admitted admit(String user, String tier, String model, Map<String, Object> params) {
        TierLimits limits = policy.limits(tier);
        TaskShape shape = new TaskShape(model == null ? "" : model, number(params, "steps", 0), number(params, "width", 1), number(params, "height", 1),
                number(params, "images", 1));
        TierLoad tierLoad = new TierLoad(pauses.isPaused(tier), loop.queuedByTier().getOrDefault(tier, 0), Duration.ZERO, null);
        UserLoad userLoad = new UserLoad(queuedOf(user, limits), 0, null, null);

        AdmissionDecision decision = policy.admit(new AdmissionRequest(user, tier, shape, false), tierLoad, userLoad);
        if (decision instanceof AdmissionDecision.Rejected rejected) {
            throw new AdmissionRejectedException(rejected);
        }
        return (AdmissionDecision.Admitted) decision;
    }

    private int queuedOf(String user, TierLimits limits) {
        if (limits.maxQueuedPerUser() == null) {
            return 0;
        }
        int bound = Math.min(limits.maxQueuedPerUser() + 1, 1000);
        return store.listTasks(user, WAITING, null, bound).items().size();
    }

    private static int number(Map<String, Object> params, String name, int fallback) {
        Object value = params == null ? null : params.get(name);
        if (value instanceof Number n && n.doubleValue() >= (fallback == 0 ? 0 : 1) && n.doubleValue() <= 1_000_000) {
            return n.intValue();
        }
        return fallback;
    }
}
