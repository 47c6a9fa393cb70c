package dev.easel.server.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one signed delivery attempt and reports how it ended. It never throws for a receiver's
 * failure: every outcome, including a timeout or a blocked destination, becomes a
 * {@link DeliveryAttempt} to store.
 *
 * <p>Implementation notes: the client is Apache HttpClient 5 rather than {@code java.net.http}
 * because only it lets the caller replace DNS resolution ({@link GuardedDnsResolver}); that hook
 * is what pins the connection to the addresses the {@link DestinationGuard} checked, while TLS
 * still verifies the certificate against the host name. The client follows no redirect, retries
 * nothing by itself, keeps no cookies and ignores the JVM's proxy settings (a proxy would connect
 * on its own terms and bypass the guard). A timer cancels an attempt that runs past
 * {@link WebhookSenderSettings#attemptTimeout()}. Only the status and headers matter: a response
 * body of unknown or large size is never read (see {@link #release}).
 *
 * <p>Thread-safe; one instance serves every dispatcher thread. Close it to release connections.
 */
public final class WebhookHttpSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookHttpSender.class);

    /** Largest response body read to keep a connection for reuse, in bytes. */
    private static final long MAX_DRAINED_BODY = 16 * 1024;

    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;
    private final WebhookSenderSettings settings;
    private final Clock clock;

    public WebhookHttpSender(DestinationGuard guard, WebhookSenderSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = buildClient(Objects.requireNonNull(guard, "guard"), settings);
        this.deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Signs and sends one attempt of the delivery.
     *
     * @param delivery      what to send; its id and body are the same on every attempt
     * @param secrets       the owner's secrets, current first; empty gives a {@code NOT_SENT} attempt
     * @param attemptNumber 1 for the first attempt
     */
    public DeliveryAttempt send(WebhookDelivery delivery, List<WebhookSecret> secrets, int attemptNumber) {
        Instant startedAt = clock.instant();
        long startNanos = System.nanoTime();
        if (secrets.isEmpty()) {
            return new DeliveryAttempt(delivery.id(), attemptNumber, startedAt, Duration.ZERO, AttemptOutcome.NOT_SENT,
                    null, "no webhook secret exists for user " + delivery.userId(), null);
        }

        HttpPost post;
        try {
            post = signedPost(delivery, secrets, startedAt);
        } catch (IllegalArgumentException e) {
            // A stored URL the client cannot use, such as one with a port outside 1-65535 that was
            // stored before submit checked ports. It is recorded as an attempt, so the user sees why.
            log.warn("Webhook request could not be built delivery_id={} task_id={} error={}", delivery.id(), delivery.taskId(),
                    describe(e));
            return new DeliveryAttempt(delivery.id(), attemptNumber, startedAt, Duration.ofNanos(System.nanoTime() - startNanos),
                    AttemptOutcome.CONNECTION_FAILED, null, "request could not be sent: " + describe(e), null);
        }
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            deadlinePassed.set(true);
            post.cancel();
        }, settings.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS);

        AttemptResult result;
        try {
            ClassicHttpResponse response = client.executeOpen(null, post, null);
            result = classify(response);
            release(post, response);
        } catch (IOException e) {
            result = classify(e, deadlinePassed.get());
        } catch (RuntimeException e) {
            // A URL the client cannot use (for example a stored value that no longer parses); recorded so the budget ends it.
            log.warn("Webhook request could not be sent delivery_id={} task_id={} error={}", delivery.id(), delivery.taskId(),
                    describe(e));
            result = new AttemptResult(AttemptOutcome.CONNECTION_FAILED, null, "request could not be sent: " + describe(e), null);
        } finally {
            deadline.cancel(false);
        }

        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        log.debug("Webhook attempt finished delivery_id={} task_id={} attempt={} outcome={} status={} duration_ms={}",
                delivery.id(), delivery.taskId(), attemptNumber, result.outcome().wireName(), result.statusCode(),
                duration.toMillis());
        return new DeliveryAttempt(delivery.id(), attemptNumber, startedAt, duration, result.outcome(),
                result.statusCode(), result.error(), result.retryAfter());
    }

    /**
     * Closes the response once its status is known. A small body of known length is read so the
     * connection can be reused; any other body is not read at all: the request is aborted, which
     * drops the connection, so a receiver streaming an endless body cannot hold the attempt.
     */
    private static void release(HttpPost post, ClassicHttpResponse response) {
        HttpEntity entity = response.getEntity();
        boolean smallBody = entity == null || (entity.getContentLength() >= 0 && entity.getContentLength() <= MAX_DRAINED_BODY);
        if (!smallBody) {
            post.cancel();
        }
        try {
            response.close();
        } catch (IOException e) {
            // The status is already known; a failure while discarding the body does not change it.
            log.debug("Webhook response close failed after the status was read", e);
        }
    }

    private HttpPost signedPost(WebhookDelivery delivery, List<WebhookSecret> secrets, Instant startedAt) {
        SignedHeaders headers = WebhookSigner.sign(delivery.id(), startedAt.getEpochSecond(), delivery.body(), secrets);
        HttpPost post = new HttpPost(delivery.url());
        post.setHeader(SignedHeaders.ID, headers.id());
        post.setHeader(SignedHeaders.TIMESTAMP, Long.toString(headers.timestamp()));
        post.setHeader(SignedHeaders.SIGNATURE, headers.signature());
        post.setHeader(HttpHeaders.USER_AGENT, settings.userAgent());
        post.setEntity(new ByteArrayEntity(delivery.body(), ContentType.APPLICATION_JSON));
        return post;
    }

    private record AttemptResult(AttemptOutcome outcome, Integer statusCode, String error, Long retryAfter) {
    }

    private static AttemptResult classify(ClassicHttpResponse response) {
        int status = response.getCode();
        Long retryAfter = RetryAfterHeader.parseSeconds(response.getFirstHeader(HttpHeaders.RETRY_AFTER));
        if (status >= 200 && status < 300) {
            return new AttemptResult(AttemptOutcome.DELIVERED, status, null, null);
        }
        if (status >= 300 && status < 400) {
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            String target = location == null ? "no Location header" : "Location " + location.getValue();
            return new AttemptResult(AttemptOutcome.REDIRECT, status,
                    "receiver answered " + status + " (" + target + "); redirects are not followed, so update the webhook URL",
                    retryAfter);
        }
        return new AttemptResult(AttemptOutcome.HTTP_ERROR, status, "receiver answered " + status, retryAfter);
    }

    private AttemptResult classify(IOException failure, boolean deadlinePassed) {
        BlockedDestinationException blocked = findCause(failure, BlockedDestinationException.class);
        if (blocked != null) {
            log.warn("Webhook destination blocked host={} kind={}", blocked.host(), blocked.kind().wireName());
            return new AttemptResult(AttemptOutcome.DESTINATION_BLOCKED, null, blocked.getMessage(), null);
        }
        if (deadlinePassed) {
            return new AttemptResult(AttemptOutcome.TIMEOUT, null,
                    "attempt timed out after " + settings.attemptTimeout().toMillis() + " ms", null);
        }
        if (failure instanceof InterruptedIOException) {
            return new AttemptResult(AttemptOutcome.TIMEOUT, null, "timed out: " + describe(failure), null);
        }
        return new AttemptResult(AttemptOutcome.CONNECTION_FAILED, null, describe(failure), null);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static CloseableHttpClient buildClient(DestinationGuard guard, WebhookSenderSettings settings) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                .build();
        RequestConfig request = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .setRedirectsEnabled(false)
                .build();

        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(guard))
                        .setDefaultConnectionConfig(connection)
                        .setMaxConnTotal(settings.maxConnections())
                        .setMaxConnPerRoute(Math.max(1, settings.maxConnections() / 8))
                        .build())
                .setDefaultRequestConfig(request)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
