package dev.easel.catalog.pipeline;

import dev.easel.catalog.input.FieldType;
import dev.easel.catalog.input.InputRule;
import dev.easel.catalog.input.Violation;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.model.ParameterLimit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a model version can run a pipeline step: the capability, the parameter names, the
 * constants and the types of input-bound parameters. Used when the catalog loads and before an
 * alias switch, so that a switch cannot break a pipeline that uses the alias.
 */
public final class StepCompatibility {

    /** Capabilities whose steps take an input image. */
    private static final Set<String> IMAGE_CAPABILITIES = Set.of("img2img", "upscale", "remove_background");

    /**
     * One incompatibility.
     *
     * @param path    location inside the step, for example {@code parameters.steps}
     * @param message what is wrong
     */
    public record Problem(String path, String message) {
    }

    private StepCompatibility() {
    }

    /** Returns every reason the version cannot run the step, or an empty list. */
    public static List<Problem> check(Pipeline pipeline, Step step, ModelVersion version) {
        List<Problem> problems = new ArrayList<>();
        if (!version.capabilities().contains(step.capability())) {
            problems.add(new Problem("capability", "model " + version.versionedId() + " does not support "
                    + step.capability() + "; it supports " + String.join(", ", version.capabilities())));
        }
        boolean needsImage = IMAGE_CAPABILITIES.contains(step.capability());
        if (needsImage && step.image() == null) {
            problems.add(new Problem("image", "is required for " + step.capability() + ": {input: <image input>} or {step: <earlier step>}"));
        }
        if (!needsImage && step.image() != null) {
            problems.add(new Problem("image", step.capability() + " takes no input image"));
        }
        for (Map.Entry<String, Binding> entry : step.parameters().entrySet()) {
            checkParameter(pipeline, entry.getKey(), entry.getValue(), version, problems);
        }
        return problems;
    }

    private static void checkParameter(Pipeline pipeline, String name, Binding binding, ModelVersion version, List<Problem> problems) {
        String path = "parameters." + name;
        if (version.parameters().isEmpty()) {
            return;
        }
        ParameterLimit limit = version.parameters().get(name);
        if (limit == null) {
            problems.add(new Problem(path, "is not a parameter of model " + version.versionedId()
                    + "; parameters: " + String.join(", ", version.parameters().keySet())));
            return;
        }
        if (binding instanceof Binding.Constant constant) {
            Violation violation = limit.violationOf(constant.value());
            if (violation != null) {
                problems.add(new Problem(path, "constant " + constant.value() + " " + violation.detail()
                        + " for model " + version.versionedId()));
            }
        }
        if (binding instanceof Binding.FromTemplate && limit.type() != ParameterLimit.Type.STRING) {
            problems.add(new Problem(path, "a template renders text, but this parameter of model "
                    + version.versionedId() + " is " + limit.type().wireName()));
        }
        if (binding instanceof Binding.FromInput input) {
            InputRule rule = pipeline.inputs().get(input.input());
            String mismatch = rule == null ? null : typeMismatch(rule, limit);
            if (mismatch != null) {
                problems.add(new Problem(path, "input " + input.input() + " " + mismatch + " for model " + version.versionedId()));
            }
        }
    }

    /** Returns why an input of this rule cannot feed a parameter of this limit, or {@code null}. */
    private static String typeMismatch(InputRule rule, ParameterLimit limit) {
        FieldType type = rule.type();
        return switch (limit.type()) {
            case INTEGER -> type == FieldType.SEED || (type == FieldType.NUMBER && rule.integer())
                    ? null : "is " + describe(rule) + ", but the parameter needs a whole number (a seed or a number with integer: true)";
            case NUMBER -> type == FieldType.NUMBER || type == FieldType.SEED ? null : "is " + describe(rule) + ", but the parameter needs a number";
            case STRING -> type == FieldType.TEXT || type == FieldType.CHOICE ? null : "is " + describe(rule) + ", but the parameter needs text";
            case CHOICE -> choiceMismatch(rule, limit);
            case BOOLEAN -> "is " + describe(rule) + ", but the parameter is true or false; bind it to a constant";
        };
    }

    private static String choiceMismatch(InputRule rule, ParameterLimit limit) {
        if (rule.type() != FieldType.CHOICE) {
            return "is " + describe(rule) + ", but the parameter is a choice of " + String.join(", ", limit.choices());
        }
        Set<String> extra = new HashSet<>(rule.choices());
        extra.removeAll(limit.choices());
        return extra.isEmpty() ? null : "offers " + String.join(", ", extra.stream().sorted().toList())
                + ", which the parameter does not accept (" + String.join(", ", limit.choices()) + ")";
    }

    private static String describe(InputRule rule) {
        return rule.type() == FieldType.NUMBER && !rule.integer() ? "a number that may have a fraction" : "a " + rule.type().wireName() + " input";
    }
}
