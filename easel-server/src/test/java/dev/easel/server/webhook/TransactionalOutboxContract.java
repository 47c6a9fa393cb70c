package dev.easel.server.webhook;

import dev.easel.core.task.TaskState;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.NewTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook outbox as part of the task store's transitions: every stored transition of a
 * subscribed task has its delivery in the same transaction. Runs on every database the store
 * supports.
 */
abstract class TransactionalOutboxContract {

    private static final TaskWebhook WEBHOOK = new TaskWebhook(URI.create("http://127.0.0.1:9/hook"),
            WebhookEventFilter.parse("webhook.events", List.of("queued", "started", "succeeded", "failed", "canceled")));

    private JdbcTaskStore store;
    private JdbcTemplate jdbc;
    private TaskWebhooks webhooks;

    /** Returns a data source on a new, empty database migrated by Flyway. */
    abstract DataSource newDataSource() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        DataSource dataSource = newDataSource();
        jdbc = new JdbcTemplate(dataSource);
        store = new JdbcTaskStore(dataSource, 64, size -> { });
        Clock clock = Clock.systemUTC();
        webhooks = new TaskWebhooks(jdbc, store, new JdbcWebhookOutbox(jdbc), new TaskEvents(store, 100, Duration.ofMinutes(1)),
                new WebhookPlanner(new ProgressThrottle(clock, Duration.ofMillis(500)), clock),
                new DestinationGuard(List.of(), HostResolver.SYSTEM), clock, new JdbcWebhookSecrets(jdbc));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void transitionsOfSubscribedTask_eachHaveOneDelivery() {
        String taskId = create();
        webhooks.register(taskId, "alice", WEBHOOK);

        store.markRunning(taskId, "local-1", 1, 2_000).join();
        store.markSucceeded(taskId, 1, 3_000, List.of(), "done").join();

        assertThat(events(taskId)).containsExactlyInAnyOrder("queued", "started", "succeeded");
        assertThat(jdbc.queryForObject("SELECT body FROM webhook_deliveries WHERE task_id = ? AND event_type = 'started'",
                String.class, taskId)).contains("\"to\":\"running\"").contains(taskId);
    }

    @Test
    void transitionsBeforeRegister_areReplayedOnce() {
        String taskId = create();
        store.markRunning(taskId, "local-1", 1, 2_000).join();

        webhooks.register(taskId, "alice", WEBHOOK);
        store.markFinished(taskId, java.util.Set.of(TaskState.RUNNING), 1, TaskState.FAILED, 3_000, "broken").join();

        assertThat(events(taskId)).containsExactlyInAnyOrder("queued", "started", "failed");
    }

    @Test
    void failedOutboxWrite_rollsTheTransitionBack() {
        String taskId = create();
        webhooks.register(taskId, "alice", WEBHOOK);
        store.addTransitionWrites((connection, transition) -> {
            if (transition.to() == TaskState.RUNNING) {
                throw new SQLException("disk full (test)");
            }
        });

        assertThatThrownBy(() -> store.markRunning(taskId, "local-1", 1, 2_000).join()).isInstanceOf(CompletionException.class);

        assertThat(store.findTask(taskId).orElseThrow().status()).isEqualTo(TaskState.QUEUED);
        assertThat(store.timeline(taskId)).hasSize(1);
        assertThat(events(taskId)).containsExactly("queued");
    }

    @Test
    void taskWithoutSubscription_getsNoDelivery() {
        String taskId = create();

        store.markRunning(taskId, "local-1", 1, 2_000).join();

        assertThat(events(taskId)).isEmpty();
    }

    @Test
    void eventFilter_leavesOutUnsubscribedEvents() {
        String taskId = create();
        webhooks.register(taskId, "alice", new TaskWebhook(WEBHOOK.url(), WebhookEventFilter.parse("webhook.events", List.of("succeeded"))));

        store.markRunning(taskId, "local-1", 1, 2_000).join();
        store.markSucceeded(taskId, 1, 3_000, List.of(), "done").join();

        assertThat(events(taskId)).containsExactly("succeeded");
    }

    private String create() {
        String taskId = "tsk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        store.create(new NewTask(taskId, "alice", "normal", "timed", "1", "txt2img", Map.of("prompt", "a fox"), 1, 3, 1.0, 1_000,
                "accepted")).join();
        return taskId;
    }

    /** Returns the event types of a task's deliveries; deliveries stored in the same millisecond come in any order. */
    private List<String> events(String taskId) {
        return jdbc.queryForList("SELECT event_type FROM webhook_deliveries WHERE task_id = ? ORDER BY created_at, id", String.class, taskId);
    }
}
