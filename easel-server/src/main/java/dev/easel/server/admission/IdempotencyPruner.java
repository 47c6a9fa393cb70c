package dev.easel.server.admission;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes dead {@code Idempotency-Key} records (older than {@link IdempotencyKeys#WINDOW}) at
 * start and then every {@code interval}, on one daemon thread. A failed run is logged and the
 * next one tries again. Dead records that wait for the next run are harmless: a check ignores
 * them and a new request with the key replaces them.
 */
public final class IdempotencyPruner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPruner.class);

    private final IdempotencyKeys keys;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "easel-idempotency-prune");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts pruning at once and then every {@code interval}. */
    public IdempotencyPruner(IdempotencyKeys keys, Duration interval) {
        this.keys = keys;
        executor.scheduleWithFixedDelay(this::prune, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes the dead records now and returns how many were deleted. */
    public int prune() {
        try {
            int deleted = keys.pruneDead().join();
            if (deleted > 0) {
                log.atInfo().addKeyValue("deleted", deleted).log("dead idempotency keys pruned");
            }
            return deleted;
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("pruning dead idempotency keys failed; the next run retries");
            return 0;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
