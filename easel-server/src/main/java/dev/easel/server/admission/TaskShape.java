package dev.easel.server.admission;

import java.util.Objects;

/**
 * The parameters of a task that admission may degrade and that its cost depends on.
 *
 * @param model  model reference, for example {@code sd15@stable}
 * @param steps  sampling steps; 0 for models without steps
 * @param width  image width in pixels
 * @param height image height in pixels
 * @param images images per task
 */
public record TaskShape(String model, int steps, int width, int height, int images) {

    public TaskShape {
        Objects.requireNonNull(model, "model");
        if (steps < 0 || width < 1 || height < 1 || images < 1) {
            throw new IllegalArgumentException("task shape out of range: steps=" + steps + " width=" + width
                    + " height=" + height + " images=" + images);
        }
    }

    TaskShape withSteps(int newSteps) {
        return new TaskShape(model, newSteps, width, height, images);
    }

    TaskShape withSize(int newWidth, int newHeight) {
        return new TaskShape(model, steps, newWidth, newHeight, images);
    }
}
