package dev.easel.server.task;

import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.Projection;
import dev.easel.core.schedule.QueueFullException;
import dev.easel.core.task.TaskState;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ModelInfo;
import dev.easel.server.admission.IdempotencyRecord;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.dispatch.JobTicket;
import dev.easel.server.metrics.EaselMetrics;
import dev.easel.server.store.NewTask;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.worker.BackendRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Submits, cancels and reads tasks: the API's entry into the store and the dispatch loop.
 *
 * <p>A submit is validated, admitted (a place reserved in its tier), stored, and only then
 * queued, so a task that got its {@code 202} survives a crash at any later point. Thread-safe.
 */
public final class TaskService {

    private static final String IMAGE = "image";
    private static final Set<String> IMAGE_CAPABILITIES = Set.of("img2img", "upscale", "remove_background");

    /**
     * The outcome of a cancel.
     *
     * @param task      the task after the cancel
     * @param stopping  whether the cancel takes effect later: the task is running and stops at its
     *                  next step boundary, or its job has not reached the dispatch loop yet and ends
     *                  canceled when it does
     */
    public record CancelResult(TaskRecord task, boolean stopping) {
    }

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final TaskStore store;
    private final DispatchLoop loop;
    private final BackendRegistry backends;
    private final JobLifecycle lifecycle;
    private final EaselMetrics metrics;
    private final IdGenerator ids;
    private final String defaultTier;
    private final Duration loopTimeout;
    private final Duration placementWait;
    private final InputImages inputImages;
    private volatile CatalogSubmits catalogTasks;

    /** Submits the requests that name a scene, a pipeline or an example instead of a model. */
    public interface CatalogSubmits {

        /**
         * Resolves the request against the catalog, then stores and queues its first step, with
         * the terms through {@link #submitPrepared(String, String, String, ModelInfo, String, Map, SubmitTerms, Function)}.
         */
        SubmittedTask submit(String user, TaskRequest request, SubmitTerms terms);
    }

    /**
     * @param loopTimeout   how long a request waits for the dispatch loop (cost, cancel, projection)
     * @param placementWait how long a submit waits for its queue position before it responds without it
     */
    public TaskService(TaskStore store, DispatchLoop loop, BackendRegistry backends, JobLifecycle lifecycle, EaselMetrics metrics,
                       IdGenerator ids, String defaultTier, Duration loopTimeout, Duration placementWait, InputImages inputImages) {
        this.store = store;
        this.loop = loop;
        this.backends = backends;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.ids = ids;
        this.defaultTier = defaultTier;
        this.loopTimeout = loopTimeout;
        this.placementWait = placementWait;
        this.inputImages = inputImages;
    }

    /**
     * Validates, stores and queues a task.
     *
     * @throws RequestRejectedException for an invalid request (4xx) or a full queue (429)
     */
    public SubmittedTask submit(String user, TaskRequest request) {
        return submit(user, request, SubmitTerms.NONE);
    }

    /**
     * Validates, stores and queues a task with its deadlines and idempotency key.
     *
     * @throws RequestRejectedException for an invalid request (4xx) or a full queue (429)
     * @throws CompletionException      wrapping {@link dev.easel.server.admission.IdempotencyKeyTakenException}
     *                                  when a concurrent request stored the same key first
     */
    public SubmittedTask submit(String user, TaskRequest request, SubmitTerms terms) {
        request.checkFieldsGoTogether();
        if (request.isCatalogRequest()) {
            if (catalogTasks == null) {
                throw new RequestRejectedException(503, "catalog_unavailable", null, null, null);
            }
            return catalogTasks.submit(user, request, terms);
        }
        // 1. Validate against the model's schema.
        BackendRegistry.ServedModel served = model(request);
        ModelInfo info = served.info();
        String capability = capability(request, info);
        String tier = tier(request);
        Map<String, Object> requested = request.params() == null ? Map.of() : request.params();
        checkImageUse(info, capability, requested);
        Map<String, Object> params = resolve(info, InputImages.withoutImages(info.schema(), requested));
        String taskId = ids.next("tsk");
        try {
            params.putAll(storeImages(taskId, info, requested, upscaleCheck(capability, params)));
            return submitPrepared(user, tier, taskId, info, capability, params, terms, store::create);
        } catch (RuntimeException e) {
            inputImages.discardIfNotStored(taskId, e);
            throw e;
        }
    }

