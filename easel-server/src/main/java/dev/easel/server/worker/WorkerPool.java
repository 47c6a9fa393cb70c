package dev.easel.server.worker;

import dev.easel.core.schedule.WorkerSpec;
import dev.easel.server.dispatch.BatchReports;
import dev.easel.server.dispatch.RunningBatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process workers: each one a set of threads running batches on the shared back ends.
 *
 * <p>The scheduler limits each worker to its declared slots. Threads come from a cached pool, so
 * a thread stuck in a back end that ignores cancellation (an abandoned batch) does not take a
 * slot from the batches after it. Thread-safe.
 */
public final class WorkerPool implements AutoCloseable {

    private final List<WorkerSpec> workers;
    private final BatchRunner runner;
    private final ExecutorService threads;
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();

    public WorkerPool(List<WorkerSpec> workers, BatchRunner runner) {
        this.workers = List.copyOf(workers);
        this.runner = runner;
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "easel-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Returns the workers' specs, as declared to the scheduler. */
    public List<WorkerSpec> workers() {
        return workers;
    }

    /** Starts a batch on a worker thread. */
    public void execute(RunningBatch batch, BatchReports reports) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                runner.run(batch, reports);
            } finally {
                running.remove(batch.batchId());
            }
        }, null);
        running.put(batch.batchId(), task);
        threads.execute(task);
    }

    /** Interrupts the thread of an abandoned batch; a back end that ignores interrupts keeps it until it returns. */
    public void interrupt(String batchId) {
        Future<?> future = running.get(batchId);
        if (future != null) {
            future.cancel(true);
        }
    }

    /** Returns the number of batches running now. */
    public int runningBatches() {
        return running.size();
    }

    /** Returns whether the worker threads accept work. */
    public boolean isAlive() {
        return !threads.isShutdown();
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
