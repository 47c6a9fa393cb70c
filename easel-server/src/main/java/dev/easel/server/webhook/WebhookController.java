package dev.easel.server.webhook;

import dev.easel.server.auth.Caller;
import dev.easel.server.task.RequestRejectedException;
import dev.easel.server.task.TaskService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The caller's webhook secret and a task's deliveries. */
@RestController
@Tag(name = "webhooks", description = "Signing secret and delivery records")
class WebhookController {

    private final JdbcWebhookSecrets secrets;
    private final JdbcWebhookOutbox outbox;
    private final TaskService tasks;

    /**
     * Serialises replays, so that two concurrent replays of one finished delivery cannot both
     * pass the state check and send it twice. NOTE: the check and the store's update are two
     * statements, so two API nodes on one PostgreSQL store can still both replay it.
     */
    private final Object replays = new Object();

    WebhookController(JdbcWebhookSecrets secrets, JdbcWebhookOutbox outbox, TaskService tasks) {
        this.secrets = secrets;
        this.outbox = outbox;
        this.tasks = tasks;
    }

    @GetMapping("/v1/webhooks/secret")
    @Operation(summary = "Read the caller's signing secret", description = "The whsec_ secret that signs the caller's webhooks "
            + "(Standard Webhooks); created on first read.")
    Map<String, Object> secret(HttpServletRequest request) {
        return Map.of("secret", secrets.currentOrCreate(Caller.of(request).user().id()).serialise());
    }

    @PostMapping("/v1/webhooks/secret/rotate")
    @Operation(summary = "Rotate the caller's signing secret", description = "Deliveries are signed with the new and the previous "
            + "secret until the next rotation, so a receiver can switch without losing any.")
    Map<String, Object> rotate(HttpServletRequest request) {
        return Map.of("secret", secrets.rotate(Caller.of(request).user().id()).serialise());
    }

    @GetMapping("/v1/tasks/{id}/deliveries")
    @Operation(summary = "List a task's webhook deliveries", description = "Each delivery with its event, state and every attempt's "
            + "status code and error.")
    Map<String, Object> deliveries(@PathVariable String id, HttpServletRequest request) {
        tasks.find(Caller.of(request).user().id(), id);
        List<Map<String, Object>> items = outbox.deliveriesOf(id);
        for (Map<String, Object> item : items) {
            // The store keeps the last scheduled time of a finished delivery; no attempt is due any more.
            if (!DeliveryState.PENDING.wireName().equals(item.get("state"))) {
                item.put("next_attempt_at", null);
            }
        }
        return Map.of("items", items);
    }

    @PostMapping("/v1/admin/deliveries/{id}/replay")
    @Operation(summary = "Replay a delivery (admin)", description = "Makes a delivered or failed delivery pending and due now with "
            + "a fresh 24 h retry budget; its webhook-id stays the same. A delivery that is still pending answers 409 "
            + "delivery_pending, because the dispatcher sends it anyway.")
    Map<String, Object> replay(@PathVariable String id) {
        synchronized (replays) {
            DeliveryState state = outbox.state(id)
                    .orElseThrow(() -> new RequestRejectedException(404, "delivery_not_found", "id", id, null));
            if (state == DeliveryState.PENDING) {
                throw new RequestRejectedException(409, "delivery_pending", "id", id, "delivered or failed")
                        .withLimitMessage("limit.delivered_or_failed");
            }
            outbox.replay(id, Instant.now());
        }
        return Map.of("id", id, "state", DeliveryState.PENDING.wireName());
    }
}
