package dev.easel.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerViewTest {

    private static final TierConfig ANY_POOL = new TierConfig("normal", 1, false, 100, 60_000, List.of(), false);
    private static final BatchKey M2 = BatchKey.of("m2", "txt2img");

    @Test
    void canRun_specReplaced_usesNewSpec() {
        WorkerView worker = new WorkerView(new WorkerSpec("w1", "shared", Set.of("m1"), 0, Map.of(), 1));
        assertThat(worker.canRun(ANY_POOL, M2)).isFalse();

        worker.spec = new WorkerSpec("w1", "shared", Set.of("m1", "m2"), 0, Map.of(), 1);

        assertThat(worker.canRun(ANY_POOL, M2)).isTrue();
    }

    @Test
    void canRun_drainingOrOtherPool_isFalse() {
        WorkerView worker = new WorkerView(new WorkerSpec("w1", "shared", Set.of("m2"), 0, Map.of(), 1));
        TierConfig dedicatedOnly = new TierConfig("high", 1, false, 100, 60_000, List.of("dedicated"), false);
        assertThat(worker.canRun(ANY_POOL, M2)).isTrue();

        assertThat(worker.canRun(dedicatedOnly, M2)).isFalse();
        worker.draining = true;
        assertThat(worker.canRun(ANY_POOL, M2)).isFalse();
    }
}
