package dev.easel.server.api;

import com.sun.net.httpserver.HttpServer;
import dev.easel.server.support.Http;
import dev.easel.server.webhook.SignedHeaders;
import dev.easel.server.webhook.WebhookSecret;
import dev.easel.server.webhook.WebhookSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Task webhooks over real HTTP: a receiver on 127.0.0.1, which the test server allowlists. */
class WebhookApiTest extends ServerTestBase {

    private record Received(String id, String timestamp, String signature, byte[] body) {
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int failFirst;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = calls.incrementAndGet() <= failFirst ? 500 : 204;
            if (status == 204) {
                received.add(new Received(exchange.getRequestHeaders().getFirst(SignedHeaders.ID),
                        exchange.getRequestHeaders().getFirst(SignedHeaders.TIMESTAMP),
                        exchange.getRequestHeaders().getFirst(SignedHeaders.SIGNATURE), body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void events_arriveSignedWithTheUsersSecret() {
        String secret = http.get("/v1/webhooks/secret", user).json().get("secret").asString();

        String id = submitWithWebhook(List.of("queued", "started", "succeeded"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 3);

        assertThat(received).extracting(r -> Http.JSON.readTree(r.body()).get("type").asString())
                .containsExactlyInAnyOrder("task.queued", "task.started", "task.succeeded");
        for (Received r : received) {
            SignedHeaders expected = WebhookSigner.sign(r.id(), Long.parseLong(r.timestamp()), r.body(),
                    List.of(WebhookSecret.parse(secret)));
            assertThat(r.signature()).isEqualTo(expected.signature());
            assertThat(Http.JSON.readTree(r.body()).get("data").get("task_id").asString()).isEqualTo(id);
        }
    }

    @Test
    void failedAttempt_isRetried_andEveryAttemptIsVisible() {
        failFirst = 1;

        String id = submitWithWebhook(List.of("succeeded"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);

        JsonNode delivery = http.get("/v1/tasks/" + id + "/deliveries", user).json().get("items").get(0);
        assertThat(delivery.get("state").asString()).isEqualTo("delivered");
        assertThat(delivery.get("attempts").get(0).get("status_code").asInt()).isEqualTo(500);
        assertThat(delivery.get("attempts").get(1).get("status_code").asInt()).isEqualTo(204);
    }

    @Test
    void adminReplay_sendsTheSameDeliveryAgain() {
        String id = submitWithWebhook(List.of("succeeded"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
        String deliveryId = http.get("/v1/tasks/" + id + "/deliveries", user).json().get("items").get(0).get("id").asString();

        assertThat(http.post("/v1/admin/deliveries/" + deliveryId + "/replay", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);

        assertThat(received.get(1).id()).isEqualTo(deliveryId);
        assertThat(http.post("/v1/admin/deliveries/" + deliveryId + "/replay", "{}", user).status()).isEqualTo(403);
    }

    @Test
    void internalAddresses_areRejectedAtSubmit() {
        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data", "http://192.168.1.5/",
                "http://[::1]:9000/", "http://[fd00::1]/")) {
            Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "x"),
                    "webhook", Map.of("url", url)), user);

            assertThat(response.status()).as(url).isEqualTo(422);
            assertThat(response.json().get("field").asString()).as(url).isEqualTo("webhook.url");
        }
    }

    @Test
    void portOutOfRange_isRejectedAtSubmit() {
        for (String url : List.of("http://127.0.0.1:99999/hook", "http://127.0.0.1:0/hook", "http://example.com:65536/")) {
            Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "x"),
                    "webhook", Map.of("url", url)), user);

            assertThat(response.status()).as(url).isEqualTo(422);
            assertThat(response.json().get("code").asString()).as(url).isEqualTo("invalid_field");
            assertThat(response.json().get("field").asString()).as(url).isEqualTo("webhook.url");
            assertThat(response.json().get("limit").asString()).as(url).contains("port from 1 to 65535");
        }
        assertThat(http.get("/v1/tasks?limit=100", user).json().get("items")).isEmpty();
    }

    @Test
    void deliveries_ofAnotherUsersTask_is404() {
        String id = submitWithWebhook(List.of("succeeded"));

        assertThat(http.get("/v1/tasks/" + id + "/deliveries", "other-" + user).status()).isEqualTo(404);
    }

    private String submitWithWebhook(List<String> events) {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "hooked"),
                "webhook", Map.of("url", url, "events", events)), user);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }
}
