package dev.easel.server.webhook;

import dev.easel.core.task.TaskState;
import dev.easel.server.events.TaskEvent;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.TransitionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Tasks' webhook subscriptions, and the transactional outbox of their transition events.
 *
 * <p>Implementation notes. The delivery of a transition is inserted by the task store inside the
 * transaction that stores the transition ({@link JdbcTaskStore#addTransitionWrites}), so a
 * transition is never durable without its delivery, and at-least-once delivery survives a crash
 * at any point. A subscription is stored after its task, through the store's single writer,
 * together with a delivery for every transition the task already has. Because the writer orders
 * the two, a transition is either stored before the subscription (and replayed by it) or after it
 * (and finds it), never missed and never planned twice. The submit's response is sent only after
 * this write commits.
 * Progress events are not stored transitions: their deliveries are added from the in-memory event
 * stream, so a crash can lose a progress event, never a transition. Thread-safe.
 */
public final class TaskWebhooks {

    private static final Logger log = LoggerFactory.getLogger(TaskWebhooks.class);

    private final JdbcTemplate jdbc;
    private final JdbcTaskStore store;
    private final JdbcWebhookOutbox outbox;
    private final TaskEvents events;
    private final WebhookPlanner planner;
    private final DestinationGuard guard;
    private final Clock clock;
    private final JdbcWebhookSecrets secrets;

    /** Creates the subscriptions and adds their outbox writes to every transition the store writes from now on. */
    public TaskWebhooks(JdbcTemplate jdbc, JdbcTaskStore store, JdbcWebhookOutbox outbox, TaskEvents events, WebhookPlanner planner,
                        DestinationGuard guard, Clock clock, JdbcWebhookSecrets secrets) {
        this.jdbc = jdbc;
        this.store = store;
        this.outbox = outbox;
        this.events = events;
        this.planner = planner;
        this.guard = guard;
        this.clock = clock;
        this.secrets = secrets;
        store.addTransitionWrites(this::addDelivery);
    }

    /**
     * Checks a request's webhook; empty when the request has none.
     *
     * @throws InvalidWebhookRequestException naming {@code webhook.url} or {@code webhook.events}
     */
    public Optional<TaskWebhook> parse(WebhookRequest request) {
        return request == null ? Optional.empty() : Optional.of(TaskWebhook.fromRequest(request.url(), request.events(), guard));
    }

    /**
     * Stores a task's subscription with a delivery for each transition the task already has, gives
     * the user a signing secret if needed, and follows the task's progress events. Returns after
     * the commit.
     */
    public void register(String taskId, String userId, TaskWebhook webhook) {
        secrets.currentOrCreate(userId);
        try {
            store.write(connection -> {
                insertSubscription(connection, taskId, userId, webhook);
                for (TransitionRecord transition : transitions(connection, taskId)) {
                    addDelivery(connection, transition);
                }
                return null;
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        follow(taskId, userId, webhook);
    }

    /** Follows the progress events of every unfinished task with a subscription again; call once at start. */
    public void resume() {
        List<String> terminal = Arrays.stream(TaskState.values()).filter(TaskState::isTerminal).map(TaskState::name).toList();
        jdbc.query("SELECT w.task_id, w.user_id, w.url, w.events, t.status FROM task_webhooks w JOIN tasks t ON t.id = w.task_id",
                (rs, row) -> {
                    if (!terminal.contains(rs.getString("status"))) {
                        follow(rs.getString("task_id"), rs.getString("user_id"), subscription(rs));
                    }
                    return null;
                });
    }

    /** Adds the delivery of one stored transition, on the store writer's connection, when the task has a subscription. */
    private void addDelivery(Connection connection, TransitionRecord transition) throws SQLException {
        Optional<WebhookEventType> type = WebhookEventType.forTransition(transition.to());
        if (type.isEmpty()) {
            return;
        }
        Optional<Subscriber> subscriber = subscriber(connection, transition.taskId());
        if (subscriber.isEmpty()) {
            return;
        }
        Map<String, Object> view = TaskEvents.transitionData(transition);
        Optional<WebhookDelivery> delivery = planner.plan(transition.taskId(), subscriber.get().userId(), subscriber.get().webhook(),
                type.get(), view);
        if (delivery.isPresent()) {
            outbox.add(connection, delivery.get(), clock.instant());
        }
    }

    private void follow(String taskId, String userId, TaskWebhook webhook) {
        events.subscribe(taskId, null, event -> onProgress(taskId, userId, webhook, event));
    }

    private void onProgress(String taskId, String userId, TaskWebhook webhook, TaskEvent event) {
        if (!"progress".equals(event.type())) {
            return;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("task_id", taskId);
        view.putAll(event.data());
        try {
            planner.plan(taskId, userId, webhook, WebhookEventType.PROGRESS, view).ifPresent(delivery -> outbox.add(delivery, clock.instant()));
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("task_id", taskId).addKeyValue("event", WebhookEventType.PROGRESS.wireName()).setCause(e)
                    .log("progress webhook delivery could not be stored; the next progress or transition event follows");
        }
    }

    private record Subscriber(String userId, TaskWebhook webhook) {
    }

    private static Optional<Subscriber> subscriber(Connection connection, String taskId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT user_id, url, events FROM task_webhooks WHERE task_id = ?")) {
            statement.setString(1, taskId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Subscriber(rs.getString("user_id"), subscription(rs))) : Optional.empty();
            }
        }
    }

    private static TaskWebhook subscription(ResultSet rs) throws SQLException {
        return new TaskWebhook(URI.create(rs.getString("url")),
                WebhookEventFilter.parse("webhook.events", List.of(rs.getString("events").split(","))));
    }

    private static void insertSubscription(Connection connection, String taskId, String userId, TaskWebhook webhook) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO task_webhooks (task_id, user_id, url, events) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, taskId);
            statement.setString(2, userId);
            statement.setString(3, webhook.url().toString());
            statement.setString(4, String.join(",", webhook.events().wireNames()));
            statement.executeUpdate();
        }
    }

    private static List<TransitionRecord> transitions(Connection connection, String taskId) throws SQLException {
        List<TransitionRecord> transitions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, job_id, from_state, to_state, attempt, at, reason FROM transitions WHERE task_id = ? ORDER BY id")) {
            statement.setString(1, taskId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString("from_state");
                    transitions.add(new TransitionRecord(rs.getLong("id"), taskId, rs.getString("job_id"),
                            from == null ? null : TaskState.valueOf(from), TaskState.valueOf(rs.getString("to_state")),
                            rs.getInt("attempt"), rs.getLong("at"), rs.getString("reason")));
                }
            }
        }
        return transitions;
    }
}
