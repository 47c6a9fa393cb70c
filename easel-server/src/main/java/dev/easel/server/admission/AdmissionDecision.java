package dev.easel.server.admission;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The outcome of admission: {@link Admitted} or {@link Rejected}. */
public sealed interface AdmissionDecision {

    /**
     * What a rejection's problem+json body names.
     *
     * @param field the limited quantity, for example {@code queued_tasks}
     * @param value the caller's current value, or {@code null}
     * @param limit the limit, or {@code null}
     */
    record ProblemFields(String field, Object value, String limit) {
    }

    /**
     * A limit worded by the message bundle, so that a problem detail reads wholly in the
     * caller's language.
     *
     * @param key  the bundle key, for example {@code limit.rate}
     * @param args the entry's arguments, numbers as they are
     */
    record LimitMessage(String key, List<Object> args) {

        public LimitMessage {
            Objects.requireNonNull(key, "key");
            args = List.copyOf(args);
        }
    }

    /**
     * The tokens that admission took from a user's buckets for one request, kept so that they can
     * be given back when the request is rejected after admission.
     *
     * @param requestTokens tokens taken from the request-rate bucket: 0 or 1
     * @param costMillis    milli-accelerator-seconds taken from the hourly cost budget
     */
    record Charge(long requestTokens, long costMillis) {

        /** Nothing was taken: the tier has no rate limit and no budget. */
        public static final Charge NONE = new Charge(0, 0);
    }

    /**
     * The task may be stored and queued.
     *
     * @param shape       the parameters to run with, degraded when {@code changes} is not empty
     * @param costSeconds the estimated cost charged to the budget, stored on the task
     * @param changes     what a degrade rule changed; empty when none applied
     * @param charge      what was taken from the user's rate and budget buckets
     */
    record Admitted(TaskShape shape, double costSeconds, List<ParameterChange> changes, Charge charge) implements AdmissionDecision {

        public Admitted {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(charge, "charge");
            changes = List.copyOf(changes);
        }

        /** Creates an admission that took nothing from the user's buckets. */
        public Admitted(TaskShape shape, double costSeconds, List<ParameterChange> changes) {
            this(shape, costSeconds, changes, Charge.NONE);
        }

        /** Returns whether a degrade rule changed the task. */
        public boolean isDegraded() {
            return !changes.isEmpty();
        }
    }

    /**
     * The task is rejected and nothing was stored.
     *
     * @param reason     why
     * @param retryAfter when a retry can succeed, from the limit that was hit; {@code null} when
     *                   no time is known (a paused tier) or waiting cannot help
     * @param details    the limit and the value that hit it, for the problem+json body and its
     *                   message arguments (for example {@code limit=10, queued=10})
     */
    record Rejected(RejectionReason reason, Duration retryAfter, Map<String, Object> details) implements AdmissionDecision {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }

        /**
         * Returns the field, value and limit that the API's problem+json body and its messages
         * show (arguments {@code {0}}, {@code {1}} and {@code {2}} of {@code problem.<code>.detail}).
         */
        public ProblemFields problemFields() {
            return switch (reason) {
                case RATE_LIMITED -> new ProblemFields("requests", null,
                        details.get("requests") + "/" + details.get("period_seconds") + "s, burst " + details.get("burst"));
                case COST_BUDGET_EXHAUSTED -> new ProblemFields("estimated_cost_seconds", details.get("cost_seconds"),
                        details.get("remaining_seconds") + "/" + details.get("budget_seconds_per_hour"));
                case COST_EXCEEDS_BUDGET -> new ProblemFields("estimated_cost_seconds", details.get("cost_seconds"),
                        String.valueOf(details.get("budget_seconds_per_hour")));
                case TOO_MANY_QUEUED -> new ProblemFields("queued_tasks", details.get("queued"), String.valueOf(details.get("limit")));
                case TOO_MANY_RUNNING -> new ProblemFields("running_tasks", details.get("running"), String.valueOf(details.get("limit")));
                case QUEUE_FULL -> new ProblemFields("tier_queue", details.get("queued"), String.valueOf(details.get("limit")));
                case TIER_OVERLOADED -> new ProblemFields("projected_wait_seconds", details.get("projected_wait_seconds"),
                        String.valueOf(details.get("threshold_seconds")));
                case TIER_PAUSED -> new ProblemFields("tier", details.get("tier"), null);
            };
        }

        /**
         * Returns the bundle entry that words the limit of the problem detail, or {@code null} when
         * the limit of {@link #problemFields()} is a plain number that needs no words.
         */
        public LimitMessage limitMessage() {
            return switch (reason) {
                case RATE_LIMITED -> new LimitMessage("limit.rate",
                        List.of(details.get("requests"), details.get("period_seconds"), details.get("burst")));
                case COST_BUDGET_EXHAUSTED -> new LimitMessage("limit.cost_left",
                        List.of(details.get("remaining_seconds"), details.get("budget_seconds_per_hour")));
                case QUEUE_FULL -> new LimitMessage("limit.tier_queue", List.of(details.get("limit")));
                case COST_EXCEEDS_BUDGET, TOO_MANY_QUEUED, TOO_MANY_RUNNING, TIER_OVERLOADED, TIER_PAUSED -> null;
            };
        }

        /**
         * Returns the {@code Retry-After} header value in whole seconds, rounded up and at least
         * 1, or {@code null} when there is none.
         */
        public Long retryAfterSeconds() {
            if (retryAfter == null) {
                return null;
            }
            long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }
}
