package dev.easel.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Easel's Prometheus metrics. Names follow Prometheus conventions once exported, for example
 * {@code easel_job_wait_seconds_bucket{tier="normal",model="tiny-sd"}}.
 *
 * <p>Thread-safe; Micrometer meters are.
 */
public final class EaselMetrics {

    private final MeterRegistry registry;

    public EaselMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauge of queued jobs of a tier, read from a snapshot the dispatch loop keeps. */
    public void registerQueuedGauge(String tier, Supplier<Map<String, Integer>> queuedByTier) {
        Gauge.builder("easel.jobs.queued", () -> queuedByTier.get().getOrDefault(tier, 0))
                .description("Jobs waiting in the scheduler's queue")
                .tag("tier", tier)
                .register(registry);
    }

    /** Records how long a job waited between entering the queue and the start of an attempt. */
    public void jobWaited(String tier, String model, Duration wait) {
        Timer.builder("easel.job.wait")
                .description("Time from submit (or retry) to the start of an attempt")
                .tags("tier", tier, "model", model)
                .publishPercentileHistogram()
                .register(registry)
                .record(wait);
    }

    /** Records how long an attempt ran. */
    public void jobRan(String tier, String model, Duration run) {
        Timer.builder("easel.job.run")
                .description("Run time of an attempt on a worker")
                .tags("tier", tier, "model", model)
                .publishPercentileHistogram()
                .register(registry)
                .record(run);
    }

    /** Records the size of a batch handed to a worker. */
    public void batchStarted(String model, int size) {
        DistributionSummary.builder("easel.batch.size")
                .description("Jobs per batch handed to a worker")
                .tag("model", model)
                .register(registry)
                .record(size);
    }

    /** Adds time a worker slot spent running batches. */
    public void workerBusy(String worker, Duration busy) {
        Counter.builder("easel.worker.busy.seconds")
                .description("Time worker slots spent running batches")
                .tag("worker", worker)
                .register(registry)
                .increment(busy.toNanos() / 1e9);
    }

    /** Counts an accepted task. */
    public void taskSubmitted(String tier, String model) {
        Counter.builder("easel.tasks.submitted").tags("tier", tier, "model", model).register(registry).increment();
    }

    /** Counts a task that reached a terminal state. */
    public void taskFinished(String tier, String model, String outcome) {
        Counter.builder("easel.tasks.finished")
                .description("Tasks that reached a terminal state, by outcome")
                .tags("tier", tier, "model", model, "outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Records the number of writes one store transaction held. */
    public void storeGroupCommitted(int writes) {
        DistributionSummary.builder("easel.store.group.writes")
                .description("Writes grouped into one store transaction")
                .register(registry)
                .record(writes);
    }
}
