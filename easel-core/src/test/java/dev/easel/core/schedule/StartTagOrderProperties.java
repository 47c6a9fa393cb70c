package dev.easel.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link StartTagOrder} keeps the order and returns the results of a sorted set with the comparator
 * the tiers used before it: start tag as {@link Double#compare}, then sequence number. Random workloads mix
 * the dispatch pattern (the first user leaves and comes back later) with users joining and leaving
 * anywhere, ties, signed zeros and NaN tags, across enough users to split and drop blocks.
 */
class StartTagOrderProperties {

    private static final Comparator<UserQueue> BY_START_TAG = (a, b) -> {
        int byTag = Double.compare(a.startTag, b.startTag);
        return byTag != 0 ? byTag : Long.compare(a.seq, b.seq);
    };

    private static final double[] SPECIAL_TAGS = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1.0};

    @Property(tries = 60)
    void addRemoveAndOrder_matchTreeSet(@ForAll long seed, @ForAll @IntRange(min = 1, max = 600) int users) {
        Random random = new Random(seed);
        TierState tier = new TierState(new TierConfig("t", 1, false, 1_000, 1_000, List.of(), false), 0, 0.1);
        List<UserQueue> pool = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            UserQueue user = new UserQueue("u" + i, tier, random.nextInt(users * 2));
            user.startTag = randomTag(random);
            pool.add(user);
        }
        StartTagOrder order = new StartTagOrder();
        TreeSet<UserQueue> expected = new TreeSet<>(BY_START_TAG);

        for (int step = 0; step < 20 * users; step++) {
            int action = random.nextInt(10);
            if (action < 4 && !expected.isEmpty()) {
                serveFirst(order, expected, random);
            } else if (action < 7) {
                UserQueue user = pool.get(random.nextInt(pool.size()));
                if (!expected.contains(user)) {
                    user.startTag = randomTag(random);
                }
                assertThat(order.add(user)).as("add %s at step %d", describe(user), step).isEqualTo(expected.add(user));
            } else {
                UserQueue user = pool.get(random.nextInt(pool.size()));
                assertThat(order.remove(user)).as("remove %s at step %d", describe(user), step)
                        .isEqualTo(expected.remove(user));
            }
            assertThat(order.size()).isEqualTo(expected.size());
            if (step % 50 == 0) {
                assertThat(new ArrayList<>(order)).as("order at step %d", step).containsExactlyElementsOf(expected);
            }
        }
        assertThat(new ArrayList<>(order)).containsExactlyElementsOf(expected);
    }

    /** Takes the first user out and puts it back with a later tag, as a dispatch does. */
    private static void serveFirst(StartTagOrder order, TreeSet<UserQueue> expected, Random random) {
        UserQueue first = expected.first();
        assertThat(order.iterator().next()).isSameAs(first);
        assertThat(order.remove(first)).isTrue();
        expected.remove(first);
        if (Double.isFinite(first.startTag)) {
            first.startTag += random.nextInt(3) * 0.5;
        }
        assertThat(order.add(first)).isEqualTo(expected.add(first));
    }

    private static double randomTag(Random random) {
        if (random.nextInt(20) == 0) {
            return SPECIAL_TAGS[random.nextInt(SPECIAL_TAGS.length)];
        }
        return random.nextInt(200) * 0.25;
    }

    private static String describe(UserQueue user) {
        return user.user + " (tag " + user.startTag + ", seq " + user.seq + ")";
    }
}
