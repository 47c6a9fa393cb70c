package dev.easel.server.config;

import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.dispatch.JobTicket;
import dev.easel.server.output.OutputFiles;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.task.JobLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovers the queue from the store and starts the dispatch loop before the web server takes
 * requests; stops it after the web server stopped.
 *
 * <p>Recovery: queued tasks enter the scheduler again with their original submit time; retrying
 * tasks wait for their stored next attempt; a task that was running when the process died counts
 * that attempt and resumes first, ahead of the queue, or fails with "worker crashed" once its
 * attempts are used up. A task whose cancel was requested before the server stopped ends canceled:
 * a running one (after a crash), and a queued one whose run a shutdown stopped.
 */
final class DispatchLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchLifecycle.class);

    private final DispatchLoop loop;
    private final TaskStore store;
    private final JobLifecycle lifecycle;
    private final OutputFiles files;
    private volatile boolean running;

    DispatchLifecycle(DispatchLoop loop, TaskStore store, JobLifecycle lifecycle, OutputFiles files) {
        this.loop = loop;
        this.store = store;
        this.lifecycle = lifecycle;
        this.files = files;
    }

    @Override
    public void start() {
        int leftovers = files.deleteLeftovers();
        List<JobTicket> resumed = new ArrayList<>();
        List<JobTicket> queued = new ArrayList<>();
        Map<JobTicket, Long> retryAt = new LinkedHashMap<>();
        int failed = 0;
        int canceled = 0;
        for (TaskRecord task : store.unfinishedTasks()) {
            JobTicket ticket = JobTicket.of(task);
            switch (task.status()) {
                case QUEUED -> {
                    if (task.cancelRequestedAt() != null) {
                        // A shutdown stopped this run after its cancel was requested, so the cancel is kept.
                        lifecycle.cancelWaiting(ticket, "canceled by the user; the server shut down before the run stopped");
                        canceled++;
                    } else {
                        queued.add(ticket);
                    }
                }
                case RETRYING -> retryAt.put(ticket, task.nextAttemptAt() == null ? System.currentTimeMillis() : task.nextAttemptAt());
                case RUNNING -> {
                    if (task.cancelRequestedAt() != null) {
                        lifecycle.cancelRunning(ticket, "canceled by the user; the server stopped before the run did",
                                System.currentTimeMillis(), "none");
                    } else if (lifecycle.recoverInterrupted(ticket).isPresent()) {
                        resumed.add(ticket);
                    } else {
                        failed++;
                    }
                }
                default -> throw new IllegalStateException("unfinished task " + task.id() + " in state " + task.status());
            }
        }
        log.atInfo().addKeyValue("resumed", resumed.size()).addKeyValue("queued", queued.size()).addKeyValue("retrying", retryAt.size())
                .addKeyValue("failed_after_crash", failed).addKeyValue("canceled", canceled).addKeyValue("partial_files_deleted", leftovers)
                .log("queue recovered from the store");
        loop.start(resumed, queued, retryAt);
        running = true;
    }

    @Override
    public void stop() {
        loop.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns false: recovery rebuilds the in-memory queue from the store once per process, so a
     * paused test context keeps its loop running instead of stopping and recovering twice.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    /** Starts before the web server (which starts at DEFAULT_PHASE - 1024) and stops after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
