package dev.easel.server.config;

import dev.easel.core.schedule.SchedulerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Conversion of {@code easel.scheduler.*} into the scheduler's settings, and the range of each value. */
class SchedulerPropertiesTest {

    private static final SchedulerSettings DEFAULTS = SchedulerSettings.defaults();

    @Test
    void unset_keepsSchedulerDefaults() {
        SchedulerSettings settings = new SchedulerProperties().toSettings(DEFAULTS.tiers(), DEFAULTS.costPriors());

        assertThat(settings).isEqualTo(DEFAULTS);
    }

    @Test
    void configuredValues_reachSettingsInMilliseconds() {
        SchedulerProperties properties = new SchedulerProperties();
        properties.setMaxOvertakes(3);
        properties.setAffinityLookahead(0);
        properties.setUserScanDepth(1);
        properties.setMaxBatchDelay(Duration.ofMillis(250));
        properties.setPromotionLead(0);
        properties.setProjectionMaxAge(Duration.ofSeconds(2));
        properties.setArrivalWindow(Duration.ZERO);

        SchedulerSettings settings = properties.toSettings(DEFAULTS.tiers(), DEFAULTS.costPriors());

        assertThat(settings.maxOvertakes()).isEqualTo(3);
        assertThat(settings.affinityLookahead()).isZero();
        assertThat(settings.userScanDepth()).isEqualTo(1);
        assertThat(settings.maxBatchDelayMillis()).isEqualTo(250);
        assertThat(settings.promotionLead()).isZero();
        assertThat(settings.projectionMaxAgeMillis()).isEqualTo(2_000);
        assertThat(settings.arrivalWindowMillis()).isZero();
        assertThat(settings.tiers()).isEqualTo(DEFAULTS.tiers());
    }

    /**
     * One value out of range.
     *
     * @param property the property the message must name
     * @param value    the value it must show
     * @param reason   the range it must state
     */
    record Invalid(String property, Object value, String reason, Consumer<SchedulerProperties> apply) {

        @Override
        public String toString() {
            return property + "=" + value;
        }
    }

    static Stream<Invalid> invalidValues() {
        Duration negative = Duration.ofMillis(-1);
        Duration tooLong = Duration.ofSeconds(Long.MAX_VALUE);
        return Stream.of(
                new Invalid("max-overtakes", -1, "must be at least 0", p -> p.setMaxOvertakes(-1)),
                new Invalid("affinity-lookahead", -5, "must be at least 0", p -> p.setAffinityLookahead(-5)),
                new Invalid("user-scan-depth", 0, "must be at least 1", p -> p.setUserScanDepth(0)),
                new Invalid("max-batch-delay", negative, "must be a duration of 0 or more", p -> p.setMaxBatchDelay(negative)),
                new Invalid("max-batch-delay", null, "must be a duration of 0 or more", p -> p.setMaxBatchDelay(null)),
                new Invalid("projection-max-age", negative, "must be a duration of 0 or more", p -> p.setProjectionMaxAge(negative)),
                new Invalid("arrival-window", negative, "must be a duration of 0 or more", p -> p.setArrivalWindow(negative)),
                new Invalid("arrival-window", tooLong, "must be at most " + Long.MAX_VALUE + " ms", p -> p.setArrivalWindow(tooLong)),
                new Invalid("promotion-lead", 1.0, "must be at least 0 and below 1", p -> p.setPromotionLead(1.0)),
                new Invalid("promotion-lead", -0.1, "must be at least 0 and below 1", p -> p.setPromotionLead(-0.1)),
                new Invalid("promotion-lead", Double.NaN, "must be at least 0 and below 1", p -> p.setPromotionLead(Double.NaN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void invalidValue_namesPropertyValueAndRange(Invalid invalid) {
        SchedulerProperties properties = new SchedulerProperties();
        invalid.apply().accept(properties);

        InvalidConfigurationPropertyValueException failure = catchThrowableOfType(InvalidConfigurationPropertyValueException.class,
                () -> properties.toSettings(DEFAULTS.tiers(), DEFAULTS.costPriors()));

        assertThat(failure).as("exception for " + invalid).isNotNull();
        assertThat(failure.getName()).isEqualTo("easel.scheduler." + invalid.property());
        assertThat(failure.getValue()).isEqualTo(invalid.value());
        assertThat(failure.getReason()).startsWith(invalid.reason());
    }
}
