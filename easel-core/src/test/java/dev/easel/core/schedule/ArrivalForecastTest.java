package dev.easel.core.schedule;

import static dev.easel.core.schedule.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArrivalForecastTest {

    @Test
    void rate_isCostInWindowPerSecond() {
        ArrivalForecast forecast = new ArrivalForecast(100_000);

        forecast.record(aJob().tier("high").build(), 10, 0);
        forecast.record(aJob().tier("high").build(), 30, 50_000);

        ArrivalForecast.TierForecast high = forecast.forTier("high", 60_000);
        assertThat(high.secondsPerSecond()).isCloseTo(0.4, within(1e-9));
        assertThat(high.representativeCost()).isEqualTo(30);
        assertThat(high.intervalMillis()).isEqualTo(75_000);
    }

    @Test
    void arrivalsOlderThanWindow_areForgotten() {
        ArrivalForecast forecast = new ArrivalForecast(100_000);
        forecast.record(aJob().tier("high").build(), 10, 0);
        forecast.record(aJob().tier("high").build(), 20, 90_000);

        ArrivalForecast.TierForecast high = forecast.forTier("high", 120_000);

        assertThat(high.secondsPerSecond()).isCloseTo(0.2, within(1e-9));
        assertThat(forecast.forTier("high", 200_000)).isNull();
    }

    @Test
    void tierWithoutArrivals_hasNoForecast() {
        ArrivalForecast forecast = new ArrivalForecast(100_000);
        forecast.record(aJob().tier("high").build(), 10, 0);

        assertThat(forecast.forTier("low", 0)).isNull();
    }

    @Test
    void zeroWindow_switchesForecastOff() {
        ArrivalForecast forecast = new ArrivalForecast(0);

        forecast.record(aJob().tier("high").build(), 10, 0);

        assertThat(forecast.isEnabled()).isFalse();
        assertThat(forecast.forTier("high", 0)).isNull();
    }
}
