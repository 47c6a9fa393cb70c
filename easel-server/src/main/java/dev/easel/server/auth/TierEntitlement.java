package dev.easel.server.auth;

import dev.easel.server.task.RequestRejectedException;

import java.util.List;
import java.util.Objects;

/**
 * The rule that picks a task's scheduler tier from the caller's plan and the tier the request names.
 *
 * <p>A plan's tier (see {@link AuthProperties#tierOf}) is both the default and the ceiling: a
 * request without a tier runs in it, and a request may name it or any tier after it in the
 * configured order (lower priority), never one before it. Admins may name any tier. The first
 * configured tier, {@code realtime}, is reserved for {@code POST /v1/run}, which sets it itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class TierEntitlement {

    private final AuthProperties properties;
    private final List<String> tiers;

    /**
     * @param properties plans and the tier each maps onto
     * @param tiers      the scheduler's tier names, highest priority first
     */
    public TierEntitlement(AuthProperties properties, List<String> tiers) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.tiers = List.copyOf(tiers);
    }

    /**
     * Returns the tier a task of this user runs in.
     *
     * @param user      the caller
     * @param requested the request's {@code tier}, or {@code null} for the plan's tier
     * @param realtimeLane whether the call came through the realtime lane, which may use the first tier
     * @throws RequestRejectedException 422 for an unknown tier, 403 {@code tier_not_allowed} for a
     *                                  tier above the plan's
     */
    public String resolve(User user, String requested, boolean realtimeLane) {
        String planTier = properties.tierOf(user.plan());
        String tier = requested == null ? planTier : requested;

        int rank = tiers.indexOf(tier);
        if (rank < 0) {
            String names = String.join(", ", tiers);
            throw new RequestRejectedException(422, "unknown_tier", "tier", tier, "one of: " + names).withLimitMessage("limit.one_of", names);
        }
        if (realtimeLane || user.admin()) {
            return tier;
        }

        int ceiling = Math.max(1, tiers.indexOf(planTier));
        if (rank < ceiling) {
            throw new RequestRejectedException(403, "tier_not_allowed", "tier", tier,
                    String.join(", ", tiers.subList(ceiling, tiers.size())));
        }
        return tier;
    }
}
