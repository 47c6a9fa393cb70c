package dev.easel.server.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook settings under {@code easel.webhooks} in {@code application.yaml}; every one can be
 * overridden by an environment variable ({@code EASEL_WEBHOOKS_ALLOWLIST=127.0.0.1/32}).
 * A missing value takes the default named on its accessor.
 *
 * @param allowlist       CIDR ranges that webhooks may reach although the SSRF guard blocks them
 *                        by default (loopback, private, link-local...); default none
 * @param connectTimeout  default 5 s
 * @param responseTimeout default 15 s
 * @param attemptTimeout  default 20 s
 * @param maxConnections  default 64
 * @param retry           backoff and budget; default 5 s doubling to 1 h, for 24 h
 * @param pollInterval    how often the outbox is polled; default 500 ms
 * @param concurrency     attempts in flight at once; default 16
 * @param progressInterval minimum time between two progress events of one task; default 500 ms
 */
@ConfigurationProperties("easel.webhooks")
public record WebhookProperties(
        List<String> allowlist,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration attemptTimeout,
        Integer maxConnections,
        Retry retry,
        Duration pollInterval,
        Integer concurrency,
        Duration progressInterval) {

    /**
     * @param initialDelay ceiling of the first retry's wait; default 5 s
     * @param maxDelay     ceiling of any wait; default 1 h
     * @param budget       how long retries go on; default 24 h
     * @param maxAttempts  attempts at most; default unlimited within the budget
     */
    public record Retry(Duration initialDelay, Duration maxDelay, Duration budget, Integer maxAttempts) {
    }

    public WebhookProperties {
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        WebhookSenderSettings sender = WebhookSenderSettings.DEFAULT;
        connectTimeout = Objects.requireNonNullElse(connectTimeout, sender.connectTimeout());
        responseTimeout = Objects.requireNonNullElse(responseTimeout, sender.responseTimeout());
        attemptTimeout = Objects.requireNonNullElse(attemptTimeout, sender.attemptTimeout());
        maxConnections = Objects.requireNonNullElse(maxConnections, sender.maxConnections());
        retry = Objects.requireNonNullElse(retry, new Retry(null, null, null, null));
        pollInterval = Objects.requireNonNullElse(pollInterval, Duration.ofMillis(500));
        concurrency = Objects.requireNonNullElse(concurrency, 16);
        progressInterval = Objects.requireNonNullElse(progressInterval, ProgressThrottle.DEFAULT_INTERVAL);
    }

    /** Returns the allowlist parsed; throws naming the first entry that is not a CIDR. */
    public List<Cidr> allowlistRanges() {
        return allowlist.stream().map(entry -> {
            try {
                return Cidr.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("easel.webhooks.allowlist: " + e.getMessage(), e);
            }
        }).toList();
    }

    /** Returns the sender settings these properties describe. */
    public WebhookSenderSettings senderSettings() {
        return new WebhookSenderSettings(connectTimeout, responseTimeout, attemptTimeout, maxConnections,
                WebhookSenderSettings.DEFAULT.userAgent());
    }

    /** Returns the retry schedule these properties describe. */
    public RetrySchedule retrySchedule() {
        RetrySchedule defaults = RetrySchedule.DEFAULT;
        return new RetrySchedule(
                Objects.requireNonNullElse(retry.initialDelay(), defaults.initialDelay()),
                Objects.requireNonNullElse(retry.maxDelay(), defaults.maxDelay()),
                Objects.requireNonNullElse(retry.budget(), defaults.budget()),
                Objects.requireNonNullElse(retry.maxAttempts(), defaults.maxAttempts()));
    }

    /** Returns the dispatcher settings, with a claim lease of the attempt timeout plus 30 s. */
    public WebhookDispatcher.Settings dispatcherSettings() {
        return new WebhookDispatcher.Settings(pollInterval, concurrency, attemptTimeout.plusSeconds(30));
    }
}
