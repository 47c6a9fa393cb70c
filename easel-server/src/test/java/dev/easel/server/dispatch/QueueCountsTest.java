package dev.easel.server.dispatch;

import dev.easel.core.schedule.BatchKey;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.QueueFullException;
import dev.easel.core.schedule.TierConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueCountsTest {

    private final TierConfig tier = new TierConfig("normal", 1, false, 3, 60_000, List.of(), false, 2);
    private final QueueCounts counts = new QueueCounts();

    @Test
    void reserve_pastUserLimit_rejectsAndKeepsCounts() {
        counts.reserve(job("a", "alice"), tier);
        counts.reserve(job("b", "alice"), tier);

        assertThatThrownBy(() -> counts.reserve(job("c", "alice"), tier))
                .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.isPerUserLimit()).isTrue());
        assertThat(counts.inTier("normal")).isEqualTo(2);
    }

    @Test
    void reserve_pastTierLimit_rejects() {
        counts.reserve(job("a", "alice"), tier);
        counts.reserve(job("b", "bob"), tier);
        counts.reserve(job("c", "carol"), tier);

        assertThatThrownBy(() -> counts.reserve(job("d", "dave"), tier))
                .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.isPerUserLimit()).isFalse());
    }

    @Test
    void remove_freesThePlace() {
        Job first = job("a", "alice");
        counts.reserve(first, tier);
        counts.reserve(job("b", "alice"), tier);

        counts.remove(first);

        counts.reserve(job("c", "alice"), tier);
        assertThat(counts.inTier("normal")).isEqualTo(2);
    }

    @Test
    void add_retryIsCountedWithoutALimit() {
        for (int i = 0; i < 5; i++) {
            counts.add(job("r" + i, "alice"));
        }

        assertThat(counts.inTier("normal")).isEqualTo(5);
    }

    private static Job job(String id, String user) {
        return new Job(id, "t" + id, user, "normal", BatchKey.of("timed@1", "txt2img"), 1, 0);
    }
}
