package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookHttpSenderTest {

    private static final WebhookSenderSettings FAST = new WebhookSenderSettings(
            Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(2), 8, "Easel-Webhooks/test");
    private static final WebhookSecret SECRET = WebhookSecret.parse(WebhookSignerTest.VECTOR_SECRET);

    private final DestinationGuardTest.TableResolver resolver = new DestinationGuardTest.TableResolver(Map.ofEntries(
            Map.entry("receiver.test", List.of("127.0.0.1")),
            Map.entry("sneaky.test", List.of("127.0.0.2")),
            Map.entry("mixed-private.test", List.of("127.0.0.1", "10.0.0.7")),
            Map.entry("mixed-metadata.test", List.of("169.254.169.254", "127.0.0.1")),
            Map.entry("mixed-cgnat.test", List.of("100.64.0.1", "127.0.0.1")),
            Map.entry("mixed-ula.test", List.of("fd12::1", "127.0.0.1")),
            Map.entry("mixed-multicast.test", List.of("224.0.0.1", "127.0.0.1")),
            Map.entry("mixed-linklocal.test", List.of("fe80::1", "127.0.0.1")),
            Map.entry("mixed-broadcast.test", List.of("255.255.255.255", "127.0.0.1")),
            Map.entry("mixed-unspecified.test", List.of("::", "127.0.0.1")),
            Map.entry("mixed-nat64.test", List.of("64:ff9b::a9fe:a9fe", "127.0.0.1"))));

    private WebhookHttpSender sender;

    @AfterEach
    void closeSender() throws Exception {
        if (sender != null) {
            sender.close();
        }
    }

    private WebhookHttpSender sender(List<String> allowlist) {
        DestinationGuard guard = new DestinationGuard(allowlist.stream().map(Cidr::parse).toList(), resolver);
        sender = new WebhookHttpSender(guard, FAST, Clock.systemUTC());
        return sender;
    }

    private static WebhookDelivery delivery(URI url) {
        byte[] body = "{\"type\":\"task.succeeded\",\"data\":{\"id\":\"t1\"}}".getBytes(StandardCharsets.UTF_8);
        return new WebhookDelivery("msg_test1", "t1", "u1", url, WebhookEventType.SUCCEEDED, body, 0, Instant.now());
    }

    @Test
    void send_receiverAnswers200_deliveredWithVerifiableSignature() throws Exception {
        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 200)) {
            WebhookDelivery delivery = delivery(receiver.url("/hook"));

            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery, List.of(SECRET), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
            assertThat(attempt.statusCode()).isEqualTo(200);
            assertThat(attempt.error()).isNull();
            Receiver.Request request = receiver.requests.get(0);
            assertThat(request.body()).isEqualTo(delivery.body());
            assertThat(request.header("webhook-id")).isEqualTo("msg_test1");
            assertThat(request.header("content-type")).isEqualTo("application/json; charset=UTF-8");
            assertThat(request.header("user-agent")).isEqualTo("Easel-Webhooks/test");
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            String expected = WebhookSigner.sign("msg_test1", timestamp, delivery.body(), List.of(SECRET)).signature();
            assertThat(request.header("webhook-signature")).isEqualTo(expected);
        }
    }

    @Test
    void send_portOutOfRange_recordsAttempt() {
        WebhookDelivery delivery = delivery(URI.create("http://127.0.0.1:99999/hook"));

        DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery, List.of(SECRET), 3);

        assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.CONNECTION_FAILED);
        assertThat(attempt.number()).isEqualTo(3);
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).startsWith("request could not be sent: ").contains("99999");
    }

    @Test
    void send_hostNameResolvingToAllowlistedAddress_delivered() throws Exception {
        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 204)) {
            URI url = URI.create("http://receiver.test:" + receiver.port() + "/hook");

            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(url), List.of(SECRET), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
            assertThat(receiver.requests).hasSize(1);
        }
    }

    @Test
    void send_redirect_notFollowedAndRecorded() throws Exception {
        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 301)) {
            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(receiver.url("/old")), List.of(SECRET), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.REDIRECT);
            assertThat(attempt.statusCode()).isEqualTo(301);
            assertThat(attempt.error()).contains("Location /moved", "not followed");
            assertThat(receiver.requests).extracting(Receiver.Request::path).containsExactly("/old");
        }
    }

    @Test
    void send_serverError_httpErrorWithStatus() throws Exception {
        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 500)) {
            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(receiver.url("/hook")), List.of(SECRET), 2);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.HTTP_ERROR);
            assertThat(attempt.statusCode()).isEqualTo(500);
            assertThat(attempt.number()).isEqualTo(2);
        }
    }

    @Test
    void send_receiverNeverAnswers_timeout() throws Exception {
        try (SilentListener silent = new SilentListener("127.0.0.1").holdConnections()) {
            URI url = URI.create("http://127.0.0.1:" + silent.port() + "/hook");

            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(url), List.of(SECRET), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
            assertThat(attempt.statusCode()).isNull();
            assertThat(attempt.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(silent.heldConnections()).isEqualTo(1);
        }
    }

    @Test
    void send_endlessResponseBody_deliveredWithoutReadingIt() throws Exception {
        com.sun.net.httpserver.HttpServer endless = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 4);
        endless.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try {
                for (int i = 0; i < 600; i++) {
                    exchange.getResponseBody().write(new byte[1024]);
                    exchange.getResponseBody().flush();
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                // The sender closed the connection, as it should.
            } finally {
                exchange.close();
            }
        });
        endless.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        endless.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + endless.getAddress().getPort() + "/hook");

            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(url), List.of(SECRET), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
            assertThat(attempt.duration()).isLessThan(FAST.attemptTimeout());
        } finally {
            endless.stop(0);
        }
    }

    @Test
    void send_nothingListening_connectionFailed() throws Exception {
        int port;
        try (SilentListener closed = new SilentListener("127.0.0.1")) {
            port = closed.port();
        }

        DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(URI.create("http://127.0.0.1:" + port + "/")), List.of(SECRET), 1);

        assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.CONNECTION_FAILED);
        assertThat(attempt.error()).isNotBlank();
    }

    @Test
    void send_noSecret_notSent() throws Exception {
        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 200)) {
            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(receiver.url("/hook")), List.of(), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.NOT_SENT);
            assertThat(attempt.error()).contains("u1");
            assertThat(receiver.requests).isEmpty();
        }
    }

    @Test
    void send_loopbackNotAllowlisted_blockedWithoutConnecting() throws Exception {
        try (SilentListener sentinel = new SilentListener("127.0.0.2")) {
            int port = sentinel.port();
            List<String> urls = List.of(
                    "http://127.0.0.2:" + port + "/",
                    "http://sneaky.test:" + port + "/",
                    "http://2130706434:" + port + "/",
                    "http://[::ffff:127.0.0.2]:" + port + "/");

            for (String url : urls) {
                DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(URI.create(url)), List.of(SECRET), 1);

                assertThat(attempt.outcome()).as(url).isEqualTo(AttemptOutcome.DESTINATION_BLOCKED);
                assertThat(attempt.error()).as(url).contains("loopback");
                sender.close();
            }
            assertThat(sentinel.sawConnection()).isFalse();
        }
    }

    @Test
    void send_unspecifiedAddress_blockedWithoutReachingLocalListener() throws Exception {
        // Linux connects 0.0.0.0 to the local host, so without the guard this would reach the listener.
        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 200)) {
            URI url = URI.create("http://0.0.0.0:" + receiver.port() + "/hook");

            DeliveryAttempt attempt = sender(List.of()).send(delivery(url), List.of(SECRET), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DESTINATION_BLOCKED);
            assertThat(attempt.error()).contains("unspecified");
            assertThat(receiver.requests).isEmpty();
        }
    }

    @Test
    void send_ipv6Loopback_blockedWithoutConnecting() throws Exception {
        try (SilentListener sentinel = new SilentListener("::1")) {
            URI url = URI.create("http://[::1]:" + sentinel.port() + "/");

            DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(url), List.of(SECRET), 1);

            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DESTINATION_BLOCKED);
            assertThat(sentinel.sawConnection()).isFalse();
        }
    }

    @Test
    void send_oneBlockedAddress_blocksWholeHost() throws Exception {
        Map<String, String> hostToKind = Map.of(
                "mixed-private.test", "private",
                "mixed-metadata.test", "cloud metadata",
                "mixed-cgnat.test", "shared address space",
                "mixed-ula.test", "unique local",
                "mixed-multicast.test", "multicast",
                "mixed-linklocal.test", "link local",
                "mixed-broadcast.test", "broadcast",
                "mixed-unspecified.test", "unspecified",
                "mixed-nat64.test", "cloud metadata");

        try (Receiver receiver = Receiver.start("127.0.0.1", n -> 200)) {
            for (Map.Entry<String, String> entry : hostToKind.entrySet()) {
                URI url = URI.create("http://" + entry.getKey() + ":" + receiver.port() + "/hook");

                DeliveryAttempt attempt = sender(List.of("127.0.0.1/32")).send(delivery(url), List.of(SECRET), 1);

                assertThat(attempt.outcome()).as(entry.getKey()).isEqualTo(AttemptOutcome.DESTINATION_BLOCKED);
                assertThat(attempt.error()).as(entry.getKey()).contains(entry.getValue());
                assertThat(attempt.isPermanentFailure()).isTrue();
                sender.close();
            }
            assertThat(receiver.requests).isEmpty();
        }
    }

    @Test
    void send_metadataHostName_blockedBeforeDns() throws Exception {
        URI url = URI.create("http://metadata.google.internal/computeMetadata/v1/");

        DeliveryAttempt attempt = sender(List.of("0.0.0.0/0")).send(delivery(url), List.of(SECRET), 1);

        assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DESTINATION_BLOCKED);
        assertThat(resolver.lookups).hasValue(0);
    }
}
