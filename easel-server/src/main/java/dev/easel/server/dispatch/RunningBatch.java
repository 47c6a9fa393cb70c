package dev.easel.server.dispatch;

import dev.easel.core.schedule.Assignment;
import dev.easel.engine.CancellationSignal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A batch handed to a worker, with the state that other threads change while it runs.
 *
 * <p>Thread-safe: the dispatch loop flags cancels and abandons batches, the worker reads the flags
 * at each step boundary.
 */
public final class RunningBatch {

    /** The reason of a cancel that a user requested. */
    public static final String USER_CANCEL = "canceled by the user";

    private final Assignment assignment;
    private final List<JobTicket> tickets;
    private final CancellationSignal signal = new CancellationSignal();
    /** The reason of each requested cancel, by task id. */
    private final Map<String, String> cancelRequested = new ConcurrentHashMap<>();
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private final long startedAtMillis;

    RunningBatch(Assignment assignment, List<JobTicket> tickets, long startedAtMillis) {
        this.assignment = assignment;
        this.tickets = List.copyOf(tickets);
        this.startedAtMillis = startedAtMillis;
    }

    public String batchId() {
        return assignment.batchId();
    }

    public String workerId() {
        return assignment.workerId();
    }

    public Assignment assignment() {
        return assignment;
    }

    /** Returns the jobs that started (the store accepted their move to running). */
    public List<JobTicket> tickets() {
        return tickets;
    }

    public CancellationSignal signal() {
        return signal;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** Returns whether a cancel of this task was requested. */
    public boolean isCancelRequested(String taskId) {
        return cancelRequested.containsKey(taskId);
    }

    /**
     * Returns why the task's cancel was requested, for the start of its transition reason:
     * {@value #USER_CANCEL} unless a deadline passed.
     */
    public String cancelReason(String taskId) {
        return cancelRequested.getOrDefault(taskId, USER_CANCEL);
    }

    /** Flags a task as canceled by its user; once every task is, the whole batch stops at its next step boundary. */
    void requestCancel(String taskId) {
        requestCancel(taskId, USER_CANCEL);
    }

    /** Flags a task as canceled for this reason; a reason given first is kept. */
    void requestCancel(String taskId, String reason) {
        cancelRequested.putIfAbsent(taskId, reason);
        if (tickets.stream().allMatch(t -> cancelRequested.containsKey(t.taskId()))) {
            signal.cancel();
        }
    }

    /** Marks the batch as given up on (its worker was replaced); returns false when it already was. */
    boolean abandon() {
        signal.cancel();
        return abandoned.compareAndSet(false, true);
    }

    /**
     * Stops the batch for a shutdown: asks the back end to stop at its next step boundary and
     * makes the runner discard the results; returns false when it was already given up on.
     */
    public boolean stopForShutdown() {
        return abandon();
    }

    /** Returns whether the batch was given up on; its results must then be discarded. */
    public boolean isAbandoned() {
        return abandoned.get();
    }

    /** Returns a copy holding only these tickets, with the cancel requests made so far. */
    RunningBatch withTickets(List<JobTicket> started) {
        RunningBatch copy = new RunningBatch(assignment, started, startedAtMillis);
        copy.cancelRequested.putAll(cancelRequested);
        if (signal.isCancelled()) {
            copy.signal.cancel();
        }
        return copy;
    }

    /** Returns whether this batch runs this task. */
    public boolean contains(String taskId) {
        return tickets.stream().anyMatch(t -> t.taskId().equals(taskId));
    }
}
