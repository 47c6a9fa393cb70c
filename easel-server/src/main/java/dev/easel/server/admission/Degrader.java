package dev.easel.server.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the degrade rule for a tier's projected wait and applies a {@code CAP} rule to a task.
 *
 * <p>Implementation notes: a resolution cap scales width and height by the same factor
 * {@code sqrt(maxPixels / (width * height))}, so the aspect ratio stays, and rounds each down to a
 * multiple of {@value #SIZE_MULTIPLE} pixels, a size that Stable Diffusion 1.x and SDXL accept
 * (their VAE downsamples by 8 and their UNet by 8 more). A side never drops below 64 pixels, so
 * for a very narrow image the long side shrinks further and the aspect ratio changes. Stateless.
 */
final class Degrader {

    static final int SIZE_MULTIPLE = 64;

    /** A capped task and the changes made to it. */
    record Capped(TaskShape shape, List<ParameterChange> changes) {
    }

    private Degrader() {
    }

    /** Returns the rule with the highest threshold that the projected wait exceeds, if any. */
    static Optional<DegradeRule> ruleFor(List<DegradeRule> rules, Duration projectedWait) {
        return rules.stream()
                .filter(rule -> projectedWait.compareTo(rule.whenWaitOver()) > 0)
                .max(java.util.Comparator.comparing(DegradeRule::whenWaitOver));
    }

    /** Caps steps and pixels to the rule's limits; values already within them are kept. */
    static Capped cap(TaskShape shape, DegradeRule rule) {
        List<ParameterChange> changes = new ArrayList<>();
        TaskShape capped = shape;

        if (rule.maxSteps() != null && shape.steps() > rule.maxSteps()) {
            capped = capped.withSteps(rule.maxSteps());
            changes.add(new ParameterChange("steps", shape.steps(), rule.maxSteps()));
        }

        long pixels = (long) shape.width() * shape.height();
        if (rule.maxPixels() != null && pixels > rule.maxPixels()) {
            double scale = Math.sqrt((double) rule.maxPixels() / pixels);
            int width = roundDown(shape.width() * scale);
            int height = roundDown(shape.height() * scale);

            // A very narrow image keeps its short side at the minimum, so shrink the long side further.
            if ((long) width * height > rule.maxPixels()) {
                if (width >= height) {
                    width = roundDown((double) rule.maxPixels() / height);
                } else {
                    height = roundDown((double) rule.maxPixels() / width);
                }
            }
            capped = capped.withSize(width, height);
            changes.add(new ParameterChange("width", shape.width(), width));
            changes.add(new ParameterChange("height", shape.height(), height));
        }
        return new Capped(capped, changes);
    }

    private static int roundDown(double size) {
        return Math.max(SIZE_MULTIPLE, (int) (size / SIZE_MULTIPLE) * SIZE_MULTIPLE);
    }
}
