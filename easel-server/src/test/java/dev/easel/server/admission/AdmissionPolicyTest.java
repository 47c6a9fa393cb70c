package dev.easel.server.admission;

import dev.easel.server.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.server.admission.AdmissionDecision.Admitted;
import dev.easel.server.admission.AdmissionDecision.Rejected;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdmissionPolicyTest {

    private static final TaskShape SD = new TaskShape("sd15@stable", 50, 1024, 768, 1);
    /** One accelerator-second per 10 steps per megapixel per image: simple enough to check by hand. */
    private static final CostEstimator COST = (tier, shape) ->
            shape.steps() / 10.0 * shape.width() * shape.height() / 1_000_000.0 * shape.images();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    private AdmissionPolicy policy(TierLimits low) {
        return new AdmissionPolicy(new AdmissionProperties(Map.of("low", low)), COST, clock);
    }

    private static AdmissionRequest queued(String user) {
        return new AdmissionRequest(user, "low", SD, false);
    }

    private static AdmissionRequest synchronous(String user) {
        return new AdmissionRequest(user, "low", SD, true);
    }

    private static TierLimits limits(RateLimit rate, Double budget, Integer maxQueuedPerUser, Integer maxRunningPerUser,
                                     Integer maxQueued, List<DegradeRule> degrade) {
        return new TierLimits(rate, budget, maxQueuedPerUser, maxRunningPerUser, maxQueued, degrade);
    }

    // ---- one table: a request, the loads, and what must come out

    record Case(String name, TierLimits limits, AdmissionRequest request, TierLoad tier, UserLoad user,
                RejectionReason expectedReason, Long expectedRetryAfterSeconds) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> singleDecisions() {
        TierLimits caps = limits(null, null, 10, 2, 100, null);
        Duration eightSeconds = Duration.ofSeconds(8);
        Duration thirtySeconds = Duration.ofSeconds(30);
        return Stream.of(
                new Case("no limits admits", TierLimits.UNLIMITED, queued("a"), TierLoad.idle(), UserLoad.none(), null, null),
                new Case("paused tier rejects with 503", caps, queued("a"), new TierLoad(true, 0, Duration.ZERO, null), UserLoad.none(),
                        RejectionReason.TIER_PAUSED, null),
                new Case("user below queued cap admits", caps, queued("a"), TierLoad.idle(), new UserLoad(9, 0, null, null), null, null),
                new Case("user at queued cap rejects until own next start", caps, queued("a"), TierLoad.idle(),
                        new UserLoad(10, 1, eightSeconds, null), RejectionReason.TOO_MANY_QUEUED, 8L),
                new Case("queued cap without user ETA falls back to tier", caps, queued("a"), new TierLoad(false, 10, Duration.ZERO, thirtySeconds),
                        new UserLoad(10, 0, null, null), RejectionReason.TOO_MANY_QUEUED, 30L),
                new Case("running cap ignores queued requests", caps, queued("a"), TierLoad.idle(), new UserLoad(0, 2, null, null), null, null),
                new Case("running cap rejects synchronous until next finish", caps, synchronous("a"), TierLoad.idle(),
                        new UserLoad(0, 2, null, Duration.ofMillis(1_500)), RejectionReason.TOO_MANY_RUNNING, 2L),
                new Case("queued cap ignores synchronous requests", caps, synchronous("a"), TierLoad.idle(), new UserLoad(10, 0, null, null), null, null),
                new Case("full tier queue rejects until tier next start", caps, queued("a"), new TierLoad(false, 100, Duration.ofMinutes(5), thirtySeconds),
                        UserLoad.none(), RejectionReason.QUEUE_FULL, 30L),
                new Case("full tier queue ignores synchronous requests", caps, synchronous("a"), new TierLoad(false, 100, Duration.ZERO, null),
                        UserLoad.none(), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleDecisions")
    void admit_table(Case c) {
        AdmissionDecision decision = policy(c.limits()).admit(c.request(), c.tier(), c.user());

        if (c.expectedReason() == null) {
            assertThat(decision).isInstanceOf(Admitted.class);
            assertThat(((Admitted) decision).shape()).isEqualTo(SD);
            assertThat(((Admitted) decision).isDegraded()).isFalse();
        } else {
            assertThat(decision).isInstanceOf(Rejected.class);
            Rejected rejected = (Rejected) decision;
            assertThat(rejected.reason()).isEqualTo(c.expectedReason());
            assertThat(rejected.retryAfterSeconds()).isEqualTo(c.expectedRetryAfterSeconds());
        }
    }

    // ---- stateful limits

    @Test
    void rate_burstSpent_rejectsUntilTokenRefills() {
        AdmissionPolicy policy = policy(limits(new RateLimit(3, Duration.ofMinutes(1), 3L), null, null, null, null, null));

        for (int i = 0; i < 3; i++) {
            assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
        }
        AdmissionDecision fourth = policy.admit(queued("a"), TierLoad.idle(), UserLoad.none());

        assertThat(fourth).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.RATE_LIMITED);
            assertThat(rejected.retryAfterSeconds()).isEqualTo(20L);
            assertThat(rejected.details()).containsEntry("requests", 3L).containsEntry("period_seconds", 60L);
        });
        clock.advance(Duration.ofSeconds(19));
        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Rejected.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
    }

    @Test
    void rate_usersHaveSeparateBuckets() {
        AdmissionPolicy policy = policy(limits(RateLimit.of(1, Duration.ofMinutes(1)), null, null, null, null, null));

        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Rejected.class);
        assertThat(policy.admit(queued("b"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
    }

    @Test
    void pausedTier_takesNoRateToken() {
        AdmissionPolicy policy = policy(limits(RateLimit.of(1, Duration.ofMinutes(1)), null, null, null, null, null));

        policy.admit(queued("a"), new TierLoad(true, 0, Duration.ZERO, null), UserLoad.none());

        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
    }

    @Test
    void budget_spent_rejectsUntilEnoughRefills() {
        // SD costs 50/10 * 0.786432 = 3.93216 s; a budget of 10 s per hour admits two.
        AdmissionPolicy policy = policy(limits(null, 10.0, null, null, null, null));

        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
        AdmissionDecision third = policy.admit(queued("a"), TierLoad.idle(), UserLoad.none());

        // 2.13568 s left, 1.79648 s missing, refilled at 10 s per 3600 s: 646.7 s.
        assertThat(third).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.COST_BUDGET_EXHAUSTED);
            assertThat(rejected.retryAfterSeconds()).isEqualTo(647L);
            assertThat(rejected.details()).containsEntry("cost_seconds", 3.932).containsEntry("remaining_seconds", 2.136);
        });
        clock.advance(Duration.ofSeconds(647));
        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
    }

    @Test
    void budget_taskLargerThanBudget_rejectedWithoutRetryAfter() {
        AdmissionPolicy policy = policy(limits(null, 2.0, null, null, null, null));

        AdmissionDecision decision = policy.admit(queued("a"), TierLoad.idle(), UserLoad.none());

        assertThat(decision).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.COST_EXCEEDS_BUDGET);
            assertThat(rejected.reason().httpStatus()).isEqualTo(422);
            assertThat(rejected.retryAfterSeconds()).isNull();
        });
    }

    // ---- degrade rules

    private static final List<DegradeRule> DEGRADE = List.of(
            new DegradeRule(Duration.ofMinutes(10), DegradeAction.REJECT, null, null),
            new DegradeRule(Duration.ofMinutes(2), DegradeAction.CAP, 20, 512 * 512));

    @Test
    void degrade_waitBelowThreshold_unchanged() {
        AdmissionDecision decision = policy(limits(null, null, null, null, null, DEGRADE))
                .admit(queued("a"), new TierLoad(false, 5, Duration.ofMinutes(2), null), UserLoad.none());

        assertThat(decision).isInstanceOfSatisfying(Admitted.class, admitted -> assertThat(admitted.isDegraded()).isFalse());
    }

    @Test
    void degrade_waitOverCapThreshold_capsStepsAndResolution() {
        AdmissionDecision decision = policy(limits(null, null, null, null, null, DEGRADE))
                .admit(queued("a"), new TierLoad(false, 5, Duration.ofMinutes(3), null), UserLoad.none());

        assertThat(decision).isInstanceOfSatisfying(Admitted.class, admitted -> {
            assertThat(admitted.shape()).isEqualTo(new TaskShape("sd15@stable", 20, 576, 384, 1));
            assertThat(admitted.changes()).containsExactly(
                    new ParameterChange("steps", 50, 20),
                    new ParameterChange("width", 1024, 576),
                    new ParameterChange("height", 768, 384));
            assertThat(admitted.costSeconds()).isEqualTo(20 / 10.0 * 576 * 384 / 1_000_000.0);
        });
    }

    @Test
    void degrade_waitOverRejectThreshold_rejectsUntilBelowIt() {
        AdmissionDecision decision = policy(limits(null, null, null, null, null, DEGRADE))
                .admit(queued("a"), new TierLoad(false, 5, Duration.ofMinutes(11).plusSeconds(30), null), UserLoad.none());

        assertThat(decision).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.TIER_OVERLOADED);
            assertThat(rejected.retryAfterSeconds()).isEqualTo(90L);
        });
    }

    @Test
    void degrade_smallTask_notChanged() {
        AdmissionRequest small = new AdmissionRequest("a", "low", new TaskShape("sd15@stable", 8, 512, 512, 1), false);

        AdmissionDecision decision = policy(limits(null, null, null, null, null, DEGRADE))
                .admit(small, new TierLoad(false, 5, Duration.ofMinutes(3), null), UserLoad.none());

        assertThat(decision).isInstanceOfSatisfying(Admitted.class, admitted -> assertThat(admitted.changes()).isEmpty());
    }

    // ---- one user floods the queue

    @Test
    void flood_userCappedAtTen_othersStillAdmitted() {
        AdmissionPolicy policy = policy(limits(null, null, 10, null, null, null));
        List<AdmissionDecision> floodDecisions = new ArrayList<>();
        int queuedByA = 0;

        for (int i = 0; i < 20; i++) {
            AdmissionDecision decision = policy.admit(queued("a"), new TierLoad(false, queuedByA, Duration.ZERO, null),
                    new UserLoad(queuedByA, 0, Duration.ofSeconds(2), null));
            floodDecisions.add(decision);
            if (decision instanceof Admitted) {
                queuedByA++;
            }
        }
        AdmissionDecision userB = policy.admit(queued("b"), new TierLoad(false, queuedByA, Duration.ZERO, null), UserLoad.none());

        assertThat(floodDecisions.subList(0, 10)).allMatch(Admitted.class::isInstance);
        assertThat(floodDecisions.subList(10, 20)).allSatisfy(decision -> assertThat(decision)
                .isInstanceOfSatisfying(Rejected.class, rejected -> {
                    assertThat(rejected.reason().code()).isEqualTo("too_many_queued");
                    assertThat(rejected.reason().httpStatus()).isEqualTo(429);
                    assertThat(rejected.retryAfterSeconds()).isEqualTo(2L);
                }));
        assertThat(userB).isInstanceOf(Admitted.class);
    }

    // ---- run-time changes and memory

    @Test
    void updateLimits_nextDecisionUsesNewRate() {
        AdmissionPolicy policy = policy(limits(RateLimit.of(1, Duration.ofMinutes(1)), null, null, null, null, null));
        policy.admit(queued("a"), TierLoad.idle(), UserLoad.none());
        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Rejected.class);

        policy.updateLimits("low", limits(RateLimit.of(100, Duration.ofMinutes(1)), null, null, null, null, null));

        assertThat(policy.admit(queued("a"), TierLoad.idle(), UserLoad.none())).isInstanceOf(Admitted.class);
        assertThat(policy.limits("low").rate().requests()).isEqualTo(100);
    }

    @Test
    void updateLimits_lowered_capsTokensAtNewBurst() {
        AdmissionPolicy policy = policy(limits(RateLimit.of(10, Duration.ofHours(1)), null, null, null, null, null));
        for (int i = 0; i < 5; i++) {
            policy.admit(queued("a"), TierLoad.idle(), UserLoad.none());
        }

        policy.updateLimits("low", limits(RateLimit.of(2, Duration.ofHours(1)), null, null, null, null, null));

        int admitted = 0;
        while (policy.admit(queued("a"), TierLoad.idle(), UserLoad.none()) instanceof Admitted) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(2);
    }

    @Test
    void evictIdleBuckets_dropsOnlyRefilledBuckets() {
        AdmissionPolicy policy = policy(limits(RateLimit.of(2, Duration.ofMinutes(1)), null, null, null, null, null));
        policy.admit(queued("a"), TierLoad.idle(), UserLoad.none());
        clock.advance(Duration.ofSeconds(25));
        policy.admit(queued("b"), TierLoad.idle(), UserLoad.none());

        clock.advance(Duration.ofSeconds(10));

        assertThat(policy.evictIdleBuckets()).isEqualTo(1);
        assertThat(policy.evictIdleBuckets()).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(policy.evictIdleBuckets()).isEqualTo(1);
    }

    // ---- the wire contract

    @Test
    void reasonCodes_stableWithStatuses() {
        assertThat(Stream.of(RejectionReason.values()).map(reason -> reason.code() + "=" + reason.httpStatus())).containsExactly(
                "rate_limited=429", "cost_budget_exhausted=429", "cost_exceeds_budget=422", "too_many_queued=429",
                "too_many_running=429", "queue_full=429", "tier_overloaded=429", "tier_paused=503");
        assertThat(RejectionReason.QUEUE_FULL.messageKey()).isEqualTo("problem.queue_full");
    }

    @Test
    void problemFields_namesLimitedQuantity() {
        AdmissionPolicy policy = policy(limits(RateLimit.of(1, Duration.ofMinutes(1)), null, 10, null, 100, null));

        Rejected paused = (Rejected) policy.admit(queued("a"), new TierLoad(true, 0, Duration.ZERO, null), UserLoad.none());
        Rejected tooMany = (Rejected) policy.admit(queued("a"), TierLoad.idle(), new UserLoad(10, 0, null, null));
        Rejected limited = (Rejected) policy.admit(queued("a"), TierLoad.idle(), UserLoad.none());

        assertThat(paused.problemFields()).isEqualTo(new AdmissionDecision.ProblemFields("tier", "low", null));
        assertThat(tooMany.problemFields()).isEqualTo(new AdmissionDecision.ProblemFields("queued_tasks", 10, "10"));
        assertThat(limited.problemFields()).isEqualTo(new AdmissionDecision.ProblemFields("requests", null, "1/60s, burst 1"));
        assertThat(limited.details()).containsEntry("tier", "low");
    }

    @Test
    void retryAfterSeconds_roundsUpAndAtLeastOne() {
        assertThat(new Rejected(RejectionReason.RATE_LIMITED, Duration.ofMillis(20_001), Map.of()).retryAfterSeconds()).isEqualTo(21L);
        assertThat(new Rejected(RejectionReason.RATE_LIMITED, Duration.ofSeconds(20), Map.of()).retryAfterSeconds()).isEqualTo(20L);
        assertThat(new Rejected(RejectionReason.RATE_LIMITED, Duration.ofMillis(200), Map.of()).retryAfterSeconds()).isEqualTo(1L);
        assertThat(new Rejected(RejectionReason.RATE_LIMITED, Duration.ZERO, Map.of()).retryAfterSeconds()).isEqualTo(1L);
        assertThat(new Rejected(RejectionReason.TIER_PAUSED, null, Map.of()).retryAfterSeconds()).isNull();
    }
}
