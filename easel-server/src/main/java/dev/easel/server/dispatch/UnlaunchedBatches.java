package dev.easel.server.dispatch;

import dev.easel.server.task.JobLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Settles, at shutdown, the batches that the dispatch loop planned but never handed to a worker.
 * Their start writes may already have marked jobs running in the store, and the worker pool does
 * not know these batches, so without this step the next start would count each such attempt as
 * crashed.
 */
final class UnlaunchedBatches {

    private static final Logger log = LoggerFactory.getLogger(UnlaunchedBatches.class);

    private UnlaunchedBatches() {
    }

    /**
     * Puts each job whose start write succeeded back in the queue with its attempt given back, or
     * ends it canceled when its cancel was requested. A job whose start write failed is still
     * waiting in the store and needs nothing. Blocks on the store.
     *
     * @param unlaunched the start writes of each planned batch, by batch id, in the order of the batch's tickets
     * @param batches    the loop's batches, by batch id
     * @param waitMillis how long to wait, for all batches together, for start writes still in flight
     */
    static void settle(Map<String, List<CompletableFuture<Boolean>>> unlaunched, Map<String, RunningBatch> batches,
                       JobLifecycle lifecycle, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        for (Map.Entry<String, List<CompletableFuture<Boolean>>> entry : unlaunched.entrySet()) {
            RunningBatch planned = batches.get(entry.getKey());
            if (planned == null) {
                continue;
            }
            List<CompletableFuture<Boolean>> starts = entry.getValue();
            for (int i = 0; i < starts.size(); i++) {
                JobTicket ticket = planned.tickets().get(i);
                if (startedInStore(starts.get(i), ticket, deadline)) {
                    settleStarted(planned, ticket, lifecycle);
                }
            }
        }
    }

    private static boolean startedInStore(CompletableFuture<Boolean> start, JobTicket ticket, long deadline) {
        try {
            return start.get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The failed write rolled back, so the task is still waiting in the store.
            return false;
        } catch (TimeoutException e) {
            log.atError().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                    .log("start write still running at shutdown; if it succeeds, the next start counts this attempt as crashed");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void settleStarted(RunningBatch planned, JobTicket ticket, JobLifecycle lifecycle) {
        if (planned.isCancelRequested(ticket.taskId())) {
            String reason = planned.cancelReason(ticket.taskId()) + "; the server shut down before the run started";
            lifecycle.cancelRunning(ticket, reason, System.currentTimeMillis(), planned.workerId());
        } else {
            lifecycle.requeueInterrupted(ticket, planned.workerId());
        }
    }
}
