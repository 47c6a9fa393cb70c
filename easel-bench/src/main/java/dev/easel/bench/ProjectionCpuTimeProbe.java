package dev.easel.bench;

import com.sun.management.ThreadMXBean;
import dev.easel.core.schedule.SchedulerSettings;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Measures the same projection as {@link SchedulerBenchmark#projectAll} in thread CPU time and
 * bytes allocated, and prints the median and the best round.
 *
 * <p>On a shared machine the wall time of a projection mostly measures other processes. Thread CPU
 * time leaves out waiting for a core and the collector's threads, but not the cache misses that
 * other processes cause, so compare runs at similar load. The queue is the benchmark's: 100,000 jobs
 * from 10,000 users on 64 busy workers, with the arrival forecast on (the default window) or off
 * (window 0). The first half of the rounds are warm-up and not counted.
 *
 * <p>Run: {@code java -Xmx6g -Xms6g -XX:+AlwaysPreTouch -cp easel-bench/target/benchmarks.jar
 * dev.easel.bench.ProjectionCpuTimeProbe [arrivalWindowMillis [rounds]]}, by default 300000 and 40.
 */
public final class ProjectionCpuTimeProbe {

    private ProjectionCpuTimeProbe() {
    }

    public static void main(String[] args) {
        long window = args.length > 0 ? Long.parseLong(args[0]) : SchedulerSettings.DEFAULT_ARRIVAL_WINDOW_MILLIS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        SchedulerFixture fixture = new SchedulerFixture(10_000, 64, SchedulerSettings.defaults()
                .withProjectionMaxAgeMillis(0).withArrivalWindowMillis(window));
        fixture.submit(100_000 + 4 * 64);
        fixture.decideAndStart();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

        long[] cpuNanos = new long[rounds];
        long[] bytes = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            fixture.clock.millis += 1;
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long bytesBefore = threads.getCurrentThreadAllocatedBytes();
            fixture.scheduler.projections();
            cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpuBefore;
            bytes[i] = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
        }

        long[] cpu = Arrays.copyOfRange(cpuNanos, rounds / 2, rounds);
        long[] allocated = Arrays.copyOfRange(bytes, rounds / 2, rounds);
        Arrays.sort(cpu);
        Arrays.sort(allocated);
        System.out.printf("projection of 100,000 jobs, arrival window %d ms, %d of %d rounds: CPU time median %.1f ms, "
                + "best %.1f ms; allocated median %.1f MB%n", window, cpu.length, rounds, cpu[cpu.length / 2] / 1e6,
                cpu[0] / 1e6, allocated[allocated.length / 2] / 1e6);
    }
}
