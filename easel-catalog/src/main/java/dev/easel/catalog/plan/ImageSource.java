package dev.easel.catalog.plan;

/** The source of a planned step's input image. */
public sealed interface ImageSource {

    /**
     * An image the task's request named.
     *
     * @param input     the pipeline input that carried it
     * @param reference the reference: {@code upload:<path>} for an image the server stored, or
     *                  {@code asset:<path>} inside the catalog folder
     */
    record TaskImage(String input, String reference) implements ImageSource {
    }

    /**
     * The output image of an earlier step of the same task, referenced rather than copied.
     *
     * @param step the earlier step's id
     */
    record StepOutput(String step) implements ImageSource {
    }
}
