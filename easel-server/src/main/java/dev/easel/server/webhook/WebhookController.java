package dev.easel.server.webhook;

import dev.easel.server.auth.Caller;
import dev.easel.server.task.TaskService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** The caller's webhook secret and a task's deliveries. */
@RestController
@Tag(name = "webhooks", description = "Signing secret and delivery records")
class WebhookController {

    private final JdbcWebhookSecrets secrets;
    private final JdbcWebhookOutbox outbox;
    private final TaskService tasks;

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
        return Map.of("items", outbox.deliveriesOf(id));
    }

    @PostMapping("/v1/admin/deliveries/{id}/replay")
    @Operation(summary = "Replay a delivery (admin)", description = "Makes the delivery pending and due now with a fresh 24 h retry "
            + "budget; its webhook-id stays the same.")
    Map<String, Object> replay(@PathVariable String id) {
        if (!outbox.replay(id, java.time.Instant.now())) {
            throw new dev.easel.server.task.RequestRejectedException(404, "delivery_not_found", "id", id, null);
        }
        return Map.of("id", id, "state", DeliveryState.PENDING.wireName());
    }
}
