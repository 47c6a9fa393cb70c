package dev.easel.server.dispatch;

import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.Projection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TierWaitsTest {

    private static final long NOW = 1_000_000;

    @Test
    void compute_lastAndFirstStartPerTier() {
        List<JobTicket> queued = List.of(ticket("a", "low"), ticket("b", "low"), ticket("c", "low"), ticket("d", "high"));
        Map<String, Projection> projections = Map.of(
                "a", projection("a", NOW + 2_000),
                "b", projection("b", NOW + 9_000),
                "c", projection("c", NOW + 5_000),
                "d", projection("d", NOW + 300));

        Map<String, TierWait> waits = TierWaits.compute(queued, projections, NOW);

        assertThat(waits.get("low").projectedWait()).isEqualTo(Duration.ofSeconds(9));
        assertThat(waits.get("low").nextStartIn()).isEqualTo(Duration.ofSeconds(2));
        assertThat(waits.get("high").projectedWait()).isEqualTo(Duration.ofMillis(300));
        assertThat(waits.get("high").computedAtMillis()).isEqualTo(NOW);
    }

    @Test
    void compute_skipsUnschedulableAndUnprojectedJobs() {
        List<JobTicket> queued = List.of(ticket("a", "low"), ticket("b", "low"), ticket("c", "normal"));
        Map<String, Projection> projections = Map.of(
                "a", projection("a", NOW + 1_000),
                "b", Projection.unschedulable("b", "no worker serves the model"));

        Map<String, TierWait> waits = TierWaits.compute(queued, projections, NOW);

        assertThat(waits.get("low").projectedWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(waits).doesNotContainKey("normal");
    }

    @Test
    void compute_startInThePast_countsAsZero() {
        Map<String, TierWait> waits = TierWaits.compute(List.of(ticket("a", "low")), Map.of("a", projection("a", NOW - 500)), NOW);

        assertThat(waits.get("low").projectedWait()).isZero();
        assertThat(waits.get("low").nextStartIn()).isZero();
    }

    private static Projection projection(String jobId, long startAtMillis) {
        return new Projection(jobId, 0, startAtMillis, startAtMillis + 1_000, null);
    }

    private static JobTicket ticket(String jobId, String tier) {
        Job job = new Job(jobId, "tsk_" + jobId, "alice", tier, JobTicket.batchKey("timed@1", "txt2img", Map.of()), 1, NOW);
        return new JobTicket(job, "timed", "1", "txt2img", Map.of(), 0, 3);
    }
}
