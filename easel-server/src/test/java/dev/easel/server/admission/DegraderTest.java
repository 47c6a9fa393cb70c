package dev.easel.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegraderTest {

    private static DegradeRule capPixels(int maxPixels) {
        return new DegradeRule(Duration.ofMinutes(1), DegradeAction.CAP, null, maxPixels);
    }

    @Test
    void cap_narrowImage_staysWithinPixelLimit() {
        TaskShape narrow = new TaskShape("sd15@stable", 30, 64, 256, 1);

        Degrader.Capped capped = Degrader.cap(narrow, capPixels(4096));

        assertThat(capped.shape().width()).isEqualTo(64);
        assertThat(capped.shape().height()).isEqualTo(64);
        assertThat(capped.changes()).containsExactly(new ParameterChange("height", 256, 64));
    }

    @Test
    void cap_wideImage_keepsAspectRatio() {
        TaskShape wide = new TaskShape("tiny-sd", 2, 256, 64, 1);

        Degrader.Capped capped = Degrader.cap(wide, capPixels(4096), SizeStep.of(16, 16));

        assertThat(capped.shape().width()).isEqualTo(128);
        assertThat(capped.shape().height()).isEqualTo(32);
        assertThat(capped.changes()).containsExactly(new ParameterChange("width", 256, 128), new ParameterChange("height", 64, 32));
    }

    @Test
    void sizeStep_minimumRoundsUpToMultiple() {
        assertThat(SizeStep.of(8, 12)).isEqualTo(new SizeStep(8, 16));
        assertThat(SizeStep.of(null, null)).isEqualTo(new SizeStep(1, 1));
        assertThat(SizeStep.of(16, 16)).isEqualTo(new SizeStep(16, 16));
    }

    @Test
    void ruleFor_highestThresholdBelowWait() {
        DegradeRule two = new DegradeRule(Duration.ofMinutes(2), DegradeAction.CAP, 20, null);
        DegradeRule ten = new DegradeRule(Duration.ofMinutes(10), DegradeAction.REJECT, null, null);
        List<DegradeRule> rules = List.of(ten, two);

        assertThat(Degrader.ruleFor(rules, Duration.ofMinutes(2))).isEmpty();
        assertThat(Degrader.ruleFor(rules, Duration.ofMinutes(5))).contains(two);
        assertThat(Degrader.ruleFor(rules, Duration.ofMinutes(10).plusMillis(1))).contains(ten);
    }
}