    /**
     * Admits, stores and queues a task whose first job is already validated: the common end of a
     * model submit and of a catalog submit (scene, pipeline, example), which stores its plan with
     * the task through {@code create}.
     *
     * @param params the first job's resolved parameters, stored image references included
     * @param create writes the task; the task is queued only after its future completes
     * @throws RequestRejectedException for a full queue (429) or a busy dispatch loop (503)
     */
    public SubmittedTask submitPrepared(String user, String tier, String taskId, ModelInfo info, String capability,
                                        Map<String, Object> params, Function<NewTask, CompletableFuture<Void>> create) {
        return submitPrepared(user, tier, taskId, info, capability, params, SubmitTerms.NONE, create);
    }

    /**
     * Does what {@link #submitPrepared(String, String, String, ModelInfo, String, Map, Function)}
     * does, and stores the terms (deadlines, idempotency key) with the task, then watches its
     * deadlines in the dispatch loop.
     */
    public SubmittedTask submitPrepared(String user, String tier, String taskId, ModelInfo info, String capability,
                                        Map<String, Object> params, SubmitTerms terms,
                                        Function<NewTask, CompletableFuture<Void>> create) {
        int images = params.get("images") instanceof Number n ? n.intValue() : 1;

        // 2. Reserve a place in the tier and learn the estimated cost.
        long now = System.currentTimeMillis();
        JobTicket ticket = new JobTicket(
                new Job(TaskRecord.jobIdOf(taskId, 0), taskId, user, tier,
                        JobTicket.batchKey(info.versionedId(), capability, params), images, now),
                info.id(), info.version(), capability, params, 0, lifecycle.retryPolicy().maxAttempts());
        double cost = admit(ticket.job());

        // 3. Store it; acknowledge only after the commit.
        IdempotencyRecord key = terms.idempotencyKey() == null ? null : new IdempotencyRecord(user, terms.idempotencyKey().key(),
                terms.idempotencyKey().bodyHash(), taskId, Instant.ofEpochMilli(now));
        NewTask task = new NewTask(taskId, user, tier, info.id(), info.version(), capability, params, images,
                ticket.maxAttempts(), cost, now, "accepted", terms.deadlines(), key);
        try {
            create.apply(task).join();
        } catch (CompletionException e) {
            loop.release(ticket.job());
            throw e;
        }
        metrics.taskSubmitted(tier, info.id());
        log.atDebug().addKeyValue("task_id", taskId).addKeyValue("user", user).addKeyValue("tier", tier)
                .addKeyValue("model", info.id()).log("task accepted");

        // 4. Queue it and wait briefly for its position; under a deep queue the response may
        //    lack it, and the position follows on GET and on the event stream.
        Optional<DispatchLoop.Placement> placement = awaitPlacement(loop.enqueue(ticket, terms.deadlines()));
        TaskRecord stored = new TaskRecord(taskId, task.jobId(), user, tier, info.id(), info.version(), capability, params, images,
                TaskState.QUEUED, 0, ticket.maxAttempts(), cost, now, null, null, now, null, null, null, "accepted");
        return new SubmittedTask(stored, placement);
    }

    /** Routes requests that name a scene, a pipeline or an example to the catalog; set once at start. */
    public void routeCatalogRequests(CatalogSubmits submits) {
        this.catalogTasks = submits;
    }

    /**
     * Cancels a task of this user.
     *
     * @throws RequestRejectedException 404 when the user has no such task, 409 when it already finished
     */
    public CancelResult cancel(String user, String taskId) {
        return cancel(user, taskId, "canceled by the user");
    }

    /**
     * Cancels a task of this user with the reason its {@code CANCELED} transition starts with, for
     * example when the server cancels a {@code POST /v1/run} call that timed out.
     *
     * @throws RequestRejectedException 404 when the user has no such task, 409 when it already finished
     */
    public CancelResult cancel(String user, String taskId, String reason) {
        TaskRecord task = find(user, taskId);
        if (task.status().isTerminal()) {
            throw new RequestRejectedException(409, "task_finished", "status", task.status().wireName(), null);
        }
        JobTicket ticket = JobTicket.of(task);
        DispatchLoop.CancelOutcome outcome = await(loop.cancel(taskId, task.jobId(), reason))
                .orElseThrow(() -> new RequestRejectedException(503, "dispatch_unavailable", null, null, null));
        switch (outcome) {
            case REMOVED -> lifecycle.cancelWaiting(ticket, reason);
            case RUNNING -> store.requestCancel(taskId, System.currentTimeMillis()).join();
            case NOT_HELD -> {
                // Finished between the read and the cancel, or stored but not yet queued (a new
                // task, a retry, a next step): the loop keeps the cancel for that job.
            }
        }
        TaskRecord after = store.findTask(taskId).orElseThrow();
        if (outcome == DispatchLoop.CancelOutcome.NOT_HELD && after.status().isTerminal()) {
            throw new RequestRejectedException(409, "task_finished", "status", after.status().wireName(), null);
        }
        return new CancelResult(after, outcome != DispatchLoop.CancelOutcome.REMOVED && !after.status().isTerminal());
    }

