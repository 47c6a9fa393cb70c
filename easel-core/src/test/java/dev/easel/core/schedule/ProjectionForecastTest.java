package dev.easel.core.schedule;

import static dev.easel.core.schedule.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Projections with forecast arrivals. One worker runs 2 s jobs (the default prior for the test
 * jobs, so estimates are exact). A new `high` user submits one job every 4 s, which takes half the
 * worker, and at 300 s one `low` user queues 20 jobs.
 */
class ProjectionForecastTest {

    private static final int LOW_JOBS = 20;
    private static final long LOW_SUBMIT_MILLIS = 300_000;

    @Test
    void forecast_projectsStartAfterPassingArrivals() {
        VirtualRun withForecast = runWithSteadyHighUsers(SchedulerSettings.DEFAULT_ARRIVAL_WINDOW_MILLIS);

        long lastLowWait = withForecast.startedAt.get("low19") - LOW_SUBMIT_MILLIS;
        long projectedWait = withForecast.projectionAtSubmit.get("low19").startAtMillis() - LOW_SUBMIT_MILLIS;

        assertThat(lastLowWait).isGreaterThan(70_000);
        assertThat((double) Math.abs(projectedWait - lastLowWait) / lastLowWait).isLessThan(0.1);
    }

    @Test
    void noForecast_projectsOnlyTheQueue() {
        VirtualRun withoutForecast = runWithSteadyHighUsers(0);

        long lastLowWait = withoutForecast.startedAt.get("low19") - LOW_SUBMIT_MILLIS;
        long projectedWait = withoutForecast.projectionAtSubmit.get("low19").startAtMillis() - LOW_SUBMIT_MILLIS;

        assertThat(projectedWait).isLessThan(lastLowWait * 6 / 10);
    }

    @Test
    void forecastJobs_getNoProjectionOrPosition() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withProjectionMaxAgeMillis(0));
        scheduler.workerJoined(Workers.shared("w1"));
        for (int i = 0; i < 30; i++) {
            clock.setMillis(i * 1_000L);
            scheduler.submit(aJob().id("n" + i).user("u" + i).tier("high").at(clock.millis()).build());
        }

        Map<String, Projection> projections = scheduler.projections();

        assertThat(projections).hasSize(30);
        assertThat(projections.values()).extracting(Projection::position)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).boxed().toList());
    }

    private static VirtualRun runWithSteadyHighUsers(long arrivalWindowMillis) {
        FakeClock clock = new FakeClock();
        SchedulerSettings settings = SchedulerSettings.defaults()
                .withProjectionMaxAgeMillis(0)
                .withArrivalWindowMillis(arrivalWindowMillis);
        FairScheduler scheduler = FairScheduler.create(clock, settings);
        scheduler.workerJoined(Workers.shared("w1"));
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000);
        for (int i = 0; i < 250; i++) {
            run.submitAt(i * 4_000L, aJob().id("high" + i).user("h" + i).tier("high"));
        }
        for (int i = 0; i < LOW_JOBS; i++) {
            run.submitAt(LOW_SUBMIT_MILLIS, aJob().id("low" + i).user("lowUser").tier("low"));
        }
        return run.runToEnd();
    }
}
