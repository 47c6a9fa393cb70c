package dev.easel.server.store;

import dev.easel.core.task.TaskState;

/**
 * One stored state change of a task.
 *
 * @param id      store-assigned sequence, increasing in commit order
 * @param taskId  the task
 * @param jobId   the job that changed, or {@code null} for a change of the task alone
 * @param from    previous state, or {@code null} for the first transition
 * @param to      new state
 * @param attempt attempt number at the time of the change (0 before the first start)
 * @param at      milliseconds since the epoch
 * @param reason  why, in English, for operators and API users
 */
public record TransitionRecord(long id, String taskId, String jobId, TaskState from, TaskState to, int attempt, long at, String reason) {
}
