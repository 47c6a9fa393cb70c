package dev.easel.server.config;

import dev.easel.core.schedule.FairScheduler;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.SchedulerSettings;
import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The whole server on SQLite with one worker slot on the timed back end (batches of up to 4),
 * started with {@code easel.scheduler.*} set: the values reach the scheduler, and an invalid one
 * stops the start with one message.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchedulerPropertiesStartTest {

    @TempDir
    Path data;

    @Test
    void configuredValues_reachScheduler() {
        try (ConfigurableApplicationContext context = start("--easel.scheduler.max-overtakes=5",
                "--easel.scheduler.affinity-lookahead=7",
                "--easel.scheduler.user-scan-depth=9",
                "--easel.scheduler.max-batch-delay=1h",
                "--easel.scheduler.promotion-lead=0.25",
                "--easel.scheduler.projection-max-age=3s",
                "--easel.scheduler.arrival-window=0s")) {
            SchedulerSettings settings = ((FairScheduler) context.getBean(Scheduler.class)).settings();

            assertThat(settings.maxOvertakes()).isEqualTo(5);
            assertThat(settings.affinityLookahead()).isEqualTo(7);
            assertThat(settings.userScanDepth()).isEqualTo(9);
            assertThat(settings.maxBatchDelayMillis()).isEqualTo(3_600_000);
            assertThat(settings.promotionLead()).isEqualTo(0.25);
            assertThat(settings.projectionMaxAgeMillis()).isEqualTo(3_000);
            assertThat(settings.arrivalWindowMillis()).isZero();
            assertThat(settings.tiers()).isEqualTo(SchedulerSettings.defaultTiers());
        }
    }

    @Test
    void maxBatchDelay_holdsBatchUntilFull() {
        try (ConfigurableApplicationContext context = start("--easel.scheduler.max-batch-delay=1h")) {
            Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
            String user = "batch-user";
            String blocker = http.submitTimed(user, Map.of("prompt", "blocker", "steps", 1000));
            awaitStatus(http, user, blocker, "running");

            // Two jobs with one batch key queue behind the blocker. Once the blocker's slot is free,
            // more jobs are queued than slots are free, so the delay holds the batch of two.
            List<String> batch = new ArrayList<>();
            batch.add(http.submitTimed(user, Map.of("prompt", "first", "steps", 1)));
            batch.add(http.submitTimed(user, Map.of("prompt", "second", "steps", 1)));
            http.post("/v1/tasks/" + blocker + "/cancel", "{}", user);
            awaitStatus(http, user, blocker, "canceled");
            JsonNode heldFirst = http.get("/v1/tasks/" + batch.get(0), user).json();
            batch.add(http.submitTimed(user, Map.of("prompt", "third", "steps", 1)));
            batch.add(http.submitTimed(user, Map.of("prompt", "fourth", "steps", 1)));
            List<String> startTimes = batch.stream().map(id -> awaitStatus(http, user, id, "succeeded").get("started_at").asString()).toList();

            assertThat(heldFirst.get("status").asString()).as("first job after the blocker ended").isEqualTo("queued");
            assertThat(startTimes).as("start times of the four jobs, equal when they ran as one batch").containsOnly(startTimes.get(0));
        }
    }

    @Test
    void invalidValue_stopsStartWithOneMessage(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start("--easel.scheduler.promotion-lead=1.5").close());

        assertThat(failure).isNotNull();
        assertThat(rootCause(failure)).isInstanceOf(InvalidConfigurationPropertyValueException.class);
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START");
        assertThat(output.getOut()).contains("Invalid value '1.5' for configuration property 'easel.scheduler.promotion-lead'");
        assertThat(output.getOut()).contains("must be at least 0 and below 1");
        assertThat(output.getAll()).doesNotContain("IllegalArgumentException");
        assertThat(output.getAll()).doesNotContain("Application run failed");
    }

    private static JsonNode awaitStatus(Http http, String user, String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = http.get("/v1/tasks/" + id, user).json();
            return status.equals(last[0].path("status").asString());
        });
        return last[0];
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private ConfigurableApplicationContext start(String... schedulerArgs) {
        Stream<String> server = Stream.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:sqlite:" + data.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000",
                "--easel.api.placement-wait=5s",
                "--easel.auth.admin-key=" + Http.TEST_ADMIN_KEY,
                "--easel.realtime.models=timed",
                "--easel.realtime.workers=0",
                "--easel.outputs.dir=" + data.resolve("outputs"),
                "--easel.workers.count=1",
                "--easel.workers.backends=timed",
                "--easel.backends.timed.step-time=100ms",
                "--easel.backends.timed.steps=5",
                "--easel.backends.timed.max-batch=4",
                "--easel.cancel.grace=1s");
        String[] args = Stream.concat(server, Stream.of(schedulerArgs)).toArray(String[]::new);
        return new SpringApplicationBuilder(EaselServerApplication.class).run(args);
    }
}
