package dev.easel.catalog.plan;

import dev.easel.catalog.Catalog;
import dev.easel.catalog.CatalogArchive;
import dev.easel.catalog.LiveCatalog;
import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.ObjectKind;
import dev.easel.catalog.UnknownObjectException;
import dev.easel.catalog.example.Example;
import dev.easel.catalog.input.InputValidator;
import dev.easel.catalog.model.ModelRef;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.pipeline.Step;
import dev.easel.catalog.scene.Field;
import dev.easel.catalog.scene.Scene;
import dev.easel.catalog.scene.SceneForm;
import dev.easel.catalog.template.PromptTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Resolves task requests into plans, and reproduces old plans from their records.
 *
 * <p>Resolution has four phases: (1) pick the objects from one catalog snapshot, (2) validate the
 * inputs against the scene's form with the user's group presets, then against the pipeline's
 * inputs, (3) resolve each step's model reference, following aliases as they stand now, and (4)
 * bind parameters, render prompt templates and check the values against the model's limits.
 *
 * <p>Thread-safe when the seed source is.
 */
public final class TaskResolver {

    private final LiveCatalog catalog;
    private final LongSupplier seeds;
    private final PlanBuilder builder;

    /**
     * @param catalog the live catalog; each call reads one snapshot of it
     * @param seeds   source of seeds for seed inputs a request leaves out, for example
     *                {@code new SplittableRandom()::nextLong} wrapped in a lock, or a fixed sequence in tests
     */
    public TaskResolver(LiveCatalog catalog, LongSupplier seeds) {
        this.catalog = catalog;
        this.seeds = seeds;
        this.builder = new PlanBuilder(catalog.renderer());
    }

    /**
     * Resolves a request against the catalog in force.
     *
     * @throws UnknownObjectException when the request names a scene, pipeline or example that does not exist
     * @throws dev.easel.catalog.input.InvalidInputsException naming each bad input in the scene's terms
     */
    public ResolvedPlan resolve(TaskRequest request) {
        Catalog snapshot = catalog.current();
        if (request instanceof TaskRequest.ForScene scene) {
            return resolveScene(snapshot, require(snapshot, scene.scene()), scene.inputs(), scene.group(), null);
        }
        if (request instanceof TaskRequest.ForExample forExample) {
            Example example = snapshot.example(forExample.example()).orElseThrow(() -> unknown(ObjectKind.EXAMPLE, forExample.example()));
            Map<String, Object> inputs = new LinkedHashMap<>(example.inputs());
            inputs.putAll(forExample.overrides());
            return resolveScene(snapshot, require(snapshot, example.scene()), inputs, forExample.group(), example);
        }
        TaskRequest.ForPipeline forPipeline = (TaskRequest.ForPipeline) request;
        Pipeline pipeline = snapshot.pipeline(forPipeline.pipeline()).orElseThrow(() -> unknown(ObjectKind.PIPELINE, forPipeline.pipeline()));
        return plan(snapshot, pipeline, forPipeline.inputs(), Map.of(), null, null, null);
    }

    /**
     * Makes the plan a record describes again, with the recorded versions of the pipeline, templates
     * and models, even if the catalog or its aliases changed since.
     *
     * @throws UnknownObjectException when a recorded version is no longer in the archive
     */
    public ResolvedPlan reproduce(PlanRecord record) {
        CatalogArchive archive = catalog.current().archive();
        Pipeline pipeline = archive.pipeline(record.pipelineId(), record.pipelineVersion())
                .orElseThrow(() -> unknownVersion(ObjectKind.PIPELINE, record.pipelineId(), record.pipelineVersion()));
        Map<String, Object> inputs = InputValidator.validate(pipelineSpecs(pipeline, Map.of()), record.inputs(), () -> {
            throw new IllegalStateException("a recorded plan has every seed; pipeline " + pipeline.id() + " asked for a new one");
        });
        PlanBuilder.Built built = builder.build(pipeline, inputs,
                id -> archive.template(id, recordedTemplate(record, id))
                        .orElseThrow(() -> unknownVersion(ObjectKind.TEMPLATE, id, recordedTemplate(record, id))),
                step -> recordedModel(archive, record, step),
                Map.of());
        return new ResolvedPlan(built.steps(), record);
    }

