package dev.easel.catalog.load;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.input.InputRule;
import dev.easel.catalog.model.Capabilities;
import dev.easel.catalog.pipeline.Binding;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.pipeline.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one pipeline file. Checks that need other files (models, templates) run later in
 * {@link CrossReferences}; checks inside the file (step ids, bindings to inputs and earlier steps)
 * run here.
 */
final class PipelineReader {

    private static final List<String> BINDING_KEYS = List.of("input", "const", "step", "template");

    private PipelineReader() {
    }

    static Pipeline read(Node root) {
        root.rejectUnknownKeys("id", "version", "title", "description", "inputs", "steps");
        String id = root.id("id");
        Integer version = root.integer("version", 1);
        LocalizedText title = root.localized("title", true);
        LocalizedText description = root.localized("description", false);
        Map<String, InputRule> inputs = readInputs(root.child("inputs"));
        List<Step> steps = readSteps(root.child("steps"), inputs);
        if (id == null || version == null || title == null) {
            return null;
        }
        return new Pipeline(id, version, title, description, inputs, steps);
    }

    private static Map<String, InputRule> readInputs(Node node) {
        Map<String, InputRule> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : node.entries()) {
            Node input = entry.getValue();
            if (!entry.getKey().matches("[a-z][a-z0-9_]*")) {
                input.error("\"" + entry.getKey() + "\" is not a valid input name; use lower-case letters, digits and '_', starting with a letter");
                continue;
            }
            if (!input.requireMap()) {
                continue;
            }
            input.rejectUnknownKeys(RuleReader.KEYS.toArray(String[]::new));
            InputRule rule = RuleReader.read(input, input.strings("choices"));
            if (rule != null) {
                inputs.put(entry.getKey(), rule);
            }
        }
        return inputs;
    }

    private static List<Step> readSteps(Node node, Map<String, InputRule> inputs) {
        List<Step> steps = new ArrayList<>();
        if (!node.isPresent() || node.items().isEmpty()) {
            node.error("is required: a list of at least one step");
            return steps;
        }
        List<String> earlier = new ArrayList<>();
        for (Node item : node.items()) {
            Step step = readStep(item, inputs, earlier);
            if (step != null) {
                steps.add(step);
                earlier.add(step.id());
            }
        }
        return steps;
    }

    private static Step readStep(Node node, Map<String, InputRule> inputs, List<String> earlier) {
        if (!node.requireMap()) {
            return null;
        }
        node.rejectUnknownKeys("id", "capability", "model", "image", "parameters");
        String id = node.id("id");
        if (id != null && earlier.contains(id)) {
            node.child("id").error("step id \"" + id + "\" appears more than once");
            id = null;
        }
        String capability = node.oneOf("capability", Capabilities.ALL).orElse(null);
        String model = node.text("model");

        Binding image = null;
        Node imageNode = node.child("image");
        if (imageNode.isPresent()) {
            image = readImageBinding(imageNode, inputs, earlier);
        }
        Map<String, Binding> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : node.child("parameters").entries()) {
            Binding binding = readParameterBinding(entry.getValue(), inputs);
            if (binding != null) {
                parameters.put(entry.getKey(), binding);
            }
        }
        if (id == null || capability == null || model == null) {
            return null;
        }
        return new Step(id, capability, model, image, parameters);
    }

    private static Binding readImageBinding(Node node, Map<String, InputRule> inputs, List<String> earlier) {
        Binding binding = readBinding(node);
        if (binding instanceof Binding.StepOutput output && !earlier.contains(output.step())) {
            node.child("step").error("\"" + output.step() + "\" is not an earlier step; earlier steps: "
                    + (earlier.isEmpty() ? "none" : String.join(", ", earlier)));
            return null;
        }
        if (binding instanceof Binding.FromInput input) {
            InputRule rule = inputs.get(input.input());
            if (rule == null) {
                node.child("input").error("\"" + input.input() + "\" is not an input of this pipeline; inputs: " + String.join(", ", inputs.keySet()));
                return null;
            }
            if (rule.type() != dev.easel.catalog.input.FieldType.IMAGE) {
                node.child("input").error("\"" + input.input() + "\" is a " + rule.type().wireName() + " input; an image needs an image input");
                return null;
            }
        }
        if (binding instanceof Binding.Constant || binding instanceof Binding.FromTemplate) {
            node.error("an image comes from {input: <image input>} or {step: <earlier step>}");
            return null;
        }
        return binding;
    }

    private static Binding readParameterBinding(Node node, Map<String, InputRule> inputs) {
        Binding binding = readBinding(node);
        if (binding instanceof Binding.StepOutput) {
            node.error("a step's output is an image; bind it to the step's image, not to a parameter");
            return null;
        }
        if (binding instanceof Binding.FromInput input) {
            InputRule rule = inputs.get(input.input());
            if (rule == null) {
                node.child("input").error("\"" + input.input() + "\" is not an input of this pipeline; inputs: " + String.join(", ", inputs.keySet()));
                return null;
            }
            if (rule.type() == dev.easel.catalog.input.FieldType.IMAGE) {
                node.child("input").error("\"" + input.input() + "\" is an image input; bind it to the step's image");
                return null;
            }
        }
        return binding;
    }

    /** Reads {@code {input: x}}, {@code {const: v}}, {@code {step: x}}, {@code {template: x}} or a plain scalar constant. */
    private static Binding readBinding(Node node) {
        if (!node.isMap()) {
            if (node.isList()) {
                node.error("a list constant must be written as {const: [...]}");
                return null;
            }
            return new Binding.Constant(node.plain());
        }
        List<String> keys = new ArrayList<>(node.json().propertyNames());
        if (keys.size() != 1 || !BINDING_KEYS.contains(keys.get(0))) {
            node.error("must have exactly one of " + String.join(", ", BINDING_KEYS) + "; found " + String.join(", ", keys));
            return null;
        }
        String key = keys.get(0);
        if (key.equals("const")) {
            return new Binding.Constant(node.child("const").plain());
        }
        String target = node.text(key);
        if (target == null) {
            return null;
        }
        return switch (key) {
            case "input" -> new Binding.FromInput(target);
            case "step" -> new Binding.StepOutput(target);
            default -> new Binding.FromTemplate(target);
        };
    }
}