    /**
     * Returns a task of this user.
     *
     * @throws RequestRejectedException 404 when the user has no task with this id
     */
    public TaskRecord find(String user, String taskId) {
        return store.findTask(taskId)
                .filter(t -> t.user().equals(user))
                .orElseThrow(() -> new RequestRejectedException(404, "task_not_found", "id", taskId, null));
    }

    /** Returns the projection of a queued task, or empty when it is not queued or the loop is busy. */
    public Optional<Projection> projection(TaskRecord task) {
        if (task.status() != TaskState.QUEUED && task.status() != TaskState.RETRYING) {
            return Optional.empty();
        }
        return await(loop.projection(task.jobId())).flatMap(p -> p);
    }

    private BackendRegistry.ServedModel model(TaskRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw new RequestRejectedException(422, "missing_field", "model", null, "one of: " + knownModels())
                    .withLimitMessage("limit.one_of", knownModels());
        }
        return backends.find(request.model()).orElseThrow(
                () -> new RequestRejectedException(422, "unknown_model", "model", request.model(), "one of: " + knownModels())
                        .withLimitMessage("limit.one_of", knownModels()));
    }

    private String capability(TaskRequest request, ModelInfo info) {
        String known = info.capabilities().stream().map(Capability::wireName).sorted().collect(Collectors.joining(", "));
        if (request.capability() == null) {
            if (info.capabilities().size() == 1) {
                return info.capabilities().iterator().next().wireName();
            }
            if (info.capabilities().contains(Capability.TXT2IMG)) {
                return Capability.TXT2IMG.wireName();
            }
            throw new RequestRejectedException(422, "missing_field", "capability", null, "one of: " + known)
                    .withLimitMessage("limit.one_of", known);
        }
        Optional<Capability> capability = Capability.fromWireName(request.capability());
        if (capability.isEmpty() || !info.capabilities().contains(capability.get())) {
            throw new RequestRejectedException(422, "unsupported_capability", "capability", request.capability(), "one of: " + known)
                    .withLimitMessage("limit.one_of", known);
        }
        return request.capability();
    }

    /**
     * Returns the request's tier, or the default one.
     *
     * @throws RequestRejectedException 422 for a tier that is not configured
     */
    public String tierOf(TaskRequest request) {
        return tier(request);
    }

    private String tier(TaskRequest request) {
        String tier = request.tier() == null ? defaultTier : request.tier();
        if (!loop.tierNames().contains(tier)) {
            String tiers = String.join(", ", loop.tierNames());
            throw new RequestRejectedException(422, "unknown_tier", "tier", tier, "one of: " + tiers).withLimitMessage("limit.one_of", tiers);
        }
        return tier;
    }

    private static Map<String, Object> resolve(ModelInfo info, Map<String, Object> params) {
        try {
            return new java.util.LinkedHashMap<>(info.schema().resolve(params));
        } catch (InvalidParametersException e) {
            throw parameterRejected(e);
        }
    }

    /** Rejects an upscale whose output would exceed the upscale back end's output-pixel limit. */
    private static InputImages.ImageCheck upscaleCheck(String capability, Map<String, Object> params) {
        if (!"upscale".equals(capability) || !(params.get("scale") instanceof Number scale)) {
            return (name, image) -> { };
        }
        return (name, image) -> {
            long outputPixels = (long) image.getWidth() * image.getHeight() * scale.longValue() * scale.longValue();
            if (outputPixels > dev.easel.engine.upscale.UpscaleBackend.MAX_OUTPUT_PIXELS) {
                throw new InvalidParametersException(name, image.getWidth() + "x" + image.getHeight(),
                        "upscaled " + scale + "x would have " + outputPixels + " pixels, more than the limit of "
                                + dev.easel.engine.upscale.UpscaleBackend.MAX_OUTPUT_PIXELS);
            }
        };
    }

    private Map<String, String> storeImages(String taskId, ModelInfo info, Map<String, Object> requested,
                                            InputImages.ImageCheck check) {
        try {
            return inputImages.store(taskId, info.schema(), requested, check);
        } catch (InvalidParametersException e) {
            throw parameterRejected(e);
        }
    }

    /**
     * Rejects at submit what the back end would reject at run time: an image capability without
     * {@code image}, and an {@code image} sent with txt2img to a model whose image capabilities
     * would use it.
     *
     * <p>NOTE: a model offering txt2img only (the timed test back end) keeps taking an image with
     * txt2img, because its schema declares one for every capability.
     */
    private static void checkImageUse(ModelInfo info, String capability, Map<String, Object> requested) {
        boolean declaresImage = info.schema().parameters().stream().anyMatch(p -> p.name().equals(IMAGE));
        if (!declaresImage) {
            return;
        }
        boolean hasImage = requested.get(IMAGE) != null;
        if (IMAGE_CAPABILITIES.contains(capability) && !hasImage) {
            throw new RequestRejectedException(422, "missing_field", "params." + IMAGE, null,
                    "an image as a data: URL or base64; " + capability + " needs one").withLimitMessage("limit.image_needed", capability);
        }
        boolean modelUsesImages = info.capabilities().stream().anyMatch(c -> IMAGE_CAPABILITIES.contains(c.wireName()));
        if ("txt2img".equals(capability) && hasImage && modelUsesImages) {
            throw new RequestRejectedException(422, "invalid_parameter", "params." + IMAGE, null,
                    "image is only used by img2img, upscale and remove_background; leave it out, or set capability to img2img")
                    .withLimitMessage("limit.image_txt2img");
        }
    }

    /** A missing required parameter is {@code missing_field}; any other broken rule is {@code invalid_parameter}. */
    private static RequestRejectedException parameterRejected(InvalidParametersException e) {
        String required = "is required";
        if (e.value() == null && e.rule().startsWith(required)) {
            String expected = e.rule().substring(required.length()).replaceFirst("^[:;,]\\s*", "").trim();
            if (expected.isEmpty()) {
                return new RequestRejectedException(422, "missing_field", "params." + e.field(), null, "a value").withLimitMessage("limit.a_value");
            }
            return new RequestRejectedException(422, "missing_field", "params." + e.field(), null, expected);
        }
        return new RequestRejectedException(422, "invalid_parameter", "params." + e.field(), e.value(), e.rule());
    }

    private double admit(Job job) {
        try {
            return loop.admit(job).get(loopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (QueueFullException full) {
            RequestRejectedException rejected = full.isPerUserLimit()
                    ? new RequestRejectedException(429, "queue_full", "tier", full.tier(), "at most " + full.maxQueued() + " queued tasks per user")
                            .withLimitMessage("limit.tier_queue_per_user", String.valueOf(full.maxQueued()))
                    : new RequestRejectedException(429, "queue_full", "tier", full.tier(), "at most " + full.maxQueued() + " queued tasks")
                            .withLimitMessage("limit.tier_queue", String.valueOf(full.maxQueued()));
            Optional<Duration> retryAfter = nextStartIn(job, full.isPerUserLimit());
            if (retryAfter.isPresent()) {
                rejected.withRetryAfter(wholeSeconds(retryAfter.get()));
            }
            throw rejected;
        } catch (ExecutionException e) {
            loop.release(job);
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            loop.release(job);
            throw new RequestRejectedException(503, "dispatch_unavailable", null, null, null);
        } catch (InterruptedException e) {
            loop.release(job);
            Thread.currentThread().interrupt();
            throw new RequestRejectedException(503, "dispatch_unavailable", null, null, null);
        }
    }

    /**
     * Returns when a place frees up in a full queue, from the scheduler's projection: the start of
     * the user's first queued job for a per-user limit, else the tier's next start.
     *
     * <p>NOTE: empty when nothing in the tier is projected (no queued job a worker can run), and
     * the rejection then goes without {@code Retry-After}.
     */
    private Optional<Duration> nextStartIn(Job job, boolean perUser) {
        if (perUser) {
            Optional<Duration> userStart = await(loop.nextStartIn(job.tier(), job.user())).flatMap(d -> d);
            if (userStart.isPresent()) {
                return userStart;
            }
        }
        return await(loop.nextStartIn(job.tier(), null)).flatMap(d -> d);
    }

    /** Returns a duration in whole seconds for {@code Retry-After}, rounded up and at least 1. */
    private static long wholeSeconds(Duration duration) {
        return Math.max(1, duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
    }

    /** Waits for a placement within the submit's budget; empty when the loop did not respond in time. */
    private Optional<DispatchLoop.Placement> awaitPlacement(CompletableFuture<DispatchLoop.Placement> placement) {
        try {
            return Optional.of(placement.get(placementWait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private <T> Optional<T> await(CompletableFuture<T> future) {
        try {
            return Optional.of(future.get(loopTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            log.atWarn().addKeyValue("timeout_ms", loopTimeout.toMillis()).log("dispatch loop did not respond in time; responding without its result");
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String knownModels() {
        return String.join(", ", backends.models().stream().map(m -> m.info().id())
                .collect(Collectors.toCollection(TreeSet::new)));
    }
}
