package dev.easel.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class DegraderProperties {

    @Property
    void cap_moderateAspect_keepsScaledSizeWithinOneGridStep(@ForAll @IntRange(min = 256, max = 4096) int width,
                                                              @ForAll @IntRange(min = 256, max = 4096) int height,
                                                              @ForAll @IntRange(min = 65_536, max = 4_000_000) int maxPixels) {
        TaskShape shape = new TaskShape("sd15@stable", 30, width, height, 1);
        DegradeRule rule = new DegradeRule(Duration.ofMinutes(1), DegradeAction.CAP, null, maxPixels);
        double scale = Math.min(1, Math.sqrt((double) maxPixels / ((long) width * height)));
        boolean bothSidesAboveMinimum = width * scale >= 2 * Degrader.SIZE_MULTIPLE && height * scale >= 2 * Degrader.SIZE_MULTIPLE;
        net.jqwik.api.Assume.that(scale < 1 && bothSidesAboveMinimum);

        TaskShape capped = Degrader.cap(shape, rule).shape();

        assertThat(capped.width()).isGreaterThan((int) (width * scale) - Degrader.SIZE_MULTIPLE);
        assertThat(capped.height()).isGreaterThan((int) (height * scale) - Degrader.SIZE_MULTIPLE);
    }

    @Property
    void cap_resultWithinLimitsAndOnSizeGrid(@ForAll @IntRange(min = 64, max = 4096) int width,
                                             @ForAll @IntRange(min = 64, max = 4096) int height,
                                             @ForAll @IntRange(min = 1, max = 150) int steps,
                                             @ForAll @IntRange(min = 4096, max = 4_000_000) int maxPixels,
                                             @ForAll @IntRange(min = 1, max = 100) int maxSteps) {
        TaskShape shape = new TaskShape("sd15@stable", steps, width, height, 1);
        DegradeRule rule = new DegradeRule(Duration.ofMinutes(1), DegradeAction.CAP, maxSteps, maxPixels);

        Degrader.Capped result = Degrader.cap(shape, rule);
        TaskShape capped = result.shape();

        assertThat(result.changes()).allSatisfy(change -> assertThat(change.applied()).isNotEqualTo(change.requested()));
        assertThat(capped.steps()).isEqualTo(Math.min(steps, maxSteps));
        assertThat(capped.width()).isLessThanOrEqualTo(width);
        assertThat(capped.height()).isLessThanOrEqualTo(height);
        if ((long) width * height > maxPixels) {
            assertThat((long) capped.width() * capped.height()).isLessThanOrEqualTo(maxPixels);
            assertThat(capped.width() % Degrader.SIZE_MULTIPLE).isZero();
            assertThat(capped.height() % Degrader.SIZE_MULTIPLE).isZero();
            assertThat(Math.min(capped.width(), capped.height())).isGreaterThanOrEqualTo(Degrader.SIZE_MULTIPLE);
        } else {
            assertThat(capped.width()).isEqualTo(width);
            assertThat(capped.height()).isEqualTo(height);
        }
    }
}
