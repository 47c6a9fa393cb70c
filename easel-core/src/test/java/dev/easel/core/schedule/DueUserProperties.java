package dev.easel.core.schedule;

import static dev.easel.core.schedule.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link TierState#nextDue} keeps its first search between calls. It must still return what a scan
 * over the users in oldest-job order finds, while users gain and lose jobs, the clock moves
 * (mostly forward, sometimes back) and the tier's maximum wait changes.
 */
class DueUserProperties {

    @Property(tries = 60)
    void nextDue_matchesOldestJobScan(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int users) {
        Random random = new Random(seed);
        TierState tier = new TierState(config(1_000), 0, 0.1);
        List<UserQueue> pool = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            pool.add(new UserQueue("u" + i, tier, i));
        }
        long now = 0;
        long seq = 0;

        for (int step = 0; step < 400; step++) {
            UserQueue user = pool.get(random.nextInt(users));
            int action = random.nextInt(10);
            if (action < 4) {
                long submitted = Math.max(0, now - random.nextInt(1_500));
                QueuedJob job = new QueuedJob(aJob().user(user.user).at(submitted).build(), null, seq++);
                tier.detach(user);
                user.insert(job);
                tier.attach(user);
            } else if (action < 7 && !user.isEmpty()) {
                tier.detach(user);
                user.remove(user.head);
                tier.attach(user);
            } else if (action < 9) {
                now += random.nextInt(10) == 0 ? -random.nextInt(300) : random.nextInt(200);
            } else {
                tier.config = config(200 + random.nextInt(1_500));
            }
            assertThat(dueChain(tier, now)).as("due users at %d ms, step %d", now, step)
                    .containsExactlyElementsOf(scannedDueChain(tier, now));
        }
    }

    private static List<UserQueue> dueChain(TierState tier, long now) {
        List<UserQueue> chain = new ArrayList<>();
        for (UserQueue user = tier.nextDue(null, now); user != null; user = tier.nextDue(user, now)) {
            chain.add(user);
        }
        return chain;
    }

    /** Returns the users {@code nextDue} visits, found by walking the whole oldest-job set. */
    private static List<UserQueue> scannedDueChain(TierState tier, long now) {
        List<UserQueue> chain = new ArrayList<>();
        boolean started = false;
        for (UserQueue user : tier.byOldestJob) {
            if (!started && user.oldestKey < now - tier.config.maxWaitMillis()) {
                continue;
            }
            started = true;
            if (!tier.isDue(user, now)) {
                break;
            }
            chain.add(user);
        }
        return chain;
    }

    private static TierConfig config(long maxWaitMillis) {
        return new TierConfig("t", 1, false, 1_000, maxWaitMillis, List.of(), false);
    }
}
