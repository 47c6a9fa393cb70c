package dev.easel.core.schedule;

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

    private final long nowMillis;
    private final TierState[] active;
    private final int activeCount;
    private final UserQueue[] duePeeked;

    private int tierPosition;
    private Iterator<UserQueue> users;
    private UserQueue next;

    /** Whether {@link #next} contains the look-ahead, which is found only when requested. */
    private boolean hasLookahead;

    /**
     * Starts a walk over the users of the tiers that {@code tierFilter} accepts; the others are
     * skipped as if they had no jobs.
     */
    FairOrder(PolicyState state, long nowMillis, Predicate<TierConfig> tierFilter) {
        this.nowMillis = nowMillis;
        this.active = new TierState[state.tiers.size()];
        this.activeCount = orderTiers(state.tiers, tierFilter, active);
        this.duePeeked = new UserQueue[activeCount];
        for (int i = 0; i < activeCount; i++) {
            duePeeked[i] = active[i].nextDue(null, nowMillis);
        }
    }

    @Override
    public boolean hasNext() {
        if (!hasLookahead) {
            next = advance();
            hasLookahead = true;
        }
        return next != null;
    }

    @Override
    public UserQueue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        hasLookahead = false;
        return next;
    }

    private UserQueue advance() {
        UserQueue due = nextDue();
        if (due != null) {
            return due;
        }
        while (tierPosition < activeCount) {
            TierState tier = active[tierPosition];
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
                long dueAt = active[i].dueAtMillis(candidate.head);
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
        duePeeked[best] = active[best].nextDue(chosen, nowMillis);
        return chosen;
    }

    /**
     * Puts the tiers to walk into {@code ordered} and returns their number: strict-priority tiers in
     * configured order, then weighted tiers by start tag.
     */
    private static int orderTiers(List<TierState> tiers, Predicate<TierConfig> tierFilter, TierState[] ordered) {
        int count = 0;
        for (TierState tier : tiers) {
            if (tier.isStrict() && isWalked(tier, tierFilter)) {
                ordered[count++] = tier;
            }
        }
        int firstWeighted = count;
        for (TierState tier : tiers) {
            if (!tier.isStrict() && isWalked(tier, tierFilter)) {
                ordered[count++] = tier;
            }
        }
        sortByTierTag(ordered, firstWeighted, count);
        return count;
    }

    /** Sorts weighted tiers by start tag, then configured order, with an insertion sort because there are few. */
    private static void sortByTierTag(TierState[] tiers, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            TierState tier = tiers[i];
            int j = i - 1;
            while (j >= from && isBefore(tier, tiers[j])) {
                tiers[j + 1] = tiers[j];
                j--;
            }
            tiers[j + 1] = tier;
        }
    }

    private static boolean isBefore(TierState a, TierState b) {
        int byTag = Double.compare(a.startTag, b.startTag);
        return byTag != 0 ? byTag < 0 : a.index < b.index;
    }

    private static boolean isWalked(TierState tier, Predicate<TierConfig> tierFilter) {
        return !tier.config.paused() && tier.queued > 0 && tierFilter.test(tier.config);
    }
}