    private ResolvedPlan resolveScene(Catalog snapshot, Scene scene, Map<String, Object> raw, String group, Example example) {
        Pipeline pipeline = snapshot.pipeline(scene.pipeline()).orElseThrow(() -> unknown(ObjectKind.PIPELINE, scene.pipeline()));
        Map<String, Object> formValues = SceneForm.validate(scene, raw, group, seeds);
        Map<String, LocalizedText> labels = new LinkedHashMap<>();
        for (Field field : scene.fields()) {
            labels.put(field.name(), field.label());
        }
        return plan(snapshot, pipeline, formValues, labels, scene, example, group);
    }

    private ResolvedPlan plan(Catalog snapshot, Pipeline pipeline, Map<String, Object> raw, Map<String, LocalizedText> labels,
                              Scene scene, Example example, String group) {
        Map<String, Object> inputs = InputValidator.validate(pipelineSpecs(pipeline, labels), raw, seeds);
        Map<String, String> aliasesUsed = new LinkedHashMap<>();
        PlanBuilder.Built built = builder.build(pipeline, inputs,
                id -> snapshot.template(id).orElseThrow(() -> unknown(ObjectKind.TEMPLATE, id)),
                step -> resolveModel(snapshot, step, aliasesUsed),
                labels);

        Map<String, String> stepModels = new LinkedHashMap<>();
        built.steps().forEach(step -> stepModels.put(step.id(), step.model().versionedId()));
        PlanRecord record = new PlanRecord(pipeline.id(), pipeline.version(), built.templateVersions(), stepModels,
                aliasesUsed, inputs,
                scene == null ? null : scene.id(), scene == null ? null : scene.version(),
                example == null ? null : example.id(), example == null ? null : example.version(),
                group, snapshot.revision());
        return new ResolvedPlan(built.steps(), record);
    }

    private static List<InputValidator.Spec> pipelineSpecs(Pipeline pipeline, Map<String, LocalizedText> labels) {
        return pipeline.inputs().entrySet().stream()
                .map(entry -> new InputValidator.Spec(entry.getKey(), entry.getValue(), entry.getValue().defaultValue(),
                        labels.get(entry.getKey()), true))
                .toList();
    }

    private static ModelVersion resolveModel(Catalog snapshot, Step step, Map<String, String> aliasesUsed) {
        ModelVersion version = snapshot.resolveModel(step.model());
        ModelRef ref = ModelRef.parse(step.model());
        if (!ref.selector().equals(version.version())) {
            aliasesUsed.put(ref.toString(), version.version());
        }
        return version;
    }

    private static ModelVersion recordedModel(CatalogArchive archive, PlanRecord record, Step step) {
        String concrete = record.stepModels().get(step.id());
        if (concrete == null) {
            throw new UnknownObjectException(ObjectKind.MODEL, step.id(), "the record has no model for step " + step.id());
        }
        ModelRef ref = ModelRef.parse(concrete);
        return archive.modelVersion(ref.modelId(), ref.selector())
                .orElseThrow(() -> new UnknownObjectException(ObjectKind.MODEL, concrete,
                        "model version " + concrete + " is not in the catalog archive any more"));
    }

    private static int recordedTemplate(PlanRecord record, String id) {
        Integer version = record.templateVersions().get(id);
        if (version == null) {
            throw new UnknownObjectException(ObjectKind.TEMPLATE, id, "the record has no version of template " + id);
        }
        return version;
    }

    private static Scene require(Catalog snapshot, String id) {
        return snapshot.scene(id).orElseThrow(() -> unknown(ObjectKind.SCENE, id));
    }

    private static UnknownObjectException unknown(ObjectKind kind, String id) {
        return new UnknownObjectException(kind, id, kind.wireName() + " \"" + id + "\" does not exist");
    }

    private static UnknownObjectException unknownVersion(ObjectKind kind, String id, int version) {
        return new UnknownObjectException(kind, id + "@" + version,
                kind.wireName() + " " + id + " version " + version + " is not in the catalog archive");
    }
}
