package dev.easel.catalog.load;

import dev.easel.catalog.example.Example;
import dev.easel.catalog.input.FieldType;
import dev.easel.catalog.input.InputError;
import dev.easel.catalog.input.InputRule;
import dev.easel.catalog.input.InvalidInputsException;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.model.ModelRef;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.pipeline.Binding;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.pipeline.Step;
import dev.easel.catalog.pipeline.StepCompatibility;
import dev.easel.catalog.scene.Field;
import dev.easel.catalog.scene.Scene;
import dev.easel.catalog.scene.SceneForm;
import dev.easel.catalog.template.PromptTemplate;
import dev.easel.catalog.template.TemplateContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks references between files: a step's model and template, a scene's pipeline and fields, an
 * example's scene, inputs and images. Objects whose own file had problems are skipped, because
 * their paths (list indexes) would no longer match the file.
 */
final class CrossReferences {

    private static final List<String> COVER_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".webp");

    private final Map<String, Model> models;
    private final Map<String, PromptTemplate> templates;
    private final Map<String, Pipeline> pipelines;
    private final Map<String, Scene> scenes;
    private final CatalogSource source;
    private final Problems problems;

    CrossReferences(Map<String, Model> models, Map<String, PromptTemplate> templates, Map<String, Pipeline> pipelines,
                    Map<String, Scene> scenes, CatalogSource source, Problems problems) {
        this.models = models;
        this.templates = templates;
        this.pipelines = pipelines;
        this.scenes = scenes;
        this.source = source;
        this.problems = problems;
    }

    void checkPipeline(Pipeline pipeline, String file) {
        for (int i = 0; i < pipeline.steps().size(); i++) {
            Step step = pipeline.steps().get(i);
            String path = "steps[" + i + "]";
            ModelVersion version = resolveModel(step.model(), file, path + ".model");
            if (version != null) {
                for (StepCompatibility.Problem problem : StepCompatibility.check(pipeline, step, version)) {
                    problems.add(file, path + "." + problem.path(), problem.message());
                }
            }
            step.parameters().forEach((name, binding) -> {
                if (binding instanceof Binding.FromTemplate template) {
                    checkTemplate(pipeline, template.template(), file, path + ".parameters." + name);
                }
            });
        }
    }

    void checkScene(Scene scene, String file) {
        Pipeline pipeline = pipelines.get(scene.pipeline());
        if (pipeline == null) {
            problems.add(file, "pipeline", "pipeline \"" + scene.pipeline() + "\" does not exist; pipelines: " + String.join(", ", pipelines.keySet()));
            return;
        }
        Set<String> formNames = new HashSet<>();
        for (int i = 0; i < scene.fields().size(); i++) {
            Field field = scene.fields().get(i);
            formNames.add(field.name());
            checkField(field, pipeline, file, "form.fields[" + i + "]");
        }
        pipeline.inputs().forEach((name, rule) -> {
            if (rule.required() && !formNames.contains(name)) {
                problems.add(file, "form.fields", "pipeline " + pipeline.id() + " requires input \"" + name + "\", which the form does not have");
            }
        });
    }

    void checkExample(Example example, String file) {
        checkCover(example.cover(), file);
        Scene scene = scenes.get(example.scene());
        if (scene == null) {
            problems.add(file, "scene", "scene \"" + example.scene() + "\" does not exist; scenes: " + String.join(", ", scenes.keySet()));
            return;
        }
        try {
            SceneForm.validate(scene, example.inputs(), null, () -> 0L);
        } catch (InvalidInputsException e) {
            for (InputError error : e.errors()) {
                problems.add(file, "inputs." + error.field(), error.detail() + valueSuffix(error.value()));
            }
        }
        for (Field field : scene.fields()) {
            Object value = example.inputs().get(field.name());
            if (field.rule().type() == FieldType.IMAGE && value instanceof String reference && reference.startsWith("asset:")) {
                checkAsset(reference.substring("asset:".length()), file, "inputs." + field.name());
            }
        }
    }

    private ModelVersion resolveModel(String text, String file, String path) {
        ModelRef ref;
        try {
            ref = ModelRef.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(file, path, e.getMessage());
            return null;
        }
        Model model = models.get(ref.modelId());
        if (model == null) {
            problems.add(file, path, "model \"" + ref.modelId() + "\" does not exist; models: " + String.join(", ", models.keySet()));
            return null;
        }
        String label = model.aliases().getOrDefault(ref.selector(), ref.selector());
        ModelVersion version = model.version(label).orElse(null);
        if (version == null) {
            problems.add(file, path, "\"" + ref.selector() + "\" is neither a version nor an alias of model " + model.id()
                    + "; versions: " + String.join(", ", model.versions().stream().map(ModelVersion::version).toList())
                    + "; aliases: " + (model.aliases().isEmpty() ? "none" : String.join(", ", model.aliases().keySet())));
        }
        return version;
    }

    private void checkTemplate(Pipeline pipeline, String templateId, String file, String path) {
        PromptTemplate template = templates.get(templateId);
        if (template == null) {
            problems.add(file, path, "template \"" + templateId + "\" does not exist; templates: " + String.join(", ", templates.keySet()));
            return;
        }
        Set<String> available = TemplateContext.availableNames(pipeline.inputs());
        for (String variable : template.variables()) {
            if (!available.contains(variable)) {
                problems.add(file, path, "template " + templateId + " uses variable \"" + variable
                        + "\", which this pipeline does not provide; available: " + String.join(", ", available));
            }
        }
    }

    private void checkField(Field field, Pipeline pipeline, String file, String path) {
        InputRule input = pipeline.inputs().get(field.name());
        if (input == null) {
            problems.add(file, path + ".name", "\"" + field.name() + "\" is not an input of pipeline " + pipeline.id()
                    + "; inputs: " + String.join(", ", pipeline.inputs().keySet()));
            return;
        }
        if (input.type() != field.rule().type()) {
            problems.add(file, path + ".type", "is " + field.rule().type().wireName() + ", but pipeline " + pipeline.id()
                    + " declares input " + field.name() + " as " + input.type().wireName());
            return;
        }
        if (input.type() == FieldType.CHOICE) {
            for (String choice : field.rule().choices()) {
                if (!input.choices().contains(choice)) {
                    problems.add(file, path + ".choices", "\"" + choice + "\" is not a choice of pipeline input " + field.name()
                            + " (" + String.join(", ", input.choices()) + ")");
                }
            }
        }
        checkLimits(field.rule(), input, "pipeline " + pipeline.id() + " input " + field.name(), file, path);
    }

    /**
     * Rejects a form field whose limits are wider than its pipeline input's, because the form
     * would then offer values that the pipeline rejects at submit. A limit the field leaves out is
     * not compared.
     */
    private void checkLimits(InputRule form, InputRule input, String target, String file, String path) {
        String outside = ", so the form would offer values that the pipeline rejects";
        if (form.min() != null && input.min() != null && form.min() < input.min()) {
            problems.add(file, path + ".min", "min " + number(form.min()) + " is less than the min " + number(input.min())
                    + " of " + target + outside);
        }
        if (form.max() != null && input.max() != null && form.max() > input.max()) {
            problems.add(file, path + ".max", "max " + number(form.max()) + " is more than the max " + number(input.max())
                    + " of " + target + outside);
        }
        if (form.minLength() != null && input.minLength() != null && form.minLength() < input.minLength()) {
            problems.add(file, path + ".min_length", "min_length " + form.minLength() + " is less than the min_length "
                    + input.minLength() + " of " + target + outside);
        }
        int inputMaxLength = input.maxLength() == null ? InputRule.DEFAULT_MAX_LENGTH : input.maxLength();
        if (form.maxLength() != null && form.maxLength() > inputMaxLength) {
            problems.add(file, path + ".max_length", "max_length " + form.maxLength() + " is more than the max_length "
                    + inputMaxLength + " of " + target + outside);
        }
    }

    /** Formats a limit without a trailing {@code .0} for whole numbers. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private void checkCover(String cover, String file) {
        String lower = cover.toLowerCase(java.util.Locale.ROOT);
        if (COVER_EXTENSIONS.stream().noneMatch(lower::endsWith)) {
            problems.add(file, "cover", "\"" + cover + "\" must be a " + String.join(", ", COVER_EXTENSIONS) + " file");
            return;
        }
        checkAsset(cover, file, "cover");
    }

    private void checkAsset(String relative, String file, String path) {
        if (source.root().isEmpty()) {
            return;
        }
        if (!source.hasAsset(relative)) {
            problems.add(file, path, "\"" + relative + "\" is not a file inside the catalog folder");
        }
    }

    private static String valueSuffix(Object value) {
        return value == null ? "" : " (was " + value + ")";
    }
}
