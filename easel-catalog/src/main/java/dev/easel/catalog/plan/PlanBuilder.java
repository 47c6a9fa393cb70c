package dev.easel.catalog.plan;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.input.InputError;
import dev.easel.catalog.input.InvalidInputsException;
import dev.easel.catalog.input.Violation;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.model.ParameterLimit;
import dev.easel.catalog.pipeline.Binding;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.pipeline.Step;
import dev.easel.catalog.template.PromptTemplate;
import dev.easel.catalog.template.TemplateContext;
import dev.easel.catalog.template.TemplateRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a pipeline and validated inputs into planned steps, given how to find each step's model
 * version and each template. Fresh resolution and reproduction differ only in those lookups.
 */
final class PlanBuilder {

    /** Planned steps and the template versions they rendered. */
    record Built(List<PlannedStep> steps, Map<String, Integer> templateVersions) {
    }

    private final TemplateRenderer renderer;

    PlanBuilder(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * Builds the steps.
     *
     * @param labels field labels by input name, for errors in the scene's terms (may be empty)
     * @throws InvalidInputsException when an input value breaks a limit of the model a step runs on
     */
    Built build(Pipeline pipeline, Map<String, Object> inputs, Function<String, PromptTemplate> templates,
                Function<Step, ModelVersion> models, Map<String, LocalizedText> labels) {
        Map<String, Object> context = TemplateContext.of(pipeline.inputs(), inputs);
        Map<String, Integer> templateVersions = new LinkedHashMap<>();
        List<InputError> errors = new ArrayList<>();
        List<PlannedStep> steps = new ArrayList<>();

        for (Step step : pipeline.steps()) {
            ModelVersion model = models.apply(step);
            Map<String, Object> parameters = new LinkedHashMap<>();
            step.parameters().forEach((name, binding) -> {
                Object value = bind(binding, inputs, context, templates, templateVersions);
                Object checked = checkAgainstModel(name, binding, value, model, labels, errors);
                if (checked != null) {
                    parameters.put(name, checked);
                }
            });
            model.parameters().forEach((name, limit) -> {
                if (!parameters.containsKey(name) && limit.defaultValue() != null) {
                    parameters.put(name, limit.defaultValue());
                }
            });
            steps.add(new PlannedStep(step.id(), step.capability(), model, parameters, image(step.image(), inputs)));
        }

        if (!errors.isEmpty()) {
            throw new InvalidInputsException(errors);
        }
        return new Built(steps, templateVersions);
    }

    private Object bind(Binding binding, Map<String, Object> inputs, Map<String, Object> context,
                        Function<String, PromptTemplate> templates, Map<String, Integer> templateVersions) {
        if (binding instanceof Binding.FromInput input) {
            return inputs.get(input.input());
        }
        if (binding instanceof Binding.Constant constant) {
            return constant.value();
        }
        if (binding instanceof Binding.FromTemplate reference) {
            PromptTemplate template = templates.apply(reference.template());
            templateVersions.put(template.id(), template.version());
            return renderer.render(template, context);
        }
        throw new IllegalStateException("a step output cannot bind a parameter: " + binding);
    }

    /** Returns the value normalized for the model, or {@code null} after recording an error (or for an absent value). */
    private static Object checkAgainstModel(String name, Binding binding, Object value, ModelVersion model,
                                            Map<String, LocalizedText> labels, List<InputError> errors) {
        if (value == null) {
            return null;
        }
        ParameterLimit limit = model.parameters().get(name);
        if (limit == null) {
            return value;
        }
        Violation violation = limit.violationOf(value);
        if (violation == null) {
            return limit.normalize(value);
        }
        String field = binding instanceof Binding.FromInput input ? input.input() : name;
        String source = binding instanceof Binding.FromTemplate template ? "the text rendered from template " + template.template() + " " : "";
        errors.add(new InputError(field, labels.get(field), violation.code(), value, violation.limit(),
                source + violation.detail() + " for model " + model.versionedId()));
        return null;
    }

    private static ImageSource image(Binding binding, Map<String, Object> inputs) {
        if (binding instanceof Binding.FromInput input) {
            Object reference = inputs.get(input.input());
            return reference == null ? null : new ImageSource.TaskImage(input.input(), reference.toString());
        }
        if (binding instanceof Binding.StepOutput output) {
            return new ImageSource.StepOutput(output.step());
        }
        return null;
    }
}
