package dev.easel.server.realtime;

import dev.easel.server.admission.AdmissionGate;
import dev.easel.server.admission.IdempotencyKeys;
import dev.easel.server.auth.Caller;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.OutputRecord;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.task.RequestRejectedException;
import dev.easel.server.task.SubmittedTask;
import dev.easel.server.task.TaskRequest;
import dev.easel.server.task.TaskService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/run}: a synchronous task in the {@code realtime} tier, for fast capabilities
 * such as background removal.
 *
 * <p>The realtime tier has strict priority and its own worker pool, so calls do not queue behind
 * generation jobs. At most {@code easel.realtime.max-in-flight} calls are served at once; a call
 * beyond that answers {@code 429 realtime_busy} with {@code Retry-After} at once instead of making
 * every call slower. Admission treats a call as a synchronous request of the {@code realtime}
 * tier: the tier's {@code max-running-per-user} limits the caller's calls in flight, and the two
 * queue limits do not apply. A call returns {@code 200} with the finished task (status, reason,
 * outputs with URLs), or {@code 504 run_timeout} after {@code easel.realtime.timeout}, when its
 * task is canceled. Thread-safe.
 */
@RestController
@Tag(name = "run", description = "Synchronous fast tasks in the realtime lane")
class RunController {

    private static final Logger log = LoggerFactory.getLogger(RunController.class);
    private static final String TIER = "realtime";

    /** The hint sent with {@code realtime_busy}: fast tasks free a place within about a second. */
    private static final long RETRY_AFTER_SECONDS = 1;

    private final TaskService tasks;
    private final TaskStore store;
    private final TaskEvents events;
    private final AdmissionGate admission;
    private final RealtimeProperties properties;
    private final Semaphore inFlight;
    private final RunningCalls running;

    RunController(TaskService tasks, TaskStore store, TaskEvents events, AdmissionGate admission, RealtimeProperties properties) {
        this.tasks = tasks;
        this.store = store;
        this.events = events;
        this.admission = admission;
        this.properties = properties;
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.running = new RunningCalls(properties.timeout(), System::nanoTime);
    }

    @PostMapping(path = "/v1/run", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run a fast task and wait for it", description = "Same body as POST /v1/tasks without webhook, start_by, "
            + "cancel_after and the Idempotency-Key header; the tier is always realtime. "
            + "200 with the finished task and its output URLs, 429 realtime_busy with Retry-After when the lane is full, "
            + "429 too_many_running when the caller already has max_running_per_user calls in flight, "
            + "504 run_timeout when the task did not finish in time (it is then canceled).")
    ResponseEntity<Map<String, Object>> run(@RequestBody TaskRequest body, HttpServletRequest http) {
        String user = Caller.of(http).user().id();
        checkNoQueuedTaskTerms(body, http);
        TaskRequest request = realtimeRequest(body);
        if (!inFlight.tryAcquire()) {
            throw new RequestRejectedException(429, "realtime_busy", "in_flight", properties.maxInFlight(),
                    String.valueOf(properties.maxInFlight())).withRetryAfter(RETRY_AFTER_SECONDS);
        }
        try (RunningCalls.Call call = running.newCall(user)) {
            SubmittedTask submitted = admitAndSubmit(user, request, call);
            String taskId = submitted.task().id();
            if (!awaitEnd(taskId)) {
                String millis = String.valueOf(properties.timeout().toMillis());
                cancelQuietly(user, taskId, "canceled because the POST /v1/run call timed out after " + millis + " ms");
                throw new RequestRejectedException(504, "run_timeout", "task_id", taskId, millis + " ms")
                        .withLimitMessage("limit.milliseconds", millis);
            }
            return ResponseEntity.ok(view(store.findTask(taskId).orElseThrow()));
        } finally {
            inFlight.release();
        }
    }

    /**
     * Admits the call as a synchronous request, checked against the user's calls in flight, and
     * submits its task under the user's admission lock, where the call starts to count. A submit
     * that stores nothing (an invalid parameter or input) gets its rate token and budget back.
     */
    private SubmittedTask admitAndSubmit(String user, TaskRequest request, RunningCalls.Call call) {
        return admission.submitSynchronous(user, TIER, request.model(), request.params(), () -> running.loadOf(user), params -> {
            call.start();
            return tasks.submit(user, request.withParams(params));
        });
    }

