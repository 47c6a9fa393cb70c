package dev.easel.bench;

import dev.easel.core.schedule.SchedulerSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures the heap a {@link dev.easel.core.schedule.FairScheduler} retains per queued job.
 *
 * <p>Method: retained size by difference. The probe builds a scheduler with 64 workers and 10,000
 * queued jobs, then forces full collections until used heap stops shrinking. It submits N more jobs
 * it keeps no reference to, forces full collections again, and divides the growth in used heap by N.
 * The result counts everything the scheduler keeps alive for a queued job: the {@code Job} record,
 * its id strings and batch key (each job brings its own, as from the server), and the scheduler's
 * own index entries. Run it with the serial collector so that {@code System.gc()} is a full,
 * compacting collection: {@code java -XX:+UseSerialGC -Xmx6g -cp easel-bench/target/benchmarks.jar
 * dev.easel.bench.SchedulerHeapProbe 1000000} (goal: at most 1 KB per job).
 */
public final class SchedulerHeapProbe {

    private SchedulerHeapProbe() {
    }

    public static void main(String[] args) {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        SchedulerFixture fixture = new SchedulerFixture(10_000, 64, SchedulerSettings.defaults());
        fixture.submit(10_000);
        long before = settledUsedHeap();

        fixture.submit(jobs);
        long after = settledUsedHeap();

        int queued = fixture.scheduler.queuedByTier().values().stream().mapToInt(Integer::intValue).sum();
        double perJob = (double) (after - before) / jobs;
        System.out.printf("queued jobs: %,d; retained heap for %,d more jobs: %,d bytes; %.0f bytes per queued job%n",
                queued, jobs, after - before, perJob);
    }

    private static long settledUsedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous - 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
