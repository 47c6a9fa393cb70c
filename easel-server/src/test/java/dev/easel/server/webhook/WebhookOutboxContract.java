package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link WebhookOutbox} must have. A store's test extends this class and
 * implements the four hooks to run it on SQLite and PostgreSQL; {@link InMemoryWebhookOutboxTest}
 * runs it on the in-memory outbox.
 */
public abstract class WebhookOutboxContract {

    protected static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    protected static final Duration LEASE = Duration.ofSeconds(60);

    private WebhookOutbox outbox;

    /** Returns an empty outbox. */
    protected abstract WebhookOutbox newOutbox();

    /** Adds a pending delivery due at {@code dueAt}, as the store does in a transition's transaction. */
    protected abstract void add(WebhookOutbox target, WebhookDelivery delivery, Instant dueAt);

    /** Returns the stored state of a delivery. */
    protected abstract DeliveryState state(WebhookOutbox target, String deliveryId);

    /** Returns the stored attempts of a delivery, first attempt first. */
    protected abstract List<DeliveryAttempt> attempts(WebhookOutbox target, String deliveryId);

    @BeforeEach
    public void setUp() {
        outbox = newOutbox();
    }

    protected static WebhookDelivery delivery(String id) {
        return new WebhookDelivery(id, "task-" + id, "user-1", URI.create("https://hooks.example.com/" + id),
                WebhookEventType.SUCCEEDED, "{}".getBytes(), 0, T0);
    }

    protected static DeliveryAttempt attempt(String id, int number, AttemptOutcome outcome, Integer status) {
        return new DeliveryAttempt(id, number, T0, Duration.ofMillis(12), outcome, status,
                outcome == AttemptOutcome.DELIVERED ? null : "receiver answered " + status, null);
    }

    @Test
    public void claimDue_returnsOldestDueFirst() {
        add(outbox, delivery("msg_b"), T0.plusSeconds(2));
        add(outbox, delivery("msg_a"), T0.plusSeconds(1));
        add(outbox, delivery("msg_later"), T0.plusSeconds(30));
        add(outbox, delivery("msg_c"), T0.plusSeconds(3));

        List<WebhookDelivery> claimed = outbox.claimDue(T0.plusSeconds(10), 2, LEASE);

        assertThat(claimed).extracting(WebhookDelivery::id).containsExactly("msg_a", "msg_b");
    }

    @Test
    public void claimDue_leaseHidesClaimedDelivery() {
        add(outbox, delivery("msg_a"), T0);

        assertThat(outbox.claimDue(T0, 10, LEASE)).hasSize(1);
        assertThat(outbox.claimDue(T0.plusSeconds(59), 10, LEASE)).isEmpty();
        assertThat(outbox.claimDue(T0.plusSeconds(60), 10, LEASE)).extracting(WebhookDelivery::id).containsExactly("msg_a");
    }

    @Test
    public void claimDue_concurrentClaimsNeverOverlap() throws Exception {
        for (int i = 0; i < 200; i++) {
            add(outbox, delivery("msg_" + i), T0);
        }
        java.util.Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);

        for (int t = 0; t < 8; t++) {
            threads.execute(() -> {
                List<WebhookDelivery> batch;
                do {
                    batch = outbox.claimDue(T0, 7, LEASE);
                    for (WebhookDelivery delivery : batch) {
                        if (!claimed.add(delivery.id())) {
                            duplicates.incrementAndGet();
                        }
                    }
                } while (!batch.isEmpty());
            });
        }
        threads.shutdown();

        assertThat(threads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(duplicates).hasValue(0);
        assertThat(claimed).hasSize(200);
    }

    @Test
    public void recordRetry_countsAttemptAndReschedules() {
        add(outbox, delivery("msg_a"), T0);
        outbox.claimDue(T0, 10, LEASE);

        outbox.recordRetry(attempt("msg_a", 1, AttemptOutcome.HTTP_ERROR, 500), T0.plusSeconds(5));

        assertThat(outbox.claimDue(T0.plusSeconds(4), 10, LEASE)).isEmpty();
        List<WebhookDelivery> again = outbox.claimDue(T0.plusSeconds(5), 10, LEASE);
        assertThat(again).singleElement().extracting(WebhookDelivery::attempts).isEqualTo(1);
        assertThat(state(outbox, "msg_a")).isEqualTo(DeliveryState.PENDING);
        assertThat(attempts(outbox, "msg_a")).extracting(DeliveryAttempt::statusCode).containsExactly(500);
    }

    @Test
    public void markDelivered_finalAndAttemptsKept() {
        add(outbox, delivery("msg_a"), T0);
        outbox.claimDue(T0, 10, LEASE);
        outbox.recordRetry(attempt("msg_a", 1, AttemptOutcome.HTTP_ERROR, 500), T0);
        outbox.claimDue(T0, 10, LEASE);

        outbox.markDelivered(attempt("msg_a", 2, AttemptOutcome.DELIVERED, 200));

        assertThat(state(outbox, "msg_a")).isEqualTo(DeliveryState.DELIVERED);
        assertThat(outbox.claimDue(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
        assertThat(attempts(outbox, "msg_a")).extracting(DeliveryAttempt::number).containsExactly(1, 2);
    }

    @Test
    public void markFailed_finalAndNeverDueAgain() {
        add(outbox, delivery("msg_a"), T0);
        outbox.claimDue(T0, 10, LEASE);

        outbox.markFailed(attempt("msg_a", 1, AttemptOutcome.REDIRECT, 301));

        assertThat(state(outbox, "msg_a")).isEqualTo(DeliveryState.FAILED);
        assertThat(outbox.claimDue(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
        assertThat(attempts(outbox, "msg_a")).singleElement().extracting(DeliveryAttempt::outcome).isEqualTo(AttemptOutcome.REDIRECT);
    }
}
