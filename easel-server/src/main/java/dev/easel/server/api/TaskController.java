package dev.easel.server.api;

import dev.easel.core.task.TaskState;
import dev.easel.server.admission.AdmissionGate;
import dev.easel.server.admission.IdempotencyCheck;
import dev.easel.server.admission.IdempotencyKeys;
import dev.easel.server.admission.InvalidIdempotencyKeyException;
import dev.easel.server.auth.Caller;
import dev.easel.server.auth.TierEntitlement;
import dev.easel.server.webhook.TaskWebhook;
import dev.easel.server.webhook.TaskWebhooks;
import dev.easel.server.chain.ChainViews;
import dev.easel.server.config.EaselProperties;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.TaskDeadlines;
import dev.easel.server.store.TaskPage;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.task.RequestDeadlines;
import dev.easel.server.task.RequestRejectedException;
import dev.easel.server.task.SubmitTerms;
import dev.easel.server.task.SubmittedTask;
import dev.easel.server.task.TaskRequest;
import dev.easel.server.task.TaskService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The task endpoints of API version 1. */
@RestController
@RequestMapping("/v1/tasks")
@Tag(name = "tasks", description = "Submit, follow and cancel generation tasks")
class TaskController {

    /** Header naming the authenticated caller, set by the API key filter. */
    static final String USER_HEADER = "X-Easel-User";

    /** A page cursor is the id of the last task of the previous page: "tsk_" and a ULID. */
    private static final java.util.regex.Pattern CURSOR = java.util.regex.Pattern.compile("tsk_[0-9A-HJKMNP-TV-Z]{26}");
    private static final String STATUS_NAMES = "queued, running, retrying, succeeded, failed, canceled, expired";

    private final TaskService tasks;
    private final TaskStore store;
    private final TaskViews views;
    private final TaskEventStreams streams;
    private final EaselProperties properties;
    private final ChainViews chains;
    private final AdmissionGate admission;
    private final TaskWebhooks webhooks;
    private final IdempotencyKeys idempotency;
    private final JdbcTaskStore deadlines;
    private final TierEntitlement entitlement;

