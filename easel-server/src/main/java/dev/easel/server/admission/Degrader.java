package dev.easel.server.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the degrade rule for a tier's projected wait and applies a {@code CAP} rule to a task.
 *
 * <p>Implementation notes: a resolution cap scales width and height by the same factor
 * {@code sqrt(maxPixels / (width * height))}, so the aspect ratio stays, and rounds each down to the
 * model's size multiple ({@link SizeStep}). A side never drops below the model's minimum, so for a
 * very narrow image the long side shrinks further and the aspect ratio changes. Only the fields
 * whose value changed are listed as changes. Stateless.
 */
final class Degrader {

    static final int SIZE_MULTIPLE = SizeStep.DEFAULT.multiple();

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

    /** Caps steps and pixels to the rule's limits with the {@link SizeStep#DEFAULT} size step. */
    static Capped cap(TaskShape shape, DegradeRule rule) {
        return cap(shape, rule, SizeStep.DEFAULT);
    }

    /** Caps steps and pixels to the rule's limits; values already within them are kept. */
    static Capped cap(TaskShape shape, DegradeRule rule, SizeStep sizeStep) {
        List<ParameterChange> changes = new ArrayList<>();
        TaskShape capped = shape;

        if (rule.maxSteps() != null && shape.steps() > rule.maxSteps()) {
            capped = capped.withSteps(rule.maxSteps());
            changes.add(new ParameterChange("steps", shape.steps(), rule.maxSteps()));
        }

        long pixels = (long) shape.width() * shape.height();
        if (rule.maxPixels() != null && pixels > rule.maxPixels()) {
            double scale = Math.sqrt((double) rule.maxPixels() / pixels);
            int width = sizeStep.roundDown(shape.width() * scale);
            int height = sizeStep.roundDown(shape.height() * scale);

            // A very narrow image keeps its short side at the minimum, so shrink the long side further.
            if ((long) width * height > rule.maxPixels()) {
                if (width >= height) {
                    width = sizeStep.roundDown((double) rule.maxPixels() / height);
                } else {
                    height = sizeStep.roundDown((double) rule.maxPixels() / width);
                }
            }
            capped = capped.withSize(width, height);
            addIfChanged(changes, "width", shape.width(), width);
            addIfChanged(changes, "height", shape.height(), height);
        }
        return new Capped(capped, changes);
    }

    private static void addIfChanged(List<ParameterChange> changes, String field, int requested, int applied) {
        if (requested != applied) {
            changes.add(new ParameterChange(field, requested, applied));
        }
    }
}
