package dev.easel.server.api;

import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.store.TaskStore;
import dev.easel.server.worker.WorkerPool;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the service: the store runs a query, the dispatch loop turns, and the worker
 * threads accept work. Included in the {@code readiness} health group.
 */
@Component("easel")
class ServiceHealth implements HealthIndicator {

    private final TaskStore store;
    private final DispatchLoop loop;
    private final WorkerPool workers;

    ServiceHealth(TaskStore store, DispatchLoop loop, WorkerPool workers) {
        this.store = store;
        this.loop = loop;
        this.workers = workers;
    }

    @Override
    public Health health() {
        Health.Builder builder = Health.up();
        try {
            store.ping();
            builder.withDetail("store", "up");
        } catch (RuntimeException e) {
            builder.down().withDetail("store", "down: " + e.getMessage());
        }
        if (!loop.isHealthy()) {
            builder.down();
        }
        builder.withDetail("dispatch", loop.isHealthy() ? "up" : "down");
        builder.withDetail("workers", workers.workers().size());
        builder.withDetail("running_batches", workers.runningBatches());
        builder.withDetail("queued", loop.queuedByTier());
        if (!workers.isAlive() || workers.workers().isEmpty()) {
            builder.down().withDetail("worker_threads", "down");
        }
        return builder.build();
    }
}
