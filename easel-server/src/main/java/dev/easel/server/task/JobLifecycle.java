package dev.easel.server.task;

import dev.easel.core.task.TaskState;
import dev.easel.server.dispatch.JobTicket;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.metrics.EaselMetrics;
import dev.easel.server.store.OutputRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.store.TransitionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The state changes of a task's job, each in one order: store it, then tell (events, metrics,
 * logs). Every method is a compare-and-set in the store, so a change that lost a race (a cancel
 * against the end of the run) changes nothing and is reported as {@code false}.
 *
 * <p>Thread-safe. The blocking methods wait for the store's commit; call them from worker
 * threads, never from the dispatch loop.
 */
public final class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);
    private static final Set<TaskState> WAITING = EnumSet.of(TaskState.QUEUED, TaskState.RETRYING);

    private final TaskStore store;
    private final TaskEvents events;
    private final EaselMetrics metrics;
    private final RetryPolicy retry;
    private volatile StepContinuation continuation;

    /** Continues a multi-step task after one of its steps succeeded, instead of ending it. */
    public interface StepContinuation {

        /**
         * Stores the step's outputs and queues the task's next step. Blocks.
         *
         * @return empty when the job's task has no further step (it then ends as usual);
         *         otherwise whether the change took effect ({@code false} when the task was no
         *         longer running this attempt)
         */
        Optional<Boolean> advance(JobTicket ticket, List<OutputRecord> outputs);
    }

    public JobLifecycle(TaskStore store, TaskEvents events, EaselMetrics metrics, RetryPolicy retry) {
        this.store = store;
        this.events = events;
        this.metrics = metrics;
        this.retry = retry;
    }

    /** Sets the continuation of multi-step tasks; called once at start. */
    public void continueStepsWith(StepContinuation next) {
        this.continuation = next;
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    /**
     * Starts an attempt; completes with whether the task is now running. Does not block.
     *
     * @param waitStartMillis when the job entered the queue for this attempt, for the wait metric
     */
    public CompletableFuture<Boolean> start(JobTicket ticket, String workerId, int attempt, long now, long waitStartMillis) {
        return store.startRunning(ticket.taskId(), workerId, attempt, now).thenApply(from -> {
            boolean started = from != null;
            if (started) {
                publish(ticket, from, TaskState.RUNNING, attempt, now, "attempt " + attempt + " started on worker " + workerId);
                metrics.jobWaited(ticket.job().tier(), ticket.model(), Duration.ofMillis(Math.max(0, now - waitStartMillis)));
                log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                        .addKeyValue("user", ticket.job().user()).addKeyValue("tier", ticket.job().tier())
                        .addKeyValue("worker", workerId).addKeyValue("attempt", attempt).log("job started");
            }
            return started;
        });
    }

    /** Marks a running task succeeded with its outputs, whose files are already on disk. Blocks. */
    public boolean succeed(JobTicket ticket, List<OutputRecord> outputs, long startedAtMillis, String workerId) {
        StepContinuation next = continuation;
        if (next != null) {
            Optional<Boolean> advanced = next.advance(ticket, outputs);
            if (advanced.isPresent()) {
                metrics.jobRan(ticket.job().tier(), ticket.model(), Duration.ofMillis(Math.max(0, System.currentTimeMillis() - startedAtMillis)));
                return advanced.get();
            }
        }
        long now = System.currentTimeMillis();
        String reason = "finished with " + outputs.size() + (outputs.size() == 1 ? " image" : " images");
        boolean done = store.markSucceeded(ticket.taskId(), ticket.attempts(), now, outputs, reason).join();
        if (done) {
            publish(ticket, TaskState.RUNNING, TaskState.SUCCEEDED, ticket.attempts(), now, reason);
            finished(ticket, TaskState.SUCCEEDED, now - startedAtMillis, workerId, reason);
        }
        return done;
    }

    /**
     * Ends a failed attempt: the task retries when the failure is retryable and attempts are
     * left, and fails otherwise. Blocks.
     *
     * @return the time the next attempt is due, or empty when the task failed (or was no longer running)
     */
    public OptionalLong fail(JobTicket ticket, String reason, boolean retryable, long startedAtMillis, String workerId) {
        long now = System.currentTimeMillis();
        int attempt = ticket.attempts();
        if (retryable && attempt < ticket.maxAttempts()) {
            long due = now + retry.backoffAfter(attempt).toMillis();
            String detail = reason + "; attempt " + attempt + " of " + ticket.maxAttempts() + ", retrying";
            if (store.markRetrying(ticket.taskId(), attempt, now, due, detail).join()) {
                publish(ticket, TaskState.RUNNING, TaskState.RETRYING, attempt, now, detail);
                metrics.jobRan(ticket.job().tier(), ticket.model(), Duration.ofMillis(now - startedAtMillis));
                log.atWarn().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                        .addKeyValue("worker", workerId).addKeyValue("attempt", attempt).addKeyValue("reason", reason)
                        .log("attempt failed; retrying");
                return OptionalLong.of(due);
            }
            return OptionalLong.empty();
        }
        String detail = retryable ? reason + "; all " + ticket.maxAttempts() + " attempts used" : reason;
        if (store.markFinished(ticket.taskId(), EnumSet.of(TaskState.RUNNING), ticket.attempts(), TaskState.FAILED, now, detail).join()) {
            publish(ticket, TaskState.RUNNING, TaskState.FAILED, attempt, now, detail);
            finished(ticket, TaskState.FAILED, now - startedAtMillis, workerId, detail);
        }
        return OptionalLong.empty();
    }

    /**
     * Ends a run that found its back end unavailable or rate limited, without counting the
     * attempt: the job waits (see {@link RetryPolicy#retryUnavailableAt}) and runs again, and the
     * task fails once the back end has been unavailable for {@link RetryPolicy#unavailableFor()}.
     * The start of the outage is read from the store, so the limit also applies across restarts.
     * Logs the outage's first run at WARN and the later ones at DEBUG. Blocks.
     *
     * @param retryAfter the wait the back end asked for, or empty
     * @return the time the next run is due, or empty when the task failed (or was no longer running)
     */
    public OptionalLong retryUnavailable(JobTicket ticket, String reason, Optional<Duration> retryAfter, long startedAtMillis,
                                         String workerId) {
        long now = System.currentTimeMillis();
        int attempt = ticket.attempts();
        Optional<Long> stored = store.unavailableSince(ticket.taskId());
        long since = stored.orElse(now);
        OptionalLong due = retry.retryUnavailableAt(since, now, retryAfter, ThreadLocalRandom.current());

        if (due.isEmpty()) {
            String detail = reason + "; the back end stayed unavailable for " + seconds(now - since) + ", longer than the "
                    + seconds(retry.unavailableFor().toMillis()) + " limit (easel.retry.unavailable-for)";
            if (store.markFinished(ticket.taskId(), EnumSet.of(TaskState.RUNNING), attempt, TaskState.FAILED, now, detail).join()) {
                publish(ticket, TaskState.RUNNING, TaskState.FAILED, attempt, now, detail);
                finished(ticket, TaskState.FAILED, now - startedAtMillis, workerId, detail);
            }
            return OptionalLong.empty();
        }

        String detail = reason + "; back end unavailable for " + seconds(now - since) + ", retrying in "
                + seconds(due.getAsLong() - now) + "; the attempt is not counted";
        if (!store.markUnavailable(ticket.taskId(), attempt, now, due.getAsLong(), since, detail).join()) {
            return OptionalLong.empty();
        }
        publish(ticket, TaskState.RUNNING, TaskState.RETRYING, attempt, now, detail);
        metrics.jobRan(ticket.job().tier(), ticket.model(), Duration.ofMillis(Math.max(0, now - startedAtMillis)));
        // One WARN per outage and job, because a long outage would otherwise log every waiting job each backoff period.
        Level level = stored.isEmpty() ? Level.WARN : Level.DEBUG;
        log.atLevel(level).addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                .addKeyValue("worker", workerId).addKeyValue("attempt", attempt).addKeyValue("unavailable_ms", now - since)
                .addKeyValue("retry_in_ms", due.getAsLong() - now).addKeyValue("reason", reason)
                .log("back end unavailable; retrying without counting the attempt");
        return due;
    }

    /** Marks a running task canceled once its work stopped (or was given up on). Blocks. */
    public boolean cancelRunning(JobTicket ticket, String reason, long startedAtMillis, String workerId) {
        long now = System.currentTimeMillis();
        if (store.markFinished(ticket.taskId(), EnumSet.of(TaskState.RUNNING), ticket.attempts(), TaskState.CANCELED, now, reason).join()) {
            publish(ticket, TaskState.RUNNING, TaskState.CANCELED, ticket.attempts(), now, reason);
            finished(ticket, TaskState.CANCELED, now - startedAtMillis, workerId, reason);
            return true;
        }
        return false;
    }

    /** Marks a queued or retrying task canceled. Blocks. */
    public boolean cancelWaiting(JobTicket ticket, String reason) {
        long now = System.currentTimeMillis();
        TaskState from = store.finishFrom(ticket.taskId(), WAITING, null, TaskState.CANCELED, now, reason).join();
        if (from != null) {
            publish(ticket, from, TaskState.CANCELED, ticket.attempts(), now, reason);
            metrics.taskFinished(ticket.job().tier(), ticket.model(), TaskState.CANCELED.wireName());
            log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("user", ticket.job().user())
                    .addKeyValue("tier", ticket.job().tier()).log("task canceled while waiting");
            return true;
        }
        return false;
    }

    /**
     * Marks a queued or retrying task expired because it did not start by its {@code start_by}.
     * Blocks.
     */
    public boolean expireWaiting(JobTicket ticket, String reason) {
        long now = System.currentTimeMillis();
        TaskState from = store.finishFrom(ticket.taskId(), WAITING, null, TaskState.EXPIRED, now, reason).join();
        if (from != null) {
            publish(ticket, from, TaskState.EXPIRED, ticket.attempts(), now, reason);
            metrics.taskFinished(ticket.job().tier(), ticket.model(), TaskState.EXPIRED.wireName());
            log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("user", ticket.job().user())
                    .addKeyValue("tier", ticket.job().tier()).addKeyValue("reason", reason).log("task expired");
            return true;
        }
        return false;
    }

    /** Records that a running task is to stop, as a user's cancel does, so a restart ends it canceled. Blocks. */
    public void recordCancelRequest(String taskId) {
        store.requestCancel(taskId, System.currentTimeMillis()).join();
    }

    /** Returns whether the task is in a terminal state, or unknown to the store. */
    public boolean isFinished(String taskId) {
        return store.findTask(taskId).map(t -> t.status().isTerminal()).orElse(true);
    }

    /**
     * Settles a task that was running when the server stopped: it retries at once if attempts
     * are left, and fails otherwise. Blocks.
     *
     * @return the time the next attempt is due, or empty when the task failed
     */
    public OptionalLong recoverInterrupted(JobTicket ticket) {
        String reason = "worker crashed: the server stopped during attempt " + ticket.attempts();
        OptionalLong due = fail(ticket, reason, true, System.currentTimeMillis(), "none");
        // The attempt was lost to the process, not to the job: it enters the queue again at once,
        // with its original submit time, so it keeps its place ahead of later work.
        return due.isPresent() ? OptionalLong.of(System.currentTimeMillis()) : due;
    }

    /**
     * Puts a task whose run a clean shutdown stopped back in the queue without using up its
     * attempt, so that the next start resumes it instead of counting a crash. Blocks.
     *
     * @return whether the task was still running this attempt
     */
    public boolean requeueInterrupted(JobTicket ticket, String workerId) {
        long now = System.currentTimeMillis();
        String reason = "the server shut down during attempt " + ticket.attempts() + "; the attempt is not counted";
        boolean done = store.markInterrupted(ticket.taskId(), ticket.attempts(), now, reason).join();
        if (done) {
            publish(ticket, TaskState.RUNNING, TaskState.QUEUED, ticket.attempts(), now, reason);
            events.clearProgress(ticket.taskId());
            log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                    .addKeyValue("worker", workerId).addKeyValue("attempt", ticket.attempts()).log("job requeued at shutdown");
        }
        return done;
    }

    private void finished(JobTicket ticket, TaskState outcome, long runMillis, String workerId, String reason) {
        metrics.taskFinished(ticket.job().tier(), ticket.model(), outcome.wireName());
        metrics.jobRan(ticket.job().tier(), ticket.model(), Duration.ofMillis(Math.max(0, runMillis)));
        events.clearProgress(ticket.taskId());
        log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                .addKeyValue("user", ticket.job().user()).addKeyValue("tier", ticket.job().tier())
                .addKeyValue("worker", workerId).addKeyValue("attempt", ticket.attempts())
                .addKeyValue("outcome", outcome.wireName()).addKeyValue("reason", reason).log("task finished");
    }

    /** Formats milliseconds as seconds for a reason, for example {@code 0.4 s} or {@code 75 s}. */
    private static String seconds(long millis) {
        return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : (millis / 1000) + " s";
    }

    private void publish(JobTicket ticket, TaskState from, TaskState to, int attempt, long at, String reason) {
        events.transition(new TransitionRecord(0, ticket.taskId(), ticket.jobId(), from, to, attempt, at, reason));
    }
}