    TaskController(TaskService tasks, TaskStore store, TaskEvents events, TaskEventStreams streams, EaselProperties properties,
                   AdmissionGate admission, ChainViews chains,
                   TaskWebhooks webhooks, IdempotencyKeys idempotency, JdbcTaskStore deadlines, TierEntitlement entitlement) {
        this.entitlement = entitlement;
        this.idempotency = idempotency;
        this.deadlines = deadlines;
        this.webhooks = webhooks;
        this.chains = chains;
        this.admission = admission;
        this.tasks = tasks;
        this.store = store;
        this.views = new TaskViews(store, events);
        this.streams = streams;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a task",
            description = "Validates the parameters against the model's schema, stores the task and queues it. "
                    + "Answers 202 only after the task is durable. Body: {\"model\": \"tiny-sd\", \"capability\": \"txt2img\", "
                    + "\"params\": {\"prompt\": \"...\"}, \"tier\": \"normal\"}; capability may be left out when the model has one. "
                    + "start_by and cancel_after take an ISO-8601 instant or seconds from now, at most 7 days ahead. "
                    + "With an Idempotency-Key header, a repeat of the same body by the same user within 24 hours answers 200 "
                    + "with the original task and creates nothing; the same key with another body answers 422.")
    @io.swagger.v3.oas.annotations.responses.ApiResponses({
            @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "The task is stored and queued",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON_VALUE)),
            @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
                    description = "Replay: an earlier request with this Idempotency-Key and body created the task shown; "
                            + "header Idempotent-Replayed: true",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON_VALUE)),
            @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400", description = "Malformed body or wrong types",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/problem+json",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.springframework.http.ProblemDetail.class))),
            @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "Unknown model, tier or an invalid parameter",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/problem+json",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.springframework.http.ProblemDetail.class))),
            @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "429", description = "Queue full or rate limited",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/problem+json",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.springframework.http.ProblemDetail.class)))
    })
    ResponseEntity<Map<String, Object>> submit(@RequestBody TaskRequest request,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @Parameter(hidden = true) @RequestHeader(value = USER_HEADER, required = false) String user,
            HttpServletRequest httpRequest) {
        String caller = user(user);
        Caller authenticated = Caller.of(httpRequest);
        checkSingleIdempotencyKey(httpRequest);
        Optional<TaskWebhook> webhook = webhooks.parse(request.webhook());
        try {
            return idempotency.submitOnce(caller, idempotencyKey, request, new IdempotencyKeys.Submission<>() {
                @Override
                public ResponseEntity<Map<String, Object>> create(IdempotencyCheck.FirstUse firstUse) {
                    // Deadlines are checked only for a new task: a replay after start_by passed still replays.
                    TaskDeadlines taskDeadlines = RequestDeadlines.parse(request.startBy(), request.cancelAfter(),
                            System.currentTimeMillis());
                    TaskRequest inTier = request.withTier(entitlement.resolve(authenticated.user(), request.tier(), false));
                    return accept(caller, inTier, new SubmitTerms(taskDeadlines, firstUse), webhook);
                }

                @Override
                public ResponseEntity<Map<String, Object>> replay(String taskId) {
                    return replayed(caller, taskId);
                }

                @Override
                public RuntimeException conflict(String taskId) {
                    return new RequestRejectedException(422, "idempotency_key_reused", IdempotencyKeys.HEADER, idempotencyKey,
                            "the same body as the first request with this key, which created task " + taskId)
                            .withLimitMessage("limit.idempotency_same_body", taskId);
                }
            });
        } catch (InvalidIdempotencyKeyException e) {
            throw new RequestRejectedException(400, "invalid_idempotency_key", e.field(), e.value(), e.rule())
                    .withLimitMessage(e.ruleKey(), e.ruleArgs());
        }
    }

    /**
     * Rejects a request with more than one {@code Idempotency-Key} header field, which the servlet
     * container would join with commas into one key that the client never sent.
     */
    private static void checkSingleIdempotencyKey(HttpServletRequest httpRequest) {
        java.util.List<String> values = java.util.Collections.list(httpRequest.getHeaders(IdempotencyKeys.HEADER));
        if (values.size() > 1) {
            String count = String.valueOf(values.size());
            throw new RequestRejectedException(400, "invalid_idempotency_key", IdempotencyKeys.HEADER, String.join(", ", values),
                    "must be sent once, was sent " + count + " times")
                    .withLimitMessage("limit.idempotency_single", count);
        }
    }

    private ResponseEntity<Map<String, Object>> accept(String caller, TaskRequest request, SubmitTerms terms,
                                                       Optional<TaskWebhook> webhook) {
        SubmittedTask submitted = admission.submit(caller, request.tier(), request.model(), request.params(),
                params -> tasks.submit(caller, request.withParams(params), terms));
        webhook.ifPresent(w -> webhooks.register(submitted.task().id(), caller, w));
        Map<String, Object> body = views.accepted(submitted.task(), submitted.placement());
        TaskViews.putDeadlines(body, terms.deadlines());
        admission.addDegradeTo(body, submitted.task().id());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/v1/tasks/" + submitted.task().id()))
                .body(body);
    }

    /** Returns the response to a repeated request: the task that its first request created, as it is now. */
    private ResponseEntity<Map<String, Object>> replayed(String caller, String taskId) {
        return ResponseEntity.ok()
                .location(URI.create("/v1/tasks/" + taskId))
                .header("Idempotent-Replayed", "true")
                .body(fullView(tasks.find(caller, taskId)));
    }

    private Map<String, Object> fullView(TaskRecord task) {
        Map<String, Object> body = views.full(task, tasks.projection(task));
        TaskViews.putDeadlines(body, deadlines.deadlinesOf(task.id()));
        admission.addDegradeTo(body, task.id());
        chains.addTo(body, task);
        return body;
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a task", description = "Status, position and ETA, progress, attempts, outputs with recipes, and the timeline.")
    Map<String, Object> get(@PathVariable String id, @Parameter(hidden = true)
            @RequestHeader(value = USER_HEADER, required = false) String user) {
        return fullView(tasks.find(user(user), id));
    }

    @GetMapping
    @Operation(summary = "List the caller's tasks", description = "Newest first. status takes a comma-separated list of states; "
            + "cursor takes next_cursor of the previous page.")
    Map<String, Object> list(@RequestParam(required = false) String status,
                             @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer limit,
                             @Parameter(hidden = true) @RequestHeader(value = USER_HEADER, required = false) String user) {
        int max = properties.getApi().getMaxPageSize();
        int pageSize = limit == null ? Math.min(20, max) : limit;
        if (pageSize < 1 || pageSize > max) {
            throw new RequestRejectedException(400, "invalid_query", "limit", pageSize, "from 1 to " + max)
                    .withLimitMessage("limit.page_size", String.valueOf(max));
        }
        if (cursor != null && !CURSOR.matcher(cursor).matches()) {
            throw new RequestRejectedException(400, "invalid_query", "cursor", cursor, "the next_cursor of a previous page")
                    .withLimitMessage("limit.next_cursor");
        }
        TaskPage page = store.listTasks(user(user), statuses(status), cursor, pageSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", views.summaries(page.items()));
        body.put("next_cursor", page.nextCursor());
        return body;
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a task", description = "A queued task is canceled at once (200); a running one stops at its next "
            + "step boundary (202, cancel_requested true); a finished one is not changed (409).")
    ResponseEntity<Map<String, Object>> cancel(@PathVariable String id, @Parameter(hidden = true)
            @RequestHeader(value = USER_HEADER, required = false) String user) {
        TaskService.CancelResult result = tasks.cancel(user(user), id);
        Map<String, Object> body = views.full(result.task(), java.util.Optional.empty());
        return ResponseEntity.status(result.stopping() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(body);
    }

    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a task", description = "Server-Sent Events: transition, progress and position events, each with an id. "
            + "Reconnect with Last-Event-ID to receive exactly the events after it. The stream ends after a terminal transition. "
            + "When the server no longer holds the stream (restart, or idle past the retention), a reconnect replays the stored "
            + "transitions from the start.")
    SseEmitter events(@PathVariable String id,
                      @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                      @Parameter(hidden = true) @RequestHeader(value = USER_HEADER, required = false) String user) {
        TaskRecord task = tasks.find(user(user), id);
        return streams.open(task.id(), lastEventId);
    }

    // NOTE: ApiKeyFilter (dev.easel.server.auth) authenticates the bearer key and sets this header
    // to the caller's user id, replacing whatever the client sent, so the header is trusted here.
    private static String user(String header) {
        if (header == null || header.isBlank()) {
            return "anonymous";
        }
        if (header.length() > 200) {
            throw new RequestRejectedException(400, "invalid_header", USER_HEADER, header.substring(0, 40) + "...", "at most 200 characters")
                    .withLimitMessage("limit.at_most_characters", "200");
        }
        return header;
    }

    private static Set<TaskState> statuses(String filter) {
        if (filter == null || filter.isBlank()) {
            return Set.of();
        }
        Set<TaskState> states = EnumSet.noneOf(TaskState.class);
        for (String name : filter.split(",")) {
            String trimmed = name.trim();
            TaskState state = Arrays.stream(TaskState.values())
                    .filter(s -> s.wireName().equals(trimmed.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new RequestRejectedException(400, "invalid_query", "status", trimmed, "one of: " + STATUS_NAMES)
                            .withLimitMessage("limit.one_of", STATUS_NAMES));
            states.add(state);
        }
        return states;
    }
}
