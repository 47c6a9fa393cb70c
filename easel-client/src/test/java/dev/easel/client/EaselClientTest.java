package dev.easel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the client's side of the HTTP exchange (method, path, headers, body, and how responses and
 * problems are read) over real HTTP on loopback. The JDK server below stands in for easel-server's
 * v1 task API, responding with the shapes its TaskController documents, because this module must
 * not depend on the server.
 */
class EaselClientTest {

    // NOTE: a test of this client against a running easel-server belongs in easel-server's tests,
    // once the server can depend on this module for its README walk-through.

    private record Seen(String method, String path, String query, String authorization, String idempotencyKey, String body) {
    }

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    private EaselClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/v1/tasks", this::handle);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        client = EaselClient.builder(base).apiKey("ek_test").pollInterval(Duration.ofMillis(20)).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));

        if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/tasks")) {
            if (body.contains("\"flood\"")) {
                exchange.getResponseHeaders().add("Retry-After", "7");
                respond(exchange, 429, "application/problem+json",
                        "{\"type\":\"urn:easel:problem:too-many-queued\",\"title\":\"Too many queued tasks\",\"status\":429,"
                                + "\"detail\":\"You already have 10 queued tasks in tier low.\",\"code\":\"too_many_queued\"}");
                return;
            }
            respond(exchange, 202, "application/json", "{\"id\":\"task_1\",\"status\":\"queued\",\"position\":0}");
        } else if (path.equals("/v1/tasks/task_1")) {
            String status = polls.incrementAndGet() < 3 ? "running" : "succeeded";
            respond(exchange, 200, "application/json", "{\"id\":\"task_1\",\"status\":\"" + status + "\",\"outputs\":[]}");
        } else if (path.equals("/v1/tasks/task_1/cancel")) {
            respond(exchange, 409, "application/problem+json", "{\"status\":409,\"code\":\"task_finished\",\"title\":\"Task already finished\"}");
        } else if (path.equals("/v1/tasks/stuck")) {
            respond(exchange, 200, "application/json", "{\"id\":\"stuck\",\"status\":\"queued\"}");
        } else if (path.equals("/v1/tasks")) {
            respond(exchange, 200, "application/json", "{\"items\":[{\"id\":\"task_1\",\"status\":\"succeeded\"}],\"next_cursor\":null}");
        } else {
            respond(exchange, 404, "text/plain", "not found");
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void submit_sendsJsonBearerAndIdempotencyKey() {
        Map<String, Object> task = client.submit(Map.of("model", "tiny-sd", "params", Map.of("prompt", "a lighthouse")), "order-42");

        assertThat(task).containsEntry("id", "task_1").containsEntry("status", "queued");
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.authorization()).isEqualTo("Bearer ek_test");
        assertThat(request.idempotencyKey()).isEqualTo("order-42");
        assertThat(request.body()).contains("\"model\":\"tiny-sd\"", "\"prompt\":\"a lighthouse\"");
    }

    @Test
    void submit_rejected_problemCodeAndRetryAfter() {
        assertThatThrownBy(() -> client.submit(Map.of("model", "flood")))
                .isInstanceOfSatisfying(EaselApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("too_many_queued");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).contains("429 too_many_queued: You already have 10 queued tasks");
                });
        assertThat(seen.get(0).idempotencyKey()).isNull();
    }

    @Test
    void waitForCompletion_pollsUntilFinal() {
        Map<String, Object> task = client.waitForCompletion("task_1", Duration.ofSeconds(5));

        assertThat(task).containsEntry("status", "succeeded");
        assertThat(polls).hasValue(3);
    }

    @Test
    void waitForCompletion_notFinal_timesOut() {
        assertThatThrownBy(() -> client.waitForCompletion("stuck", Duration.ofMillis(100)))
                .isInstanceOf(EaselTimeoutException.class)
                .hasMessageContaining("task stuck is still queued");
    }

    @Test
    void cancel_finishedTask_conflict() {
        assertThatThrownBy(() -> client.cancel("task_1"))
                .isInstanceOfSatisfying(EaselApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("task_finished");
                    assertThat(e.retryAfter()).isNull();
                });
        assertThat(seen.get(0).method()).isEqualTo("POST");
    }

    @Test
    void list_encodesFiltersAndReturnsPage() {
        Map<String, Object> page = client.list(List.of("queued", "running"), "c/1", 5);

        assertThat(page).containsKey("items").containsEntry("next_cursor", null);
        assertThat(seen.get(0).query()).isEqualTo("status=queued%2Crunning&cursor=c%2F1&limit=5");
    }

    @Test
    void get_nonJsonError_detailKept() {
        assertThatThrownBy(() -> client.get("missing"))
                .isInstanceOfSatisfying(EaselApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isNull();
                    assertThat(e.problem()).containsEntry("detail", "not found");
                });
    }
}
