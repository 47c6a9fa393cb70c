package dev.easel.server.chain;

import dev.easel.catalog.Catalog;
import dev.easel.catalog.LiveCatalog;
import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.UnknownObjectException;
import dev.easel.catalog.input.FieldType;
import dev.easel.catalog.input.InputError;
import dev.easel.catalog.input.InvalidInputsException;
import dev.easel.catalog.plan.ImageSource;
import dev.easel.catalog.plan.PlannedStep;
import dev.easel.catalog.plan.ResolvedPlan;
import dev.easel.catalog.plan.TaskResolver;
import dev.easel.catalog.scene.Field;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.ParameterSpec;
import dev.easel.engine.image.InvalidImageException;
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
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns requests that name a scene, a pipeline or an example into stored, queued tasks.
 *
 * <p>Phases: (1) store the request's image inputs (base64 or {@code data:} URLs) as files and
 * replace them with {@code upload:} references, (2) resolve the request with the catalog's
 * {@link TaskResolver}, whose input errors name the scene's fields, (3) check each step against
 * the back end that serves its model, resolve the back end's defaults and check upscale steps
 * against the input images' sizes, (4) store the task with
 * its plan and queue the first step through {@link TaskService#submitPrepared}. Thread-safe.
 */
public final class CatalogTaskService implements TaskService.CatalogSubmits {

    /** Prefix of an image input the server stored: {@code upload:<path under the output folder>}. */
    public static final String UPLOAD_PREFIX = "upload:";

    private static final String ASSET_PREFIX = "asset:";
    private static final String IMAGE_EXPECTED = "must be an image as a data: URL or base64 text, or an asset: path of the catalog";

    /** The start of an absolute URL such as {@code https://}; such inputs are rejected, because the server fetches nothing. */
    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

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
     * @throws RejectedInputsException naming each bad input in the scene's terms (422), image inputs
     *                                 included: a URL, a missing asset, an unusable image, or one too
     *                                 large for a later upscale step
     * @throws RequestRejectedException for an unknown scene, pipeline or example (422), a model no
     *                                  back end serves (503), a full queue (429)
     */
    @Override
    public SubmittedTask submit(String user, TaskRequest request, SubmitTerms terms) {
        String tier = tasks.tierOf(request);
        String taskId = ids.next("tsk");
        try {
            return submit(user, request, terms, tier, taskId);
        } catch (RuntimeException e) {
            images.discardIfNotStored(taskId, e);
            throw e;
        }
    }

    private SubmittedTask submit(String user, TaskRequest request, SubmitTerms terms, String tier, String taskId) {
        Catalog snapshot = catalog.current();
        dev.easel.catalog.plan.TaskRequest resolved;
        String kind;
        String source;
        String group = groups.apply(user);
        String inputGroup = request.example() != null ? "overrides" : "inputs";
        try {
            if (request.scene() != null) {
                kind = "scene";
                source = request.scene();
                Map<String, LocalizedText> labels = labelsOfScene(snapshot, source);
                resolved = new dev.easel.catalog.plan.TaskRequest.ForScene(source,
                        storeUploads(taskId, imageInputsOfScene(snapshot, source), labels, request.inputs()), group);
            } else if (request.pipeline() != null) {
                kind = "pipeline";
                source = request.pipeline();
                resolved = new dev.easel.catalog.plan.TaskRequest.ForPipeline(source,
                        storeUploads(taskId, imageInputsOfPipeline(snapshot, source), Map.of(), request.inputs()));
            } else {
                kind = "example";
                source = request.example();
                String scene = snapshot.example(source).map(e -> e.scene()).orElse(null);
                resolved = new dev.easel.catalog.plan.TaskRequest.ForExample(source,
                        storeUploads(taskId, imageInputsOfScene(snapshot, scene), labelsOfScene(snapshot, scene), request.overrides()), group);
            }
            ResolvedPlan plan;
            try {
                plan = resolver.resolve(resolved);
            } catch (UnknownObjectException e) {
                throw new RequestRejectedException(422, "unknown_" + kind, kind, source, "one of: " + known(snapshot, kind))
                        .withLimitMessage("limit.choices", known(snapshot, kind));
            }
            Map<String, LocalizedText> labels = kind.equals("pipeline") ? Map.of() : labelsOfScene(snapshot, plan.record().sceneId());
            return submitPlan(user, tier, taskId, kind, source, plan, labels, terms);
        } catch (InvalidInputsException e) {
            throw new RejectedInputsException(inputGroup, e.errors());
        }
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
        return submitPlan(user, requestedTier, ids.next("tsk"), original.kind(), original.source(), plan, Map.of(), SubmitTerms.NONE);
    }

    /**
     * Prepares each step, checks the chain's upscale steps against the input images' sizes, then
     * stores and queues the task.
     *
     * @param labels the scene's field labels by input name, for input errors; empty for a pipeline
     */
    private SubmittedTask submitPlan(String user, String tier, String taskId, String kind, String source, ResolvedPlan plan,
                                     Map<String, LocalizedText> labels, SubmitTerms terms) {
        List<ChainPlan.ChainStep> steps = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            steps.add(prepare(taskId, step, labels));
        }
        checkUpscaleSizes(plan.steps(), steps, labels);
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

    /**
     * Rejects the task when an upscale step would pass the upscale back end's output-pixel limit
     * with the size of a task input image.
     *
     * <p>NOTE: decodes each checked input image again, once per upscale step that reads it.
     */
    private void checkUpscaleSizes(List<PlannedStep> planned, List<ChainPlan.ChainStep> prepared, Map<String, LocalizedText> labels) {
        Map<String, Number> scales = new LinkedHashMap<>();
        Map<String, Object> storedInputs = new LinkedHashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            ChainPlan.ChainStep step = prepared.get(i);
            if (step.params().get("scale") instanceof Number scale) {
                scales.put(step.id(), scale);
            }
            if (planned.get(i).image() instanceof ImageSource.TaskImage input && step.imageParam() != null) {
                storedInputs.put(input.input(), step.params().get(step.imageParam()));
            }
        }
        UpscaleSizeCheck.check(planned, scales, name -> storedInputs.containsKey(name)
                ? images.load(Map.of(name, storedInputs.get(name))) : null, labels);
    }

    /** Checks a step against the back end of its model and resolves the back end's defaults. */
    private ChainPlan.ChainStep prepare(String taskId, PlannedStep step, Map<String, LocalizedText> labels) {
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
            params.put(imageParam, InputImages.REFERENCE_PREFIX + storedImage(taskId, input, labels));
        } else if (step.image() instanceof ImageSource.StepOutput output) {
            fromStep = output.step();
        }
        return new ChainPlan.ChainStep(step.id(), step.capability(), info.id(), info.version(), step.model().versionedId(), params,
                imageParam, fromStep);
    }

    /**
     * Returns the stored file of an image input: an upload already stored, or a catalog asset stored now.
     *
     * @throws InvalidInputsException when the asset is not found, cannot be read or is not a usable image
     */
    private String storedImage(String taskId, ImageSource.TaskImage input, Map<String, LocalizedText> labels) {
        String reference = input.reference();
        if (reference.startsWith(UPLOAD_PREFIX)) {
            return reference.substring(UPLOAD_PREFIX.length());
        }
        String name = input.input();
        if (!reference.startsWith(ASSET_PREFIX)) {
            throw imageRejected(name, labels, "image_expected", reference, IMAGE_EXPECTED);
        }
        Path asset = checkAssetExists(name, labels, reference);
        try {
            return images.storeBytes(taskId, name, Files.readAllBytes(asset));
        } catch (IOException e) {
            throw imageRejected(name, labels, "asset_unreadable", reference, "names a catalog asset that could not be read");
        } catch (InvalidParametersException e) {
            throw imageRejected(name, labels, "invalid_image", reference, e.rule());
        }
    }

    /**
     * Returns the file of an {@code asset:} reference.
     *
     * @throws InvalidInputsException when the catalog has no such file
     */
    private Path checkAssetExists(String name, Map<String, LocalizedText> labels, String reference) {
        Optional<Path> asset;
        try {
            asset = catalog.current().asset(reference);
        } catch (InvalidPathException e) {
            asset = Optional.empty();
        }
        if (asset.isEmpty() || !Files.isRegularFile(asset.get())) {
            throw imageRejected(name, labels, "asset_not_found", reference, "names a catalog asset that was not found");
        }
        return asset.get();
    }

    private static InvalidInputsException imageRejected(String name, Map<String, LocalizedText> labels, String code, Object value,
                                                        String detail) {
        return new InvalidInputsException(List.of(new InputError(name, labels.get(name), code, value, null, detail)));
    }

    /**
     * Stores image inputs sent as base64 and replaces them with {@code upload:} references; other
     * values pass as they are. {@link #submit} deletes them again when the request is rejected.
     *
     * @throws InvalidInputsException for a URL, an {@code upload:} reference, text that is not base64, or an unusable image
     */
    private Map<String, Object> storeUploads(String taskId, List<String> imageInputs, Map<String, LocalizedText> labels,
                                             Map<String, Object> values) {
        if (values == null) {
            return Map.of();
        }
        Map<String, Object> result = new LinkedHashMap<>(values);
        for (String name : imageInputs) {
            Object value = values.get(name);
            if (value instanceof String text && text.startsWith(ASSET_PREFIX)) {
                checkAssetExists(name, labels, text);
                continue;
            }
            if (value instanceof String text && text.startsWith(UPLOAD_PREFIX)) {
                throw imageRejected(name, labels, "upload_reference", text, "is an upload: reference, which only the server writes");
            }
            if (value instanceof String text && URL_SCHEME.matcher(text).lookingAt()) {
                throw imageRejected(name, labels, "url_not_accepted", text, "is a URL, and URLs are not accepted");
            }
            if (value != null) {
                result.put(name, UPLOAD_PREFIX + storeEncoded(taskId, name, labels, value));
            }
        }
        return result;
    }

    private String storeEncoded(String taskId, String name, Map<String, LocalizedText> labels, Object value) {
        try {
            return images.storeEncoded(taskId, name, value);
        } catch (InvalidImageException e) {
            throw imageRejected(name, labels, "invalid_image", e.value(), e.rule());
        } catch (InvalidParametersException e) {
            throw imageRejected(name, labels, "image_expected", e.value(), IMAGE_EXPECTED);
        }
    }

    private static Map<String, LocalizedText> labelsOfScene(Catalog snapshot, String sceneId) {
        Map<String, LocalizedText> labels = new LinkedHashMap<>();
        if (sceneId != null) {
            snapshot.scene(sceneId).ifPresent(scene -> scene.fields().forEach(field -> labels.put(field.name(), field.label())));
        }
        return labels;
    }

    private static List<String> imageInputsOfScene(Catalog snapshot, String sceneId) {
        if (sceneId == null) {
            return List.of();
        }
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
