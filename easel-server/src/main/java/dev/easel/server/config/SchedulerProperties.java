package dev.easel.server.config;

import dev.easel.core.cost.CostPriors;
import dev.easel.core.schedule.SchedulerSettings;
import dev.easel.core.schedule.TierConfig;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.time.Duration;
import java.util.List;

/**
 * Scheduler settings under {@code easel.scheduler}, apart from the tiers ({@code easel.tiers}).
 * Each setting left unset keeps its value from {@link SchedulerSettings#defaults()}, whose record
 * documentation describes what it bounds.
 */
public class SchedulerProperties {

    private static final String PREFIX = "easel.scheduler.";
    private static final SchedulerSettings DEFAULTS = SchedulerSettings.defaults();

    /** Users with other work ahead in the fair order that a job may pass to join a batch. */
    private int maxOvertakes = DEFAULTS.maxOvertakes();
    /** Users searched, in fair order, for a job whose model a free worker already has loaded. */
    private int affinityLookahead = DEFAULTS.affinityLookahead();
    /** Queued jobs of one user searched for one that a free worker can run, at least 1. */
    private int userScanDepth = DEFAULTS.userScanDepth();
    /**
     * Maximum time a batch that is not full is held back while more jobs are queued than workers
     * are free. Zero never holds one back.
     */
    private Duration maxBatchDelay = Duration.ofMillis(DEFAULTS.maxBatchDelayMillis());
    /** Fraction of a tier's maximum wait before its deadline at which a job is promoted, in [0, 1). */
    private double promotionLead = DEFAULTS.promotionLead();
    /** Maximum age of cached positions and ETAs before a query recomputes them. */
    private Duration projectionMaxAge = Duration.ofMillis(DEFAULTS.projectionMaxAgeMillis());
    /** Window over which arrivals are measured for the ETA forecast. Zero switches the forecast off. */
    private Duration arrivalWindow = Duration.ofMillis(DEFAULTS.arrivalWindowMillis());

    /**
     * Builds the scheduler's settings from these values, the tiers and the cost priors.
     *
     * @throws InvalidConfigurationPropertyValueException when a value is out of its range. Spring
     *                                                    Boot reports it at startup as one message
     *                                                    naming the property, the value and the range.
     */
    SchedulerSettings toSettings(List<TierConfig> tiers, CostPriors costPriors) {
        return new SchedulerSettings(tiers, costPriors,
                atLeast("max-overtakes", maxOvertakes, 0),
                atLeast("affinity-lookahead", affinityLookahead, 0),
                atLeast("user-scan-depth", userScanDepth, 1),
                millis("max-batch-delay", maxBatchDelay),
                fraction("promotion-lead", promotionLead),
                millis("projection-max-age", projectionMaxAge),
                millis("arrival-window", arrivalWindow));
    }

    private static int atLeast(String property, int value, int min) {
        if (value < min) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, "must be at least " + min);
        }
        return value;
    }

    private static long millis(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
                    "must be a duration of 0 or more, for example 0s, 500ms or 5m");
        }
        try {
            return value.toMillis();
        } catch (ArithmeticException e) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
                    "must be at most " + Long.MAX_VALUE + " ms");
        }
    }

    private static double fraction(String property, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
                    "must be at least 0 and below 1, for example 0.1");
        }
        return value;
    }

    public int getMaxOvertakes() {
        return maxOvertakes;
    }

    public void setMaxOvertakes(int maxOvertakes) {
        this.maxOvertakes = maxOvertakes;
    }

    public int getAffinityLookahead() {
        return affinityLookahead;
    }

    public void setAffinityLookahead(int affinityLookahead) {
        this.affinityLookahead = affinityLookahead;
    }

    public int getUserScanDepth() {
        return userScanDepth;
    }

    public void setUserScanDepth(int userScanDepth) {
        this.userScanDepth = userScanDepth;
    }

    public Duration getMaxBatchDelay() {
        return maxBatchDelay;
    }

    public void setMaxBatchDelay(Duration maxBatchDelay) {
        this.maxBatchDelay = maxBatchDelay;
    }

    public double getPromotionLead() {
        return promotionLead;
    }

    public void setPromotionLead(double promotionLead) {
        this.promotionLead = promotionLead;
    }

    public Duration getProjectionMaxAge() {
        return projectionMaxAge;
    }

    public void setProjectionMaxAge(Duration projectionMaxAge) {
        this.projectionMaxAge = projectionMaxAge;
    }

    public Duration getArrivalWindow() {
        return arrivalWindow;
    }

    public void setArrivalWindow(Duration arrivalWindow) {
        this.arrivalWindow = arrivalWindow;
    }
}
