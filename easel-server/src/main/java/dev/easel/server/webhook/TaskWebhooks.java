package dev.easel.server.webhook;

import dev.easel.core.task.TaskState;
import dev.easel.server.events.TaskEvent;
import dev.easel.server.events.TaskEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks' webhook subscriptions: stores each with its task, follows the task's event stream, and
 * adds a delivery to the outbox for every event that the subscription's filter accepts.
 *
 * <p>NOTE: deliveries are added after the transition's commit, from the event stream, not in the
 * transition's own transaction. A crash between the two loses that one event's delivery; events
 * that follow a restart are delivered, because {@link #resume} follows unfinished tasks again.
 * Thread-safe.
 */
public final class TaskWebhooks {

    private static final Logger log = LoggerFactory.getLogger(TaskWebhooks.class);

    private final JdbcTemplate jdbc;
    private final JdbcWebhookOutbox outbox;
    private final TaskEvents events;
    private final WebhookPlanner planner;
    private final DestinationGuard guard;
    private final Clock clock;
    private final JdbcWebhookSecrets secrets;

    public TaskWebhooks(JdbcTemplate jdbc, JdbcWebhookOutbox outbox, TaskEvents events, WebhookPlanner planner, DestinationGuard guard,
                        Clock clock, JdbcWebhookSecrets secrets) {
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.events = events;
        this.planner = planner;
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * Checks a request's webhook; empty when the request has none.
     *
     * @throws InvalidWebhookRequestException naming {@code webhook.url} or {@code webhook.events}
     */
    public Optional<TaskWebhook> parse(WebhookRequest request) {
        return request == null ? Optional.empty() : Optional.of(TaskWebhook.fromRequest(request.url(), request.events(), guard));
    }

    /** Stores a task's subscription, gives the user a signing secret if needed, and starts following the task's events. */
    public void register(String taskId, String userId, TaskWebhook webhook) {
        secrets.currentOrCreate(userId);
        jdbc.update("INSERT INTO task_webhooks (task_id, user_id, url, events) VALUES (?, ?, ?, ?)",
                taskId, userId, webhook.url().toString(), String.join(",", webhook.events().wireNames()));
        follow(taskId, userId, webhook);
    }

    /** Follows every unfinished task with a subscription again; call once at start. */
    public void resume() {
        List<String> terminal = Arrays.stream(TaskState.values()).filter(TaskState::isTerminal).map(TaskState::wireName).toList();
        jdbc.query("SELECT w.task_id, w.user_id, w.url, w.events, t.status FROM task_webhooks w JOIN tasks t ON t.id = w.task_id",
                (rs, row) -> {
                    if (!terminal.contains(rs.getString("status"))) {
                        TaskWebhook webhook = new TaskWebhook(URI.create(rs.getString("url")),
                                WebhookEventFilter.parse("webhook.events", List.of(rs.getString("events").split(","))));
                        follow(rs.getString("task_id"), rs.getString("user_id"), webhook);
                    }
                    return null;
                });
    }

    private void follow(String taskId, String userId, TaskWebhook webhook) {
        events.subscribe(taskId, null, event -> onEvent(taskId, userId, webhook, event));
    }

    private void onEvent(String taskId, String userId, TaskWebhook webhook, TaskEvent event) {
        Optional<WebhookEventType> type = typeOf(event);
        if (type.isEmpty()) {
            return;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("task_id", taskId);
        view.putAll(event.data());
        try {
            planner.plan(taskId, userId, webhook, type.get(), view).ifPresent(delivery -> outbox.add(delivery, clock.instant()));
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("task_id", taskId).addKeyValue("event", type.get().wireName()).setCause(e)
                    .log("webhook delivery could not be stored; this event will not be delivered");
        }
    }

    private static Optional<WebhookEventType> typeOf(TaskEvent event) {
        if ("progress".equals(event.type())) {
            return Optional.of(WebhookEventType.PROGRESS);
        }
        if (!"transition".equals(event.type())) {
            return Optional.empty();
        }
        Object to = event.data().get("to");
        return Arrays.stream(TaskState.values()).filter(s -> s.wireName().equals(to)).findFirst()
                .flatMap(WebhookEventType::forTransition);
    }
}
