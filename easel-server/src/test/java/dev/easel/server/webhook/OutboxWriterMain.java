package dev.easel.server.webhook;

import com.zaxxer.hikari.HikariDataSource;
import dev.easel.server.config.StoreDataSource;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.NewTask;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process that {@link OutboxCrashTest} kills. It runs tasks through the real task store and
 * webhook subscriptions on an SQLite file, from four threads, until it is killed. Every other task
 * has a webhook. The only argument is the SQLite file, already migrated.
 */
public final class OutboxWriterMain {

    private OutboxWriterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        HikariDataSource dataSource = StoreDataSource.open(
                "jdbc:sqlite:" + args[0] + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000", "", "", 4);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JdbcTaskStore store = new JdbcTaskStore(dataSource, 64, size -> { });
        Clock clock = Clock.systemUTC();
        TaskWebhooks webhooks = new TaskWebhooks(jdbc, store, new JdbcWebhookOutbox(jdbc), new TaskEvents(store, 100, Duration.ofMinutes(1)),
                new WebhookPlanner(new ProgressThrottle(clock, Duration.ofMillis(500)), clock),
                new DestinationGuard(List.of(), HostResolver.SYSTEM), clock, new JdbcWebhookSecrets(jdbc));
        TaskWebhook webhook = new TaskWebhook(URI.create("http://127.0.0.1:9/hook"),
                WebhookEventFilter.parse("webhook.events", List.of("queued", "started", "succeeded")));

        AtomicLong sequence = new AtomicLong();
        Runnable worker = () -> {
            while (true) {
                long n = sequence.incrementAndGet();
                String taskId = String.format("tsk_%026d", n);
                store.create(new NewTask(taskId, "alice", "normal", "timed", "1", "txt2img", Map.of("prompt", "crash " + n), 1, 3, 1.0,
                        System.currentTimeMillis(), "accepted")).join();
                if (n % 2 == 0) {
                    webhooks.register(taskId, "alice", webhook);
                }
                store.markRunning(taskId, "local-1", 1, System.currentTimeMillis()).join();
                store.markSucceeded(taskId, 1, System.currentTimeMillis(), List.of(), "done").join();
            }
        };
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(worker, "outbox-writer-" + i);
            thread.start();
        }
        System.out.println("running");
        Thread.currentThread().join();
    }
}
