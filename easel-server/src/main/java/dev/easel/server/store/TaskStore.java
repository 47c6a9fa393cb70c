package dev.easel.server.store;

import dev.easel.core.task.TaskState;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The durable record of tasks, jobs, transitions and outputs: Easel's source of truth.
 *
 * <p>Every write returns a future that completes only after its transaction committed, so a
 * caller acknowledges or announces a change only once it is durable. Writes from many threads
 * may be grouped into one transaction. A state change is a compare-and-set on the current
 * state: it returns {@code false}, and changes nothing, when the task is no longer in one of
 * the expected states (a cancel that lost the race with the end of the run, for example).
 * Terminal states never change again.
 *
 * <p>Implementations are thread-safe. Reads see every write whose future has completed.
 */
public interface TaskStore {

    /** Inserts a task in state {@code QUEUED}, its job, and the first transition. */
    CompletableFuture<Void> create(NewTask task);

    /**
     * Moves a queued or retrying task to {@code RUNNING} and counts the attempt.
     *
     * @param attempt the attempt now starting, from 1
     */
    CompletableFuture<Boolean> markRunning(String taskId, String workerId, int attempt, long at);

    /**
     * Moves a task running attempt {@code attempt} to {@code RETRYING}; it enters the queue again
     * at {@code nextAttemptAt}.
     */
    CompletableFuture<Boolean> markRetrying(String taskId, int attempt, long at, long nextAttemptAt, String reason);

    /**
     * Moves a task running attempt {@code attempt} to {@code RETRYING} because its back end was
     * unavailable, and gives the attempt back (its count drops to {@code attempt - 1}). It enters
     * the queue again at {@code nextAttemptAt}.
     *
     * @param unavailableSince when the outage began for this job, epoch milliseconds; stored until
     *                         a later run of the job ends otherwise (it succeeds, fails or crashes)
     */
    CompletableFuture<Boolean> markUnavailable(String taskId, int attempt, long at, long nextAttemptAt, long unavailableSince,
                                               String reason);

    /**
     * Returns when the task's current job first found its back end unavailable in the outage still
     * going on, epoch milliseconds; empty when its last run did not, or the task is unknown.
     */
    Optional<Long> unavailableSince(String taskId);

    /**
     * Moves a task running attempt {@code attempt} back to {@code QUEUED} and gives the attempt
     * back (its count drops to {@code attempt - 1}): the server stopped it on purpose, so the
     * next start does not count it as a crash.
     */
    CompletableFuture<Boolean> markInterrupted(String taskId, int attempt, long at, String reason);

    /**
     * Moves a task running attempt {@code attempt} to {@code SUCCEEDED} and records its outputs in
     * the same transaction.
     */
    CompletableFuture<Boolean> markSucceeded(String taskId, int attempt, long at, List<OutputRecord> outputs, String reason);

    /**
     * Moves a task from one of {@code from} to a terminal state ({@code FAILED}, {@code CANCELED}
     * or {@code EXPIRED}).
     *
     * @param attempt the attempt the change belongs to, or {@code null} for any; a late report of
     *                an attempt that was given up on then changes nothing
     */
    CompletableFuture<Boolean> markFinished(String taskId, Set<TaskState> from, Integer attempt, TaskState to, long at, String reason);

    /**
     * Does what {@link #markRunning} does and completes with the state the task left
     * ({@code QUEUED} or {@code RETRYING}), or with {@code null} when the change lost a race.
     */
    CompletableFuture<TaskState> startRunning(String taskId, String workerId, int attempt, long at);

    /**
     * Does what {@link #markFinished} does and completes with the state the task left, or with
     * {@code null} when the change lost a race.
     */
    CompletableFuture<TaskState> finishFrom(String taskId, Set<TaskState> from, Integer attempt, TaskState to, long at, String reason);

    /** Records that a cancel of a running task was requested; returns whether it is running. */
    CompletableFuture<Boolean> requestCancel(String taskId, long at);

    /** Returns the task with this id. */
    Optional<TaskRecord> findTask(String taskId);

    /**
     * Returns a user's tasks, newest first.
     *
     * @param statuses states to include; empty means all
     * @param cursor   the {@link TaskPage#nextCursor()} of the previous page, or {@code null}
     * @param limit    page size, at least 1
     */
    TaskPage listTasks(String user, Set<TaskState> statuses, String cursor, int limit);

    /** Returns a task's transitions in the order they happened. */
    List<TransitionRecord> timeline(String taskId);

    /** Returns a task's outputs by job and index. */
    List<OutputRecord> outputsOf(String taskId);

    /** Returns the output with this id. */
    Optional<OutputRecord> findOutput(String outputId);

    /** Returns every task not yet in a terminal state, oldest first. */
    List<TaskRecord> unfinishedTasks();

    /**
     * Returns how many of a user's tasks in a tier are waiting ({@code QUEUED} or
     * {@code RETRYING}), counting at most {@code bound}. This default reads pages of the user's
     * waiting tasks; implementations may count in the database instead.
     *
     * @param bound the count to stop at, at least 1; a larger count is returned as {@code bound}
     */
    default int countWaiting(String user, String tier, int bound) {
        Set<TaskState> waiting = Set.of(TaskState.QUEUED, TaskState.RETRYING);
        int count = 0;
        String cursor = null;
        do {
            TaskPage page = listTasks(user, waiting, cursor, 500);
            for (TaskRecord task : page.items()) {
                if (task.tier().equals(tier) && ++count >= bound) {
                    return bound;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return count;
    }

    /** Runs a trivial query; throws when the store cannot be reached. */
    void ping();
}
