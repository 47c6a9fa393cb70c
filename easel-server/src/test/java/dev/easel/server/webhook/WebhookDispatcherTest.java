package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery loop end to end over real HTTP on 127.0.0.1 (allowlisted here), with the retry
 * schedule compressed from 24 hours to a few seconds: a webhook whose receiver redirects, fails
 * twice or never responds is never silently lost.
 */
class WebhookDispatcherTest {

    private static final RetrySchedule COMPRESSED =
            new RetrySchedule(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(3), Integer.MAX_VALUE);
    private static final WebhookSenderSettings SENDER = new WebhookSenderSettings(
            Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(1), 8, "Easel-Webhooks/test");
    private static final WebhookSecret SECRET = WebhookSecret.generate();

    private final InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox();
    private WebhookHttpSender sender;
    private WebhookDispatcher dispatcher;

    private void startDispatcher() {
        DestinationGuard guard = new DestinationGuard(List.of(Cidr.parse("127.0.0.1/32")), HostResolver.SYSTEM);
        sender = new WebhookHttpSender(guard, SENDER, Clock.systemUTC());
        dispatcher = new WebhookDispatcher(outbox, user -> List.of(SECRET), sender, COMPRESSED,
                new WebhookDispatcher.Settings(Duration.ofMillis(20), 4, Duration.ofSeconds(5)), Clock.systemUTC(), new Random(7));
        dispatcher.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (sender != null) {
            sender.close();
        }
    }

    private WebhookDelivery enqueue(String id, URI url) {
        byte[] body = ("{\"type\":\"task.succeeded\",\"data\":{\"id\":\"" + id + "\"}}").getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = new WebhookDelivery(id, "task_" + id, "user-1", url, WebhookEventType.SUCCEEDED, body, 0, Instant.now());
        outbox.add(delivery, Instant.now());
        return delivery;
    }

