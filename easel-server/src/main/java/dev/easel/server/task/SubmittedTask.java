package dev.easel.server.task;

import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.store.TaskRecord;

import java.util.Optional;

/**
 * A task just accepted, with where it stands.
 *
 * @param task      the stored task
 * @param placement its queue position and ETA, or empty when the dispatch loop did not answer in time
 */
public record SubmittedTask(TaskRecord task, Optional<DispatchLoop.Placement> placement) {
}
