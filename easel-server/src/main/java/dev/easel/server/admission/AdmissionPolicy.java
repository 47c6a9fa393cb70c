package dev.easel.server.admission;

import dev.easel.server.admission.AdmissionDecision.Admitted;
import dev.easel.server.admission.AdmissionDecision.Rejected;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a task is admitted, admitted degraded, or rejected.
 *
 * <p>The checks run in this order, and the first that fails decides:
 * <ol>
 *   <li>the tier is paused: {@code tier_paused} (503);</li>
 *   <li>the user's request rate: {@code rate_limited}. Every request that gets this far takes a
 *       token, including requests a later check rejects;</li>
 *   <li>synchronous requests only, the user's running tasks: {@code too_many_running};</li>
 *   <li>queued requests only, the user's queued tasks: {@code too_many_queued};</li>
 *   <li>queued requests only, the tier's queue length: {@code queue_full};</li>
 *   <li>the tier's degrade rule for its projected wait: {@code tier_overloaded}, or the task is
 *       capped and the changes are recorded;</li>
 *   <li>the user's hourly cost budget, charged with the estimate of the task as it will run:
 *       {@code cost_exceeds_budget} when the task alone is larger than the budget, otherwise
 *       {@code cost_budget_exhausted}.</li>
 * </ol>
 *
 * <p>Every {@code Retry-After} comes from the limit that was hit: the token bucket's refill time,
 * the budget's refill time, the projected time until the user's or the tier's next task starts or
 * finishes, how far the projected wait is above the rejecting threshold, or the time left of a
 * timed pause. A pause without an end time gives the configured check-again interval.
 *
 * <p>Thread-safe. Limits can be replaced at run time with {@link #updateLimits}; the next
 * decision uses them.
 */
public final class AdmissionPolicy {

    private static final Logger log = LoggerFactory.getLogger(AdmissionPolicy.class);

    private final ConcurrentMap<String, TierLimits> limits;
    private final CostEstimator costEstimator;
    private final UserBuckets buckets;

    public AdmissionPolicy(AdmissionProperties properties, CostEstimator costEstimator, Clock clock) {
        this.limits = new ConcurrentHashMap<>(properties.tiers());
        this.costEstimator = Objects.requireNonNull(costEstimator, "costEstimator");
        this.buckets = new UserBuckets(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Decides on one request.
     *
     * @param request the submission
     * @param tier    the tier's state now
     * @param user    the user's tasks in the tier now, including every task admitted before
     */
    public AdmissionDecision admit(AdmissionRequest request, TierLoad tier, UserLoad user) {
        TierLimits tierLimits = limits(request.tier());

        Optional<Rejected> rejected = checkPaused(tier)
                .or(() -> checkRate(request, tierLimits))
                .or(() -> checkUserLoad(request, tierLimits, user, tier))
                .or(() -> checkQueueLength(request, tierLimits, tier));
        if (rejected.isPresent()) {
            return logged(request, rejected.get());
        }

        Optional<DegradeRule> rule = Degrader.ruleFor(tierLimits.degrade(), tier.projectedWait());
        if (rule.isPresent() && rule.get().action() == DegradeAction.REJECT) {
            return logged(request, overloaded(rule.get(), tier));
        }
        Degrader.Capped capped = rule.map(r -> Degrader.cap(request.shape(), r, request.sizeStep()))
                .orElse(new Degrader.Capped(request.shape(), List.of()));

        double cost = costEstimator.estimateSeconds(request.tier(), capped.shape());
        Optional<Rejected> overBudget = checkBudget(request, tierLimits, cost);
        if (overBudget.isPresent()) {
            return logged(request, overBudget.get());
        }
        AdmissionDecision.Charge charge = new AdmissionDecision.Charge(tierLimits.rate() == null ? 0 : 1,
                tierLimits.costBudgetPerHour() == null ? 0 : UserBuckets.costTokens(cost));
        return new Admitted(capped.shape(), cost, capped.changes(), charge);
    }

    /**
     * Gives back what an admitted request took from the user's rate and budget buckets, for a
     * request that was rejected after admission and stored nothing. A bucket never grows past its
     * capacity, and a bucket dropped as full in the meantime is left alone.
     */
    public void refund(String userId, String tier, AdmissionDecision.Charge charge) {
        buckets.refund(userId, tier, charge);
        log.debug("Admission charge refunded user={} tier={} request_tokens={} cost_millis={}",
                userId, tier, charge.requestTokens(), charge.costMillis());
    }

    /** Returns the limits of a tier; {@link TierLimits#UNLIMITED} when none are configured. */
    public TierLimits limits(String tier) {
        return limits.getOrDefault(tier, TierLimits.UNLIMITED);
    }

    /** Returns the configured limits of every tier. */
    public Map<String, TierLimits> allLimits() {
        return Map.copyOf(limits);
    }

    /** Replaces a tier's limits; existing buckets take the new rate on their next use. */
    public void updateLimits(String tier, TierLimits tierLimits) {
        limits.put(Objects.requireNonNull(tier, "tier"), Objects.requireNonNull(tierLimits, "tierLimits"));
        log.info("Admission limits changed tier={} limits={}", tier, tierLimits);
    }

    /**
     * Drops the buckets of users who have been idle long enough for them to refill; call it
     * periodically (every few minutes) to bound memory. Returns how many were dropped.
     */
    public int evictIdleBuckets() {
        return buckets.evictFull();
    }

    private static Optional<Rejected> checkPaused(TierLoad tier) {
        if (!tier.paused()) {
            return Optional.empty();
        }
        return Optional.of(new Rejected(RejectionReason.TIER_PAUSED, tier.pauseRetryAfter(), Map.of()));
    }

    private Optional<Rejected> checkRate(AdmissionRequest request, TierLimits tierLimits) {
        RateLimit rate = tierLimits.rate();
        if (rate == null) {
            return Optional.empty();
        }

        ConsumptionProbe probe = buckets.tryRequest(request.userId(), request.tier(), rate);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        return Optional.of(new Rejected(RejectionReason.RATE_LIMITED, Duration.ofNanos(probe.getNanosToWaitForRefill()),
                details("requests", rate.requests(), "period_seconds", rate.period().toSeconds(), "burst", rate.burst())));
    }

    private static Optional<Rejected> checkUserLoad(AdmissionRequest request, TierLimits tierLimits, UserLoad user, TierLoad tier) {
        Integer maxRunning = tierLimits.maxRunningPerUser();
        if (request.synchronous() && maxRunning != null && user.running() >= maxRunning) {
            return Optional.of(new Rejected(RejectionReason.TOO_MANY_RUNNING, user.nextFinishIn(),
                    details("limit", maxRunning, "running", user.running())));
        }

        Integer maxQueued = tierLimits.maxQueuedPerUser();
        if (!request.synchronous() && maxQueued != null && user.queued() >= maxQueued) {
            Duration retryAfter = user.nextStartIn() != null ? user.nextStartIn() : tier.nextStartIn();
            return Optional.of(new Rejected(RejectionReason.TOO_MANY_QUEUED, retryAfter,
                    details("limit", maxQueued, "queued", user.queued())));
        }
        return Optional.empty();
    }

    private static Optional<Rejected> checkQueueLength(AdmissionRequest request, TierLimits tierLimits, TierLoad tier) {
        Integer maxQueued = tierLimits.maxQueued();
        if (request.synchronous() || maxQueued == null || tier.queued() < maxQueued) {
            return Optional.empty();
        }
        return Optional.of(new Rejected(RejectionReason.QUEUE_FULL, tier.nextStartIn(),
                details("limit", maxQueued, "queued", tier.queued())));
    }

    private static Rejected overloaded(DegradeRule rule, TierLoad tier) {
        Duration excess = tier.projectedWait().minus(rule.whenWaitOver());
        return new Rejected(RejectionReason.TIER_OVERLOADED, excess,
                details("projected_wait_seconds", tier.projectedWait().toSeconds(), "threshold_seconds", rule.whenWaitOver().toSeconds()));
    }

    private Optional<Rejected> checkBudget(AdmissionRequest request, TierLimits tierLimits, double cost) {
        Double budget = tierLimits.costBudgetPerHour();
        if (budget == null) {
            return Optional.empty();
        }
        if (cost > budget) {
            return Optional.of(new Rejected(RejectionReason.COST_EXCEEDS_BUDGET, null,
                    details("budget_seconds_per_hour", budget, "cost_seconds", round(cost))));
        }

        ConsumptionProbe probe = buckets.tryCost(request.userId(), request.tier(), budget, cost);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        return Optional.of(new Rejected(RejectionReason.COST_BUDGET_EXHAUSTED, Duration.ofNanos(probe.getNanosToWaitForRefill()),
                details("budget_seconds_per_hour", budget, "cost_seconds", round(cost),
                        "remaining_seconds", round(probe.getRemainingTokens() / 1000.0))));
    }

    private static Rejected logged(AdmissionRequest request, Rejected rejected) {
        log.debug("Admission rejected user={} tier={} reason={} retry_after_s={}",
                request.userId(), request.tier(), rejected.reason().code(), rejected.retryAfterSeconds());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tier", request.tier());
        details.putAll(rejected.details());
        return new Rejected(rejected.reason(), rejected.retryAfter(), details);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }
}
