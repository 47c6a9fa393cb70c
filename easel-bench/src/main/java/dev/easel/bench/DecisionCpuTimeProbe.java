package dev.easel.bench;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.SchedulerSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the same decision cycle as {@link SchedulerBenchmark#decisionCycle} in thread CPU time
 * rather than wall time, and prints its percentiles.
 *
 * <p>On a shared machine, wall-time percentiles above the 95th mostly measure preemption by other
 * processes and garbage-collection pauses. Thread CPU time leaves both out, so its tail shows what
 * the scheduler's own work costs. Each cycle advances the clock by 500 ms, about how often 64
 * workers running 20 s jobs free a slot, so the whole queue is past its tiers' maximum waits and
 * deadline promotion is active. The first 50,000 of 200,000 cycles are warm-up and not counted.
 * Reading the CPU clock costs about a microsecond, which is included.
 *
 * <p>Run: {@code java -Xmx6g -Xms6g -cp easel-bench/target/benchmarks.jar
 * dev.easel.bench.DecisionCpuTimeProbe}.
 */
public final class DecisionCpuTimeProbe {

    private static final int CYCLES = 200_000;
    private static final int WARMUP = 50_000;

    private DecisionCpuTimeProbe() {
    }

    public static void main(String[] args) {
        SchedulerFixture fixture = new SchedulerFixture(10_000, 64, SchedulerSettings.defaults());
        fixture.submit(1_000_000);
        fixture.decideAndStart();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        long[] nanos = new long[CYCLES];
        for (int i = 0; i < CYCLES; i++) {
            long start = threads.getCurrentThreadCpuTime();
            fixture.clock.millis += 500;
            fixture.scheduler.batchFinished(fixture.runningBatches.pollFirst(), 20_000, true);
            List<Assignment> assignments = fixture.decideAndStart();
            for (Assignment assignment : assignments) {
                fixture.submit(assignment.jobs().size());
            }
            nanos[i] = threads.getCurrentThreadCpuTime() - start;
        }

        long[] measured = Arrays.copyOfRange(nanos, WARMUP, CYCLES);
        Arrays.sort(measured);
        System.out.printf("decision cycle CPU time over %,d cycles: p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                measured.length, at(measured, 0.50), at(measured, 0.90), at(measured, 0.99), at(measured, 0.999),
                measured[measured.length - 1] / 1000.0);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1000.0;
    }
}
