package dev.easel.server.api;

import com.sun.net.httpserver.HttpServer;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deliveries view and the admin replay over real HTTP: a finished delivery shows no next
 * attempt, and a pending one cannot be replayed, since the dispatcher sends it anyway.
 */
class WebhookDeliveryViewApiTest extends ServerTestBase {

    private HttpServer receiver;
    private final AtomicInteger delivered = new AtomicInteger();
    private volatile int status = 204;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int answer = status;
            if (answer == 204) {
                delivered.incrementAndGet();
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void deliveredDelivery_hasNoNextAttempt() {
        String taskId = submitWithWebhook();
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(taskId).path("state").asString()));

        JsonNode delivery = delivery(taskId);

        assertThat(delivery.has("next_attempt_at")).isTrue();
        assertThat(delivery.get("next_attempt_at").isNull()).as(delivery.toString()).isTrue();
    }

    @Test
    void pendingDelivery_hasNextAttempt_andReplayIs409() {
        status = 500;
        String taskId = submitWithWebhook();
        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(taskId).path("attempts").size() >= 1);
        JsonNode pending = delivery(taskId);
        String deliveryId = pending.get("id").asString();

        Http.Response replay = http.post("/v1/admin/deliveries/" + deliveryId + "/replay", "{}", Http.TEST_ADMIN_KEY);

        assertThat(pending.get("state").asString()).isEqualTo("pending");
        assertThat(pending.get("next_attempt_at").isString()).as(pending.toString()).isTrue();
        assertThat(replay.status()).as(replay.body()).isEqualTo(409);
        assertThat(replay.json().get("code").asString()).isEqualTo("delivery_pending");
        assertThat(replay.json().get("value").asString()).isEqualTo(deliveryId);
        assertThat(replay.json().get("detail").asString()).contains(deliveryId, "delivered or failed");

        status = 204;
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(taskId).path("state").asString()));
        assertThat(delivered.get()).isEqualTo(1);
    }

    @Test
    void replayOfFinishedDelivery_sendsItAgain() {
        String taskId = submitWithWebhook();
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(taskId).path("state").asString()));
        String deliveryId = delivery(taskId).get("id").asString();

        Http.Response replay = http.post("/v1/admin/deliveries/" + deliveryId + "/replay", "{}", Http.TEST_ADMIN_KEY);

        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() == 2);
        assertThat(http.post("/v1/admin/deliveries/msg_nosuchdelivery/replay", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(404);
    }

    private JsonNode delivery(String taskId) {
        return http.get("/v1/tasks/" + taskId + "/deliveries", user).json().path("items").path(0);
    }

    private String submitWithWebhook() {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "hooked"),
                "webhook", Map.of("url", url, "events", List.of("succeeded"))), user);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }
}
