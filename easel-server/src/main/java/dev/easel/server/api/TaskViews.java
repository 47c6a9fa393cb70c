package dev.easel.server.api;

import dev.easel.core.schedule.Projection;
import dev.easel.core.task.TaskState;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.OutputRecord;
import dev.easel.server.store.TaskDeadlines;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.store.TransitionRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the JSON bodies of task responses (snake_case maps, so the field names are visible
 * here and in the OpenAPI document). Thread-safe.
 */
final class TaskViews {

    private final TaskStore store;
    private final TaskEvents events;

    TaskViews(TaskStore store, TaskEvents events) {
        this.store = store;
        this.events = events;
    }

    /** Returns the body of the 202 response to a submit. */
    Map<String, Object> accepted(TaskRecord task, Optional<DispatchLoop.Placement> placement) {
        Map<String, Object> body = summary(task);
        long now = System.currentTimeMillis();
        if (placement.isPresent() && placement.get().dispatched()) {
            body.put("position", 0);
            body.put("eta", eta(now, now + Math.round(task.estimatedCostSeconds() * 1000), now));
        } else {
            Optional<Projection> projection = placement.flatMap(DispatchLoop.Placement::projection);
            putProjection(body, projection, now);
        }
        body.put("position_pending", placement.map(DispatchLoop.Placement::isPending).orElse(true));
        body.put("links", links(task.id()));
        return body;
    }

    /** Returns the full view of a task. */
    Map<String, Object> full(TaskRecord task, Optional<Projection> projection) {
        Map<String, Object> body = summary(task);
        long now = System.currentTimeMillis();
        if (task.status() == TaskState.QUEUED || task.status() == TaskState.RETRYING) {
            putProjection(body, projection, now);
        } else {
            body.put("position", null);
            body.put("eta", task.status() == TaskState.RUNNING ? runningEta(task, now) : null);
        }
        body.put("progress", progress(task));
        body.put("cancel_requested", task.cancelRequestedAt() != null);
        body.put("next_attempt_at", time(task.nextAttemptAt()));
        body.put("params", task.params());
        body.put("outputs", store.outputsOf(task.id()).stream().map(TaskViews::output).toList());
        body.put("timeline", store.timeline(task.id()).stream().map(TaskViews::transition).toList());
        body.put("links", links(task.id()));
        return body;
    }

    /** Returns the short view used in listings. */
    Map<String, Object> summary(TaskRecord task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", task.id());
        body.put("status", task.status().wireName());
        body.put("user", task.user());
        body.put("tier", task.tier());
        body.put("model", task.model());
        body.put("model_version", task.modelVersion());
        body.put("capability", task.capability());
        body.put("estimated_cost_seconds", task.estimatedCostSeconds());
        body.put("attempts", task.attempts());
        body.put("max_attempts", task.maxAttempts());
        body.put("queued_at", time(task.queuedAt()));
        body.put("started_at", time(task.startedAt()));
        body.put("finished_at", time(task.finishedAt()));
        body.put("reason", task.reason());
        return body;
    }

    private void putProjection(Map<String, Object> body, Optional<Projection> projection, long now) {
        if (projection.isEmpty()) {
            body.put("position", null);
            body.put("eta", null);
            return;
        }
        Projection p = projection.get();
        if (!p.isSchedulable()) {
            body.put("position", null);
            body.put("eta", null);
            body.put("unschedulable_reason", p.unschedulableReason());
            return;
        }
        body.put("position", p.position());
        body.put("eta", eta(p.startAtMillis(), p.finishAtMillis(), now));
    }

    private Map<String, Object> runningEta(TaskRecord task, long now) {
        Optional<TaskEvents.Progress> progress = events.progressOf(task.id());
        if (progress.isEmpty() || progress.get().step() == 0) {
            long finish = (task.startedAt() == null ? now : task.startedAt()) + Math.round(task.estimatedCostSeconds() * 1000);
            return eta(task.startedAt() == null ? now : task.startedAt(), Math.max(now, finish), now);
        }
        TaskEvents.Progress p = progress.get();
        double perStep = (double) (p.atMillis() - p.startedAtMillis()) / p.step();
        long finish = p.atMillis() + Math.round(perStep * (p.total() - p.step()));
        return eta(p.startedAtMillis(), Math.max(now, finish), now);
    }

    private Map<String, Object> progress(TaskRecord task) {
        if (task.status() == TaskState.SUCCEEDED) {
            return null;
        }
        return events.progressOf(task.id())
                .filter(p -> task.status() == TaskState.RUNNING && p.attempt() == task.attempts())
                .map(p -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("step", p.step());
                    body.put("total", p.total());
                    return body;
                })
                .orElse(null);
    }

    private static Map<String, Object> eta(long startAt, long finishAt, long now) {
        Map<String, Object> eta = new LinkedHashMap<>();
        eta.put("start_at", time(startAt));
        eta.put("finish_at", time(finishAt));
        eta.put("start_in_seconds", Math.max(0, startAt - now) / 1000.0);
        eta.put("finish_in_seconds", Math.max(0, finishAt - now) / 1000.0);
        return eta;
    }

    private static Map<String, Object> output(OutputRecord output) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", output.id());
        body.put("url", "/v1/outputs/" + output.id());
        body.put("media_type", output.mediaType());
        body.put("width", output.width());
        body.put("height", output.height());
        body.put("size_bytes", output.sizeBytes());
        body.put("sha256", output.sha256());
        body.put("seed", output.seed());
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("model_id", output.recipe().modelId());
        recipe.put("model_version", output.recipe().modelVersion());
        recipe.put("file_hash", output.recipe().fileHash());
        recipe.put("backend", output.recipe().backend());
        recipe.put("capability", output.recipe().capability());
        recipe.put("parameters", output.recipe().parameters());
        recipe.put("seed", output.recipe().seed());
        recipe.put("duration_ms", output.recipe().durationMillis());
        body.put("recipe", recipe);
        return body;
    }

    private static Map<String, Object> transition(TransitionRecord transition) {
        return TaskEvents.transitionData(transition);
    }

    /** Adds a task's {@code start_by} and {@code cancel_after} as ISO-8601 instants, {@code null} when unset. */
    static void putDeadlines(Map<String, Object> body, TaskDeadlines deadlines) {
        body.put("start_by", deadlines.startByText());
        body.put("cancel_after", deadlines.cancelAfterText());
    }

    static Map<String, Object> links(String taskId) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", "/v1/tasks/" + taskId);
        links.put("events", "/v1/tasks/" + taskId + "/events");
        links.put("cancel", "/v1/tasks/" + taskId + "/cancel");
        return links;
    }

    private static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** Returns the views of a page of tasks. */
    List<Map<String, Object>> summaries(List<TaskRecord> tasks) {
        return tasks.stream().map(t -> {
            Map<String, Object> body = summary(t);
            body.put("links", links(t.id()));
            return body;
        }).toList();
    }
}
