package dev.easel.server.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.easel.core.task.TaskState;
import dev.easel.server.config.StoreDataSource;
import dev.easel.server.task.IdGenerator;
import dev.easel.server.webhook.JdbcWebhookOutbox;
import dev.easel.server.webhook.WebhookDelivery;
import dev.easel.server.webhook.WebhookEventType;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store writer and the webhook outbox writing one SQLite file at once, on the pool that the
 * server opens ({@link StoreDataSource}) with the default URL parameters.
 *
 * <p>SQLite fails a deferred transaction that read first and then writes with SQLITE_BUSY at once,
 * without waiting for {@code busy_timeout}, when another connection wrote since the read. These
 * tests fail that way unless every transaction on the pool begins with the write lock.
 */
class SqliteWriteContentionTest {

    @TempDir
    Path folder;

    private final IdGenerator ids = new IdGenerator();
    private HikariDataSource dataSource;
    private JdbcTaskStore store;
    private JdbcWebhookOutbox outbox;

    @BeforeEach
    void open() {
        String url = "jdbc:sqlite:" + folder.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000&foreign_keys=true";
        dataSource = StoreDataSource.open(url, "", "", 8);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .load().migrate();
        store = new JdbcTaskStore(dataSource, 512, size -> { });
        outbox = new JdbcWebhookOutbox(new JdbcTemplate(dataSource));
    }

    @AfterEach
    void close() {
        store.close();
        dataSource.close();
    }

    @Test
    void readThenWrite_whileOutboxWrites_commits() throws Exception {
        NewTask task = created();
        String deliveryId = delivery(task);
        CompletableFuture<Boolean> replay = new CompletableFuture<>();

        CompletableFuture<Integer> written = store.write(connection -> {
            try (PreparedStatement read = connection.prepareStatement("SELECT status FROM tasks WHERE id = ?")) {
                read.setString(1, task.id());
                try (ResultSet rows = read.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                }
            }
            // Another pooled connection writes between this transaction's read and its write.
            CompletableFuture.runAsync(() -> {
                try {
                    replay.complete(outbox.replay(deliveryId, Instant.now()));
                } catch (RuntimeException e) {
                    replay.completeExceptionally(e);
                }
            });
            try {
                replay.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException | InterruptedException e) {
                // The replay waits for this transaction's write lock (busy_timeout) and runs after the commit.
            }
            try (PreparedStatement write = connection.prepareStatement("UPDATE tasks SET reason = 'read, then written' WHERE id = ?")) {
                write.setString(1, task.id());
                return write.executeUpdate();
            }
        });

        assertThat(written.get(15, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(replay.get(15, TimeUnit.SECONDS)).isTrue();
        assertThat(store.findTask(task.id()).orElseThrow().reason()).isEqualTo("read, then written");
    }

    @Test
    void taskTransitions_duringReplaysAndClaims_allCommit() throws Exception {
        List<NewTask> created = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            created.add(created());
        }
        String deliveryId = delivery(created.get(0));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(7);
        List<CompletableFuture<Void>> outboxWriters = new ArrayList<>();
        // Admin replays and the dispatcher's claims: autocommit statements on other pooled connections.
        for (int i = 0; i < 3; i++) {
            boolean claims = i == 0;
            outboxWriters.add(CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    if (claims) {
                        outbox.claimDue(Instant.now(), 4, Duration.ofMillis(1));
                    } else {
                        outbox.replay(deliveryId, Instant.now());
                    }
                }
            }, threads));
        }

        // Four dispatch threads start and end tasks one at a time, so that most store transactions
        // hold a few writes and begin with the read of a compare-and-set.
        Queue<NewTask> left = new ConcurrentLinkedQueue<>(created);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> dispatchers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                dispatchers.add(CompletableFuture.runAsync(() -> runLifecycles(left, failures), threads));
            }
            CompletableFuture.allOf(dispatchers.toArray(CompletableFuture[]::new)).get(25, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            CompletableFuture.allOf(outboxWriters.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            threads.shutdown();
        }

        assertThat(failures).as("store writes that failed").isEmpty();
        for (NewTask task : created) {
            assertThat(store.findTask(task.id()).orElseThrow().status()).as(task.id()).isEqualTo(TaskState.FAILED);
        }
    }

    private void runLifecycles(Queue<NewTask> left, Queue<String> failures) {
        for (NewTask task = left.poll(); task != null; task = left.poll()) {
            long at = System.currentTimeMillis();
            try {
                store.startRunning(task.id(), "local-1", 1, at).join();
                store.finishFrom(task.id(), EnumSet.of(TaskState.RUNNING), 1, TaskState.FAILED, at + 1, "stopped by the test").join();
            } catch (CompletionException e) {
                failures.add(task.id() + ": " + e.getCause());
            }
        }
    }

    private NewTask created() {
        NewTask task = newTask();
        store.create(task).join();
        return task;
    }

    private NewTask newTask() {
        return new NewTask(ids.next("tsk"), "alice", "normal", "timed", "1", "txt2img", Map.of("prompt", "a fox", "steps", 4),
                1, 3, 2.5, System.currentTimeMillis(), "accepted");
    }

    private String delivery(NewTask task) {
        String id = ids.next("dlv");
        outbox.add(new WebhookDelivery(id, task.id(), task.user(), URI.create("http://127.0.0.1:9/hook"), WebhookEventType.QUEUED,
                "{}".getBytes(StandardCharsets.UTF_8), 0, Instant.now()), Instant.now());
        return id;
    }
}