    /**
     * Rejects the deadlines, the webhook and the {@code Idempotency-Key} of a queued task: a call
     * waits for its task and returns it, so none of them would ever take effect.
     */
    private static void checkNoQueuedTaskTerms(TaskRequest body, HttpServletRequest http) {
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("webhook", body.webhook());
        terms.put("start_by", body.startBy());
        terms.put("cancel_after", body.cancelAfter());
        terms.put(IdempotencyKeys.HEADER, http.getHeader(IdempotencyKeys.HEADER));
        for (Map.Entry<String, Object> term : terms.entrySet()) {
            if (term.getValue() != null) {
                throw new RequestRejectedException(400, "unsupported_field", term.getKey(), null, "applies to POST /v1/tasks only")
                        .withLimitMessage("limit.tasks_only", term.getKey());
            }
        }
    }

    private TaskRequest realtimeRequest(TaskRequest body) {
        if (body.tier() != null && !TIER.equals(body.tier())) {
            throw new RequestRejectedException(422, "invalid_field", "tier", body.tier(), TIER + " or left out")
                    .withLimitMessage("limit.realtime_tier", TIER);
        }
        TaskRequest request = body.withTier(TIER);
        checkRealtimeModel(request);
        return request;
    }

    /**
     * Rejects a model that the realtime workers do not host: its task would wait for the shared
     * workers behind generation jobs.
     *
     * <p>NOTE: a request naming a scene, a pipeline or an example is not checked here, so its
     * steps may name models outside {@code easel.realtime.models} and wait for the shared workers.
     */
    private void checkRealtimeModel(TaskRequest request) {
        if (request.isCatalogRequest()) {
            return;
        }
        String allowed = String.join(", ", properties.models());
        if (request.model() == null || request.model().isBlank()) {
            throw new RequestRejectedException(422, "missing_field", "model", null, "one of: " + allowed)
                    .withLimitMessage("limit.one_of", allowed);
        }
        if (!properties.models().contains(request.model())) {
            throw new RequestRejectedException(422, "invalid_field", "model", request.model(),
                    "a model of the realtime workers (easel.realtime.models): " + allowed)
                    .withLimitMessage("limit.realtime_models", allowed);
        }
    }

    /** Waits for the task's terminal transition; false on timeout. */
    private boolean awaitEnd(String taskId) {
        CompletableFuture<Boolean> ended = new CompletableFuture<>();
        TaskEvents.Subscription subscription = events.subscribe(taskId, null, event -> {
            if (event.terminal()) {
                ended.complete(true);
            }
        });
        try {
            if (isTerminal(taskId)) {
                return true;
            }
            return ended.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return isTerminal(taskId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return isTerminal(taskId);
        } finally {
            subscription.close();
        }
    }

    private boolean isTerminal(String taskId) {
        return store.findTask(taskId).map(t -> t.status().isTerminal()).orElse(false);
    }

    private void cancelQuietly(String user, String taskId, String reason) {
        try {
            tasks.cancel(user, taskId, reason);
        } catch (RequestRejectedException e) {
            log.atDebug().addKeyValue("task_id", taskId).addKeyValue("code", e.code()).log("timed-out run already finished");
        }
    }

    private Map<String, Object> view(TaskRecord task) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.id());
        view.put("status", task.status().wireName());
        view.put("reason", task.reason());
        view.put("model", task.model());
        List<Map<String, Object>> outputs = store.outputsOf(task.id()).stream().map(RunController::output).toList();
        view.put("outputs", outputs);
        view.put("links", Map.of("self", "/v1/tasks/" + task.id()));
        return view;
    }

    private static Map<String, Object> output(OutputRecord output) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", output.id());
        view.put("url", "/v1/outputs/" + output.id());
        view.put("media_type", output.mediaType());
        view.put("width", output.width());
        view.put("height", output.height());
        view.put("sha256", output.sha256());
        return view;
    }
}
