package dev.easel.server.chain;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.input.InputError;
import dev.easel.catalog.input.InvalidInputsException;
import dev.easel.catalog.plan.ImageSource;
import dev.easel.catalog.plan.PlannedStep;
import dev.easel.engine.upscale.UpscaleBackend;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rejects at submit a chain whose upscale step would pass the upscale back end's output-pixel
 * limit ({@link UpscaleBackend#MAX_OUTPUT_PIXELS}), so the task is not accepted only to fail
 * when that step runs.
 *
 * <p>Implementation notes: the check follows each task input image through the steps in order.
 * An image taken from the input has scale 1, a background removal keeps its input's size, and an
 * upscale multiplies both sides by its {@code scale}. Any other step (img2img, txt2img) sets its
 * own output size from its parameters, so the size is no longer known and later upscale steps
 * are not checked here. Stateless and thread-safe.
 */
final class UpscaleSizeCheck {

    private static final String UPSCALE = "upscale";
    private static final String REMOVE_BACKGROUND = "remove_background";

    /** A task input image and the factor by which the steps so far have scaled both of its sides. */
    private record Origin(String input, long factor) {
    }

    private UpscaleSizeCheck() {
    }

    /**
     * Checks the upscale steps of a plan.
     *
     * @param planned     the plan's steps in order
     * @param scales      the resolved {@code scale} parameter of each step by step id, absent when it has none
     * @param inputImages the decoded image of a task input by input name, or {@code null} when the input has none
     * @param labels      the scene's field labels by input name; empty for a pipeline
     * @throws InvalidInputsException naming the input whose image is too large for a later upscale step
     */
    static void check(List<PlannedStep> planned, Map<String, Number> scales, Function<String, BufferedImage> inputImages,
                      Map<String, LocalizedText> labels) {
        Map<String, Origin> outputs = new HashMap<>();
        for (PlannedStep step : planned) {
            Origin origin = null;
            if (step.image() instanceof ImageSource.TaskImage input) {
                origin = new Origin(input.input(), 1);
            } else if (step.image() instanceof ImageSource.StepOutput output) {
                origin = outputs.get(output.step());
            }
            if (origin == null) {
                continue;
            }
            if (REMOVE_BACKGROUND.equals(step.capability())) {
                outputs.put(step.id(), origin);
            } else if (UPSCALE.equals(step.capability()) && scales.get(step.id()) != null) {
                Origin upscaled = new Origin(origin.input(), origin.factor() * scales.get(step.id()).longValue());
                checkPixels(step.id(), upscaled, inputImages.apply(origin.input()), labels);
                outputs.put(step.id(), upscaled);
            }
        }
    }

    private static void checkPixels(String stepId, Origin upscaled, BufferedImage image, Map<String, LocalizedText> labels) {
        if (image == null) {
            return;
        }
        long factor = upscaled.factor();
        long outputPixels = (long) image.getWidth() * image.getHeight() * factor * factor;
        if (outputPixels <= UpscaleBackend.MAX_OUTPUT_PIXELS) {
            return;
        }
        String size = image.getWidth() + "x" + image.getHeight();
        String detail = "is " + size + ", and upscaled " + factor + "x by step " + stepId + " it would have " + outputPixels
                + " pixels, more than the limit of " + UpscaleBackend.MAX_OUTPUT_PIXELS;
        throw new InvalidInputsException(List.of(new InputError(upscaled.input(), labels.get(upscaled.input()),
                "upscale_too_large", size, UpscaleBackend.MAX_OUTPUT_PIXELS, detail)));
    }
}
