package dev.easel.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceReplayTest {

    private static final TierMix ALL_NORMAL = new TierMix(Map.of("normal", 1.0), 1);

    @Test
    void replay_scalesArrivalsToTheLoad() throws Exception {
        List<TraceRequest> requests = TraceReader.read(TraceReaderTest.fixture());
        List<JobShape> shapes = TraceShapes.of(requests);
        long totalSolo = shapes.stream().mapToLong(JobShape::soloRunMillis).sum();

        Workload workload = TraceReplay.replay(requests, shapes, 0.5, 2, ALL_NORMAL);

        // span' = total solo / (load * workers); the trace spans 100 s.
        double expectedSpan = totalSolo / (0.5 * 2);
        assertThat((double) workload.spanMillis()).isCloseTo(expectedSpan, within(1.0));
        double offeredLoad = (double) workload.totalSoloMillis() / (2 * workload.spanMillis());
        assertThat(offeredLoad).isCloseTo(0.5, within(0.001));
        assertThat(workload.jobs().get(1).arrivalMillis()).isEqualTo(Math.round(10_000 * expectedSpan / 100_000));
    }

    @Test
    void replay_keepsUsersShapesAndOrder() throws Exception {
        List<TraceRequest> requests = TraceReader.read(TraceReaderTest.fixture());

        Workload workload = TraceReplay.replay(requests, TraceShapes.of(requests), 0.9, 8, ALL_NORMAL);

        assertThat(workload.jobs()).extracting(job -> job.job().user()).containsExactly("A01", "B02", "A01", "C03", "B02", "C03");
        SimJob loraJob = workload.jobs().get(2);
        assertThat(loraJob.job().batchKey().loras()).containsExactly("A01/lora-1");
        assertThat(loraJob.job().batchKey().capability()).isEqualTo("img2img");
        assertThat(loraJob.job().tier()).isEqualTo("normal");
        assertThat(loraJob.soloRunMillis()).isEqualTo(4_000);
    }

    @Test
    void replay_traceWithoutSpan_rejects() {
        List<TraceRequest> requests = List.of(new TraceRequest(0, "U", "txt2img", "succeed", 30, 1, 20, "M", 0),
                new TraceRequest(0, "V", "txt2img", "succeed", 30, 1, 20, "M", 0));

        assertThatThrownBy(() -> TraceReplay.replay(requests, TraceShapes.of(requests), 0.9, 8, ALL_NORMAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spans no time");
    }

    @Test
    void replay_nonPositiveLoad_rejects() throws Exception {
        List<TraceRequest> requests = TraceReader.read(TraceReaderTest.fixture());

        assertThatThrownBy(() -> TraceReplay.replay(requests, TraceShapes.of(requests), 0, 8, ALL_NORMAL))
                .hasMessage("load must be greater than 0, was 0.0");
    }
}
