package dev.easel.core.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Walks backlogged users in the order the policy serves them, without changing anything:
 * <ol>
 *   <li>users whose oldest job is due (maximum wait nearly reached, but not yet passed), earliest
 *       deadline first, across all tiers;</li>
 *   <li>users of strict-priority tiers, tier by tier in configured order, lowest start tag first;</li>
 *   <li>users of weighted tiers, tier by tier from the lowest tier start tag, lowest user start tag
 *       first.</li>
 * </ol>
 * Paused tiers are skipped. Only the first user is the exact next pick. Later users follow the same
 * order without replaying the tags, which is enough for the bounded look-ahead searches.
 *
 * <p>A user whose oldest job is already past its deadline is not promoted: it keeps its place in
 * the fair order. Any change to the state invalidates the iterator.
 */
final class FairOrder implements Iterator<UserQueue> {

    private static final Comparator<TierState> BY_TIER_TAG = Comparator
            .comparingDouble((TierState t) -> t.startTag)
            .thenComparingInt(t -> t.index);

    private final long nowMillis;
    private final List<TierState> active;
    private final UserQueue[] duePeeked;

    private int tierPosition;
    private Iterator<UserQueue> users;
    private UserQueue next;

    /**
     * Starts a walk over the users of the tiers that {@code tierFilter} accepts; the others are
     * skipped as if they had no jobs.
     */
    FairOrder(PolicyState state, long nowMillis, Predicate<TierConfig> tierFilter) {
        this.nowMillis = nowMillis;
        this.active = orderedTiers(state.tiers, tierFilter);
        this.duePeeked = new UserQueue[active.size()];
        for (int i = 0; i < active.size(); i++) {
            duePeeked[i] = active.get(i).nextDue(null, nowMillis);
        }
        this.next = advance();
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public UserQueue next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        UserQueue current = next;
        next = advance();
        return current;
    }

    private UserQueue advance() {
        UserQueue due = nextDue();
        if (due != null) {
            return due;
        }
        while (tierPosition < active.size()) {
            TierState tier = active.get(tierPosition);
            if (users == null) {
                users = tier.byStartTag.iterator();
            }
            while (users.hasNext()) {
                UserQueue user = users.next();
                if (!tier.isDue(user, nowMillis)) {
                    return user;
                }
            }
            users = null;
            tierPosition++;
        }
        return null;
    }

    private UserQueue nextDue() {
        int best = -1;
        long bestDue = Long.MAX_VALUE;
        for (int i = 0; i < duePeeked.length; i++) {
            UserQueue candidate = duePeeked[i];
            if (candidate != null) {
                long dueAt = active.get(i).dueAtMillis(candidate.head);
                if (dueAt < bestDue) {
                    bestDue = dueAt;
                    best = i;
                }
            }
        }
        if (best < 0) {
            return null;
        }
        UserQueue chosen = duePeeked[best];
        duePeeked[best] = active.get(best).nextDue(chosen, nowMillis);
        return chosen;
    }

    private static List<TierState> orderedTiers(List<TierState> tiers, Predicate<TierConfig> tierFilter) {
        List<TierState> strict = new ArrayList<>(tiers.size());
        List<TierState> weighted = new ArrayList<>(tiers.size());
        for (TierState tier : tiers) {
            if (tier.config.paused() || tier.queued == 0 || !tierFilter.test(tier.config)) {
                continue;
            }
            (tier.isStrict() ? strict : weighted).add(tier);
        }
        weighted.sort(BY_TIER_TAG);
        strict.addAll(weighted);
        return strict;
    }
}
