package dev.easel.catalog.pipeline;

/**
 * The source of one pipeline step parameter, or of the step's input image.
 *
 * <p>In YAML: {@code {input: name}}, {@code {const: value}} (or a plain scalar),
 * {@code {step: id}} and {@code {template: id}}.
 */
public sealed interface Binding {

    /** The value of one of the task's inputs, after validation and defaults. */
    record FromInput(String input) implements Binding {
    }

    /** A fixed value written in the pipeline. */
    record Constant(Object value) implements Binding {
    }

    /** The output image of an earlier step; allowed only for a step's {@code image}. */
    record StepOutput(String step) implements Binding {
    }

    /** A prompt template rendered with the task's inputs. */
    record FromTemplate(String template) implements Binding {
    }
}
