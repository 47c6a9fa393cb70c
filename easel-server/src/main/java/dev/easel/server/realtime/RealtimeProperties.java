package dev.easel.server.realtime;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the realtime lane under {@code easel.realtime}.
 *
 * @param workers     in-process workers in the scheduler's {@code realtime} pool, which only the
 *                    {@code realtime} tier may use
 * @param models      model ids those workers host, for example {@code isnet}; a model that no
 *                    back end serves is left out
 * @param maxInFlight {@code POST /v1/run} calls served at once: the realtime workers' capacity
 *                    plus a small queue bound; a call beyond it gets 429 at once
 * @param timeout     how long a call waits for its task before it answers 504 and cancels it
 */
@ConfigurationProperties("easel.realtime")
public record RealtimeProperties(Integer workers, List<String> models, Integer maxInFlight, Duration timeout) {

    public RealtimeProperties {
        workers = workers == null ? 1 : workers;
        models = models == null ? List.of("isnet") : List.copyOf(models);
        maxInFlight = maxInFlight == null ? 4 : maxInFlight;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        if (workers < 0 || maxInFlight < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("easel.realtime needs workers >= 0, max-in-flight >= 1 and a positive timeout; was "
                    + workers + ", " + maxInFlight + ", " + timeout);
        }
    }
}
