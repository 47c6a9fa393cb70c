package dev.easel.server.worker;

import dev.easel.core.schedule.WorkerSpec;
import dev.easel.server.dispatch.BatchReports;
import dev.easel.server.dispatch.JobTicket;
import dev.easel.server.dispatch.RunningBatch;
import dev.easel.server.task.JobLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;

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
 *
 * <p>Shutdown ({@link #close()}, after the dispatch loop stopped): every running batch is asked to
 * stop at its next step boundary and its results are discarded; the pool waits up to the shutdown
 * wait for the back-end calls to return, without interrupting them, and only then puts the stopped
 * jobs back in the queue with their attempt given back, except jobs whose cancel was requested,
 * which end canceled. When the wait runs out, the back ends are
 * left open (a leak at exit), because closing a native session under a running call crashes the JVM.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final List<WorkerSpec> workers;
    private final BatchRunner runner;
    private final ExecutorService threads;
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, RunningBatch> batches = new ConcurrentHashMap<>();
    private final JobLifecycle lifecycle;
    private final BackendRegistry backends;
    private final Duration shutdownWait;

    /**
     * @param shutdownWait how long {@link #close()} waits for running back-end calls to return
     */
    public WorkerPool(List<WorkerSpec> workers, BatchRunner runner, JobLifecycle lifecycle, BackendRegistry backends,
                      Duration shutdownWait) {
        this.workers = List.copyOf(workers);
        this.runner = runner;
        this.lifecycle = lifecycle;
        this.backends = backends;
        this.shutdownWait = shutdownWait;
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
                batches.remove(batch.batchId());
            }
        }, null);
        batches.put(batch.batchId(), batch);
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
        threads.shutdown();
        List<RunningBatch> stopped = new ArrayList<>();
        for (RunningBatch batch : batches.values()) {
            if (batch.stopForShutdown()) {
                stopped.add(batch);
            }
        }

        boolean returned = awaitReturn();
        if (!returned) {
            backends.leaveOpen();
            log.atError().addKeyValue("running_batches", running.size()).addKeyValue("waited_ms", shutdownWait.toMillis())
                    .log("model calls still running after the shutdown wait; leaving the back ends open");
        }

        for (RunningBatch batch : stopped) {
            for (JobTicket ticket : batch.tickets()) {
                if (batch.isCancelRequested(ticket.taskId())) {
                    String reason = batch.cancelReason(ticket.taskId()) + "; the server shut down before the run stopped";
                    lifecycle.cancelRunning(ticket, reason, batch.startedAtMillis(), batch.workerId());
                } else {
                    lifecycle.requeueInterrupted(ticket, batch.workerId());
                }
            }
        }
    }

    private boolean awaitReturn() {
        try {
            return threads.awaitTermination(shutdownWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
