package dev.easel.server.store;

/**
 * The deadlines of a task that has not finished, read at start to watch them again.
 *
 * @param taskId    the task
 * @param deadlines its deadlines, never empty
 * @param started   whether an attempt of the task ever started, so {@code start_by} no longer applies
 */
public record UnfinishedDeadline(String taskId, TaskDeadlines deadlines, boolean started) {
}
