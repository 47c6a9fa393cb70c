package dev.easel.server.chain;

import dev.easel.catalog.Catalog;
import dev.easel.catalog.LiveCatalog;
import dev.easel.catalog.UnknownObjectException;
import dev.easel.catalog.input.FieldType;
import dev.easel.catalog.plan.ImageSource;
import dev.easel.catalog.plan.PlannedStep;
import dev.easel.catalog.plan.ResolvedPlan;
import dev.easel.catalog.plan.TaskResolver;
import dev.easel.catalog.scene.Field;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.ParameterSpec;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.task.IdGenerator;
import dev.easel.server.task.InputImages;
import dev.easel.server.task.RequestRejectedException;
import dev.easel.server.task.SubmitTerms;
import dev.easel.server.task.SubmittedTask;
import dev.easel.server.task.TaskRequest;
import dev.easel.server.task.TaskService;
import dev.easel.server.worker.BackendRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns requests that name a scene, a pipeline or an example into stored, queued tasks.
 *
 * <p>Phases: (1) store the request's image inputs (base64 or {@code data:} URLs) as files and
 * replace them with {@code upload:} references, (2) resolve the request with the catalog's
 * {@link TaskResolver}, whose input errors name the scene's fields, (3) check each step against
 * the back end that serves its model and resolve the back end's defaults, (4) store the task with
 * its plan and queue the first step through {@link TaskService#submitPrepared}. Thread-safe.
 */
public final class CatalogTaskService implements TaskService.CatalogSubmits {

    /** Prefix of an image input the server stored: {@code upload:<path under the output folder>}. */
    public static final String UPLOAD_PREFIX = "upload:";

    private final LiveCatalog catalog;
    private final TaskResolver resolver;
    private final TaskService tasks;
    private final JdbcTaskStore store;
    private final ChainPlans plans;
    private final BackendRegistry backends;
    private final InputImages images;
    private final IdGenerator ids;
    private final Function<String, String> groups;

    /**
     * @param groups the user group of a user id, or {@code null} for none; picks the scene presets
     */
    public CatalogTaskService(LiveCatalog catalog, TaskResolver resolver, TaskService tasks, JdbcTaskStore store, ChainPlans plans,
                              BackendRegistry backends, InputImages images, IdGenerator ids, Function<String, String> groups) {
        this.groups = groups;
        this.catalog = catalog;
        this.resolver = resolver;
        this.tasks = tasks;
        this.store = store;
        this.plans = plans;
        this.backends = backends;
        this.images = images;
        this.ids = ids;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.easel.catalog.input.InvalidInputsException naming each bad input in the scene's terms (422)
     * @throws RequestRejectedException for an unknown scene, pipeline or example (422), a model no
     *                                  back end serves (503), a full queue (429)
     */
    @Override
    public SubmittedTask submit(String user, TaskRequest request, SubmitTerms terms) {
        String tier = tasks.tierOf(request);
        String taskId = ids.next("tsk");
        Catalog snapshot = catalog.current();
        dev.easel.catalog.plan.TaskRequest resolved;
        String kind;
        String source;
        String group = groups.apply(user);
        if (request.scene() != null) {
            kind = "scene";
            source = request.scene();
            resolved = new dev.easel.catalog.plan.TaskRequest.ForScene(source,
                    storeUploads(taskId, "inputs", imageInputsOfScene(snapshot, source), request.inputs()), group);
        } else if (request.pipeline() != null) {
            kind = "pipeline";
            source = request.pipeline();
            resolved = new dev.easel.catalog.plan.TaskRequest.ForPipeline(source,
                    storeUploads(taskId, "inputs", imageInputsOfPipeline(snapshot, source), request.inputs()));
        } else {
            kind = "example";
            source = request.example();
            List<String> imageInputs = snapshot.example(source).map(e -> imageInputsOfScene(snapshot, e.scene())).orElse(List.of());
            resolved = new dev.easel.catalog.plan.TaskRequest.ForExample(source,
                    storeUploads(taskId, "overrides", imageInputs, request.overrides()), group);
        }
        ResolvedPlan plan;
        try {
            plan = resolver.resolve(resolved);
        } catch (UnknownObjectException e) {
            throw new RequestRejectedException(422, "unknown_" + kind, kind, source, "one of: " + known(snapshot, kind))
                    .withLimitMessage("limit.choices", known(snapshot, kind));
        }
        return submitPlan(user, tier, taskId, kind, source, plan, terms);
    }

    /**
     * Submits a task's recorded plan again, with the recorded catalog versions.
     *
     * @throws RequestRejectedException 404 when the task has no plan, 409 when a recorded version is gone
     */
    public SubmittedTask reproduce(String user, String taskId, String tier) {
        ChainPlan original = plans.find(taskId)
                .orElseThrow(() -> new RequestRejectedException(404, "plan_not_found", "id", taskId, null));
        ResolvedPlan plan;
        try {
            plan = resolver.reproduce(original.record());
        } catch (UnknownObjectException e) {
            throw new RequestRejectedException(409, "catalog_version_gone", "id", taskId, e.getMessage())
                    .withLimitMessage("limit.catalog_object_gone", e.kind().wireName(), e.id(), e.getMessage());
        }
        String requestedTier = tasks.tierOf(new TaskRequest(null, null, null, tier));
        return submitPlan(user, requestedTier, ids.next("tsk"), original.kind(), original.source(), plan, SubmitTerms.NONE);
    }

    private SubmittedTask submitPlan(String user, String tier, String taskId, String kind, String source, ResolvedPlan plan,
                                     SubmitTerms terms) {
        List<ChainPlan.ChainStep> steps = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            steps.add(prepare(taskId, step));
        }
        ChainPlan stored = new ChainPlan(kind, source, steps, plan.record());
        ChainPlan.ChainStep first = steps.get(0);
        ModelInfo info = backends.find(first.model()).orElseThrow().info();
        String planJson = plans.toJson(stored);
        return tasks.submitPrepared(user, tier, taskId, info, first.capability(), new LinkedHashMap<>(first.params()), terms,
                task -> store.createWithPlan(task, planJson));
    }

    /**
     * Returns whether the back end serves the weights the catalog version names: the same version
     * label, or the same file hash when both sides know one (a catalog version that changes only
     * defaults and limits keeps the weights' hash).
     */
    private static boolean sameWeights(dev.easel.catalog.model.ModelVersion version, ModelInfo info) {
        if (version.fileHash() != null && info.fileHash() != null) {
            return version.fileHash().equalsIgnoreCase(info.fileHash());
        }
        return version.version().equals(info.version());
    }

    /** Checks a step against the back end of its model and resolves the back end's defaults. */
    private ChainPlan.ChainStep prepare(String taskId, PlannedStep step) {
        String field = "steps." + step.id();
        BackendRegistry.ServedModel served = backends.find(step.model().modelId()).orElseThrow(
                () -> new RequestRejectedException(503, "model_unavailable", field + ".model", step.model().versionedId(),
                        "a model served here: " + servedModels()).withLimitMessage("limit.served_model", servedModels()));
        ModelInfo info = served.info();
        if (!sameWeights(step.model(), info)) {
            throw new RequestRejectedException(503, "model_unavailable", field + ".model", step.model().versionedId(),
                    "the version served here, " + info.version() + ", or a catalog version with its file hash").withLimitMessage("limit.served_version", info.version());
        }
        Optional<Capability> capability = Capability.fromWireName(step.capability());
        if (capability.isEmpty() || !info.capabilities().contains(capability.get())) {
            List<String> offered = info.capabilities().stream().map(Capability::wireName).sorted().toList();
            throw new RequestRejectedException(503, "model_unavailable", field + ".capability", step.capability(),
                    "model " + info.versionedId() + " offers " + offered)
                    .withLimitMessage("limit.model_offers", info.versionedId(), String.valueOf(offered));
        }
        String imageParam = info.schema().parameters().stream().filter(p -> p.type() == ParameterSpec.Type.IMAGE)
                .map(ParameterSpec::name).findFirst().orElse(null);
        Map<String, Object> params;
        try {
            params = new LinkedHashMap<>(info.schema().resolve(step.parameters()));
        } catch (InvalidParametersException e) {
            throw new RequestRejectedException(422, "invalid_parameter", field + ".parameters." + e.field(), e.value(), e.rule());
        }
        String fromStep = null;
        if (step.image() instanceof ImageSource.TaskImage input && imageParam != null) {
            params.put(imageParam, InputImages.REFERENCE_PREFIX + storedImage(taskId, input));
        } else if (step.image() instanceof ImageSource.StepOutput output) {
            fromStep = output.step();
        }
        return new ChainPlan.ChainStep(step.id(), step.capability(), info.id(), info.version(), step.model().versionedId(), params,
                imageParam, fromStep);
    }

    /** Returns the stored file of an image input: an upload already stored, or a catalog asset stored now. */
    private String storedImage(String taskId, ImageSource.TaskImage input) {
        String reference = input.reference();
        if (reference.startsWith(UPLOAD_PREFIX)) {
            return reference.substring(UPLOAD_PREFIX.length());
        }
        Path asset = catalog.current().asset(reference).orElseThrow(() -> new RequestRejectedException(422, "invalid_input",
                "inputs." + input.input(), reference, "an image as a data: URL or base64 text, or an asset: of the catalog")
                .withLimitMessage("limit.image_or_asset"));
        try {
            return images.storeBytes(taskId, input.input(), Files.readAllBytes(asset));
        } catch (IOException e) {
            throw new RequestRejectedException(422, "invalid_input", "inputs." + input.input(), reference, "a readable catalog asset")
                    .withLimitMessage("limit.readable_asset");
        } catch (InvalidParametersException e) {
            throw new RequestRejectedException(422, "invalid_input", "inputs." + input.input(), reference, e.rule());
        }
    }

    /**
     * Stores image inputs sent as base64 and replaces them with {@code upload:} references; other values pass as they are.
     * NOTE: a request rejected after this point (bad input, full queue) leaves its stored images behind.
     */
    private Map<String, Object> storeUploads(String taskId, String group, List<String> imageInputs, Map<String, Object> values) {
        if (values == null) {
            return Map.of();
        }
        Map<String, Object> result = new LinkedHashMap<>(values);
        for (String name : imageInputs) {
            Object value = values.get(name);
            if (value instanceof String text && (text.startsWith("asset:") || text.startsWith(UPLOAD_PREFIX))) {
                if (text.startsWith(UPLOAD_PREFIX)) {
                    throw new RequestRejectedException(422, "invalid_input", group + "." + name, text,
                            "an image as a data: URL or base64 text, or an asset: of the catalog").withLimitMessage("limit.image_or_asset");
                }
                continue;
            }
            if (value != null) {
                try {
                    result.put(name, UPLOAD_PREFIX + images.storeEncoded(taskId, name, value));
                } catch (InvalidParametersException e) {
                    throw new RequestRejectedException(422, "invalid_input", group + "." + name, e.value(), e.rule());
                }
            }
        }
        return result;
    }

    private static List<String> imageInputsOfScene(Catalog snapshot, String sceneId) {
        return snapshot.scene(sceneId).map(scene -> scene.fields().stream()
                .filter(f -> f.rule().type() == FieldType.IMAGE).map(Field::name).toList()).orElse(List.of());
    }

    private static List<String> imageInputsOfPipeline(Catalog snapshot, String pipelineId) {
        return snapshot.pipeline(pipelineId).map(p -> p.inputs().entrySet().stream()
                .filter(e -> e.getValue().type() == FieldType.IMAGE).map(Map.Entry::getKey).toList()).orElse(List.of());
    }

    private static String known(Catalog snapshot, String kind) {
        var ids = switch (kind) {
            case "scene" -> snapshot.scenes().stream().map(s -> s.id());
            case "pipeline" -> snapshot.pipelines().stream().map(p -> p.id());
            default -> snapshot.examples().stream().map(e -> e.id());
        };
        return ids.collect(Collectors.toCollection(TreeSet::new)).toString();
    }

    private String servedModels() {
        return backends.models().stream().map(m -> m.info().versionedId())
                .collect(Collectors.toCollection(TreeSet::new)).toString();
    }
}
