package dev.easel.server.admission;

import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.dispatch.TierWait;
import dev.easel.server.store.TaskStore;
import dev.easel.server.task.SubmittedTask;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs {@link AdmissionPolicy} for a submit, with the tier's load and projected wait from the
 * dispatch loop and the user's waiting tasks from the store, or for a synchronous submit
 * ({@code POST /v1/run}) the user's running calls that its caller counts.
 *
 * <p>{@link #submit} and {@link #submitSynchronous} hold the user's lock ({@link UserLocks}) from
 * the decision until the task is stored, so concurrent submits of one user are counted one after
 * the other and cannot pass {@code max-queued-per-user} or {@code max-running-per-user} together. The lock also covers the submit's wait for its queue
 * position, so one user's concurrent submits get their responses one after the other. Other users
 * wait only when their ids share a lock stripe. Note that the lock works within one process:
 * API nodes that share a PostgreSQL store do not see each other's submits in flight. Thread-safe.
 */
public final class AdmissionGate {

    /** How long a rejection waits for the loop's projection of the next start in a full queue. */
    private static final long START_TIMEOUT_MILLIS = 1_000;

    private final AdmissionPolicy policy;
    private final TierPauses pauses;
    private final DispatchLoop loop;
    private final TaskStore store;
    private final UserLocks locks;
    private final DegradeRecords degrades;
    private final Function<String, SizeStep> sizeSteps;
    private final Function<String, Map<String, Object>> shapeDefaults;

    /**
     * @param sizeSteps     the image sizes a model id accepts, which a resolution cap keeps to;
     *                      {@link SizeStep#DEFAULT} for a model it does not know
     * @param shapeDefaults a model id's default {@code width}, {@code height}, {@code steps} and
     *                      {@code images}, used where a request leaves them out; empty for a model
     *                      it does not know
     */
    public AdmissionGate(AdmissionPolicy policy, TierPauses pauses, DispatchLoop loop, TaskStore store, UserLocks locks,
                         DegradeRecords degrades, Function<String, SizeStep> sizeSteps,
                         Function<String, Map<String, Object>> shapeDefaults) {
        this.policy = policy;
        this.pauses = pauses;
        this.loop = loop;
        this.store = store;
        this.locks = locks;
        this.degrades = degrades;
        this.sizeSteps = sizeSteps;
        this.shapeDefaults = shapeDefaults;
    }

    /**
     * Admits a queued submit, then stores it through {@code submit} while holding the user's lock.
     * When a degrade rule capped the task, {@code submit} receives the capped parameters, and the
     * changes are stored with the task before this method returns.
     *
     * <p>When {@code submit} rejects the request after admission (an invalid parameter, an
     * unknown model, a full scheduler queue), the request token and budget it was charged are
     * given back, so a corrected request is not held back by a rejected one. A
     * {@link CompletionException} from {@code submit} is a store or dispatch failure that may
     * come after the task was stored, so its charge stays.
     *
     * @param params the request's parameters; {@code null} for a catalog request, which is not
     *               degraded
     * @param submit validates, stores and queues the task with the parameters it is given
     * @throws AdmissionRejectedException when a limit is hit; nothing is stored then
     */
    public SubmittedTask submit(String user, String tier, String model, Map<String, Object> params,
                                Function<Map<String, Object>, SubmittedTask> submit) {
        return submitLocked(user, tier, params, () -> admitQueued(user, tier, model, params), submit);
    }

    /**
     * Does what {@link #submit} does for a synchronous request, whose caller waits for the result
     * in the same HTTP request, so the task cannot wait in a queue: admission checks the user's
     * running tasks against {@code max-running-per-user} and skips the two queue limits.
     *
     * @param running the user's running synchronous calls in the tier; read while the user's lock
     *                is held, so {@code submit} must count its own call before it returns
     */
    public SubmittedTask submitSynchronous(String user, String tier, String model, Map<String, Object> params,
                                           Supplier<UserLoad> running, Function<Map<String, Object>, SubmittedTask> submit) {
        return submitLocked(user, tier, params, () -> admitSynchronous(user, tier, model, params, running.get()), submit);
    }

    private SubmittedTask submitLocked(String user, String tier, Map<String, Object> params,
                                       Supplier<AdmissionDecision.Admitted> admit,
                                       Function<Map<String, Object>, SubmittedTask> submit) {
        ReentrantLock lock = locks.forUser(user);
        lock.lock();
        try {
            AdmissionDecision.Admitted admitted = admit.get();
            boolean degraded = admitted.isDegraded() && params != null;
            SubmittedTask submitted;
            try {
                submitted = submit.apply(degraded ? capped(params, admitted) : params);
            } catch (CompletionException e) {
                if (e.getCause() instanceof IdempotencyKeyTakenException) {
                    policy.refund(user, tier, admitted.charge());
                }
                throw e;
            } catch (RuntimeException e) {
                policy.refund(user, tier, admitted.charge());
                throw e;
            }
            if (degraded) {
                degrades.record(submitted.task().id(), admitted.changes());
            }
            return submitted;
        } finally {
            lock.unlock();
        }
    }

    /** Admits a queued request: the user's queued tasks and the tier's queue length are checked. */
    private AdmissionDecision.Admitted admitQueued(String user, String tier, String model, Map<String, Object> params) {
        TierLimits limits = policy.limits(tier);
        int queued = queuedOf(user, tier, limits);
        boolean atUserLimit = limits.maxQueuedPerUser() != null && queued >= limits.maxQueuedPerUser();
        UserLoad userLoad = new UserLoad(queued, 0, atUserLimit ? projectedStartIn(tier, user) : null, null);
        TierLoad tierLoad = withNextStart(tierLoad(tier), tier, limits, atUserLimit && userLoad.nextStartIn() == null);
        return decide(new AdmissionRequest(user, tier, shapeOf(model, params), false, sizeStepOf(model)), tierLoad, userLoad);
    }

    /** Admits a synchronous request: the user's running calls are checked, the queues are not. */
    private AdmissionDecision.Admitted admitSynchronous(String user, String tier, String model, Map<String, Object> params,
                                                        UserLoad running) {
        return decide(new AdmissionRequest(user, tier, shapeOf(model, params), true, sizeStepOf(model)), tierLoad(tier), running);
    }

    /**
     * Runs the policy and returns its admission.
     *
     * @throws AdmissionRejectedException when a limit is hit
     */
    private AdmissionDecision.Admitted decide(AdmissionRequest request, TierLoad tierLoad, UserLoad userLoad) {
        AdmissionDecision decision = policy.admit(request, tierLoad, userLoad);
        if (decision instanceof AdmissionDecision.Rejected rejected) {
            throw new AdmissionRejectedException(rejected);
        }
        return (AdmissionDecision.Admitted) decision;
    }

    /** Returns the task's shape, where a size or step count that the request leaves out is the model's default. */
    private TaskShape shapeOf(String model, Map<String, Object> params) {
        Map<String, Object> effective = withDefaults(model, params);
        return new TaskShape(model == null ? "" : model, number(effective, "steps", 0), number(effective, "width", 1),
                number(effective, "height", 1), number(effective, "images", 1));
    }

    private SizeStep sizeStepOf(String model) {
        return model == null ? SizeStep.DEFAULT : sizeSteps.apply(model);
    }

    /** Adds {@code degraded} and {@code degrade_changes} to a task's API view. */
    public void addDegradeTo(Map<String, Object> view, String taskId) {
        degrades.addTo(view, taskId);
    }

    private TierLoad tierLoad(String tier) {
        boolean paused = pauses.isPaused(tier);
        Optional<TierWait> wait = loop.tierWait(tier);
        return new TierLoad(paused, loop.queuedByTier().getOrDefault(tier, 0),
                wait.map(TierWait::projectedWait).orElse(Duration.ZERO),
                wait.map(TierWait::nextStartIn).orElse(null),
                paused ? pauses.retryAfter(tier) : null);
    }

    /**
     * Fills in the tier's next projected start when a queue limit is hit and the loop's tier wait,
     * refreshed once a second, does not have it yet: {@code Retry-After} of {@code queue_full},
     * and of {@code too_many_queued} when the user's own next start is unknown.
     */
    private TierLoad withNextStart(TierLoad load, String tier, TierLimits limits, boolean userStartUnknown) {
        boolean atTierLimit = limits.maxQueued() != null && load.queued() >= limits.maxQueued();
        if (load.nextStartIn() != null || !(atTierLimit || userStartUnknown)) {
            return load;
        }
        return new TierLoad(load.paused(), load.queued(), load.projectedWait(), projectedStartIn(tier, null), load.pauseRetryAfter());
    }

    /**
     * Returns when the first queued task of the tier (of the user in it, when {@code user} is not
     * null) is projected to start; {@code null} when unknown or the loop did not respond in time.
     */
    private Duration projectedStartIn(String tier, String user) {
        try {
            return loop.nextStartIn(tier, user).get(START_TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS).orElse(null);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int queuedOf(String user, String tier, TierLimits limits) {
        if (limits.maxQueuedPerUser() == null) {
            return 0;
        }
        return store.countWaiting(user, tier, limits.maxQueuedPerUser() + 1);
    }

    /** Returns the parameters over the model's defaults; {@code null} for a catalog request. */
    private Map<String, Object> withDefaults(String model, Map<String, Object> params) {
        if (model == null || params == null) {
            return params;
        }
        Map<String, Object> effective = new LinkedHashMap<>(shapeDefaults.apply(model));
        effective.putAll(params);
        return effective;
    }

    /** Returns the parameters with the capped values of each changed field. */
    private static Map<String, Object> capped(Map<String, Object> params, AdmissionDecision.Admitted admitted) {
        Map<String, Object> capped = new LinkedHashMap<>(params);
        for (ParameterChange change : admitted.changes()) {
            capped.put(change.field(), change.applied());
        }
        return capped;
    }

    private static int number(Map<String, Object> params, String name, int fallback) {
        Object value = params == null ? null : params.get(name);
        if (value instanceof Number n && n.doubleValue() >= (fallback == 0 ? 0 : 1) && n.doubleValue() <= 1_000_000) {
            return n.intValue();
        }
        return fallback;
    }
}