    private void awaitFinal(String... ids) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String id : ids) {
                if (outbox.state(id) == DeliveryState.PENDING) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void redirectFailingAndSilentReceivers_eachOutcomeRecorded() throws Exception {
        try (Receiver redirecting = Receiver.start("127.0.0.1", n -> 301);
             Receiver flaky = Receiver.start("127.0.0.1", n -> n <= 2 ? 500 : 200);
             SilentListener silent = new SilentListener("127.0.0.1").holdConnections()) {

            enqueue("msg_j1", redirecting.url("/hook"));
            enqueue("msg_j2", flaky.url("/hook"));
            enqueue("msg_j3", URI.create("http://127.0.0.1:" + silent.port() + "/hook"));
            startDispatcher();
            awaitFinal("msg_j1", "msg_j2", "msg_j3");

            // R1: the redirect is never followed; every attempt is recorded as a redirect until the budget ends.
            assertThat(outbox.state("msg_j1")).isEqualTo(DeliveryState.FAILED);
            assertThat(outbox.attempts("msg_j1")).hasSizeGreaterThan(1)
                    .allSatisfy(attempt -> {
                        assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.REDIRECT);
                        assertThat(attempt.statusCode()).isEqualTo(301);
                    });
            assertThat(redirecting.requests).extracting(Receiver.Request::path).containsOnly("/hook");

            // R2: delivered on the third attempt, each with the same webhook-id and body.
            assertThat(outbox.state("msg_j2")).isEqualTo(DeliveryState.DELIVERED);
            assertThat(outbox.attempts("msg_j2")).extracting(DeliveryAttempt::statusCode).containsExactly(500, 500, 200);
            assertThat(outbox.attempts("msg_j2")).extracting(DeliveryAttempt::number).containsExactly(1, 2, 3);
            assertThat(flaky.requests).hasSize(3)
                    .allSatisfy(request -> assertThat(request.header("webhook-id")).isEqualTo("msg_j2"));
            assertThat(flaky.requests).extracting(request -> new String(request.body(), StandardCharsets.UTF_8)).containsOnly(
                    "{\"type\":\"task.succeeded\",\"data\":{\"id\":\"msg_j2\"}}");

            // R3: every attempt times out, and the delivery fails once the budget is spent.
            assertThat(outbox.state("msg_j3")).isEqualTo(DeliveryState.FAILED);
            List<DeliveryAttempt> silentAttempts = outbox.attempts("msg_j3");
            assertThat(silentAttempts).hasSizeGreaterThan(1)
                    .allSatisfy(attempt -> assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.TIMEOUT));
            Duration spread = Duration.between(silentAttempts.get(0).startedAt(), silentAttempts.get(silentAttempts.size() - 1).startedAt());
            assertThat(spread).isLessThanOrEqualTo(COMPRESSED.budget());
        }
    }

    @Test
    void attemptsOfOneDelivery_spacedByBackoff() throws Exception {
        try (Receiver failing = Receiver.start("127.0.0.1", n -> 503)) {
            enqueue("msg_backoff", failing.url("/hook"));
            startDispatcher();
            awaitFinal("msg_backoff");

            List<DeliveryAttempt> attempts = outbox.attempts("msg_backoff");
            assertThat(attempts).hasSizeGreaterThan(3);
            for (int i = 1; i < attempts.size(); i++) {
                assertThat(attempts.get(i).startedAt()).isAfterOrEqualTo(attempts.get(i - 1).startedAt());
            }
            Instant last = attempts.get(attempts.size() - 1).startedAt();
            assertThat(last).isBefore(attempts.get(0).startedAt().plus(COMPRESSED.budget()).plusSeconds(1));
        }
    }

    @Test
    void blockedDestination_failsAtOnceWithoutRetry() throws Exception {
        try (SilentListener sentinel = new SilentListener("127.0.0.2")) {
            enqueue("msg_blocked", URI.create("http://127.0.0.2:" + sentinel.port() + "/hook"));
            startDispatcher();
            awaitFinal("msg_blocked");

            assertThat(outbox.attempts("msg_blocked")).singleElement().satisfies(attempt -> {
                assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DESTINATION_BLOCKED);
                assertThat(attempt.error()).contains("127.0.0.2", "loopback");
            });
            assertThat(sentinel.sawConnection()).isFalse();
        }
    }

    @Test
    void attemptNotRecorded_redeliveredAfterClaimLease() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean storeDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        WebhookOutbox flakyStore = new WebhookOutbox() {
            @Override
            public List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease) {
                return outbox.claimDue(now, limit, lease);
            }

            @Override
            public void recordRetry(DeliveryAttempt attempt, Instant nextAttemptAt) {
                outbox.recordRetry(attempt, nextAttemptAt);
            }

            @Override
            public void markDelivered(DeliveryAttempt attempt) {
                if (storeDown.getAndSet(false)) {
                    throw new IllegalStateException("store unavailable");
                }
                outbox.markDelivered(attempt);
            }

            @Override
            public void markFailed(DeliveryAttempt attempt) {
                outbox.markFailed(attempt);
            }
        };

        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 200)) {
            enqueue("msg_lost_record", receiver.url("/hook"));
            DestinationGuard guard = new DestinationGuard(List.of(Cidr.parse("127.0.0.1/32")), HostResolver.SYSTEM);
            sender = new WebhookHttpSender(guard, SENDER, Clock.systemUTC());
            dispatcher = new WebhookDispatcher(flakyStore, user -> List.of(SECRET), sender, COMPRESSED,
                    new WebhookDispatcher.Settings(Duration.ofMillis(20), 2, Duration.ofMillis(300)), Clock.systemUTC(), new Random(7));
            dispatcher.start();
            awaitFinal("msg_lost_record");

            assertThat(outbox.state("msg_lost_record")).isEqualTo(DeliveryState.DELIVERED);
            assertThat(receiver.requests).hasSize(2)
                    .allSatisfy(request -> assertThat(request.header("webhook-id")).isEqualTo("msg_lost_record"));
        }
    }

    @Test
    void replay_failedDelivery_deliveredWithSameId() throws Exception {
        Map<String, Integer> answer = new java.util.concurrent.ConcurrentHashMap<>(Map.of("status", 410));
        try (Receiver receiver = Receiver.start("127.0.0.1", n -> answer.get("status"))) {
            enqueue("msg_replay", receiver.url("/hook"));
            startDispatcher();
            awaitFinal("msg_replay");
            assertThat(outbox.state("msg_replay")).isEqualTo(DeliveryState.FAILED);
            assertThat(outbox.attempts("msg_replay")).hasSize(1);

            answer.put("status", 200);
            outbox.replay("msg_replay", Instant.now());
            awaitFinal("msg_replay");

            assertThat(outbox.state("msg_replay")).isEqualTo(DeliveryState.DELIVERED);
            assertThat(outbox.attempts("msg_replay")).extracting(DeliveryAttempt::number).containsExactly(1, 2);
            assertThat(receiver.requests).extracting(request -> request.header("webhook-id")).containsOnly("msg_replay");
        }
    }
}
