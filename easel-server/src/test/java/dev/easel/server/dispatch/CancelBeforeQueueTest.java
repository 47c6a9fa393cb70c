package dev.easel.server.dispatch;

import dev.easel.core.task.TaskState;
import dev.easel.engine.ModelInfo;
import dev.easel.server.EaselServerApplication;
import dev.easel.server.store.NewTask;
import dev.easel.server.store.TaskDeadlines;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.support.Http;
import dev.easel.server.task.JobLifecycle;
import dev.easel.server.task.SubmittedTask;
import dev.easel.server.task.TaskService;
import dev.easel.server.worker.BackendRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cancel still ends a stored, unfinished task canceled when it reaches the dispatch loop before
 * the task's job does. The windows are after the create write and before the enqueue, and after a
 * retry write and before the retry is posted. Each test runs the real store and loop and sends
 * the cancel inside its window, so the order is fixed.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CancelBeforeQueueTest {

    static final Path DATA = temporaryFolder();

    @Autowired
    TaskService tasks;

    @Autowired
    TaskStore store;

    @Autowired
    DispatchLoop loop;

    @Autowired
    JobLifecycle lifecycle;

    @Autowired
    BackendRegistry backends;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.count", () -> "1");
        registry.add("easel.workers.backends", () -> "timed");
        registry.add("easel.backends.timed.step-time", () -> "20ms");
    }

    @Test
    void cancelBeforeEnqueue_endsCanceled() throws Exception {
        ModelInfo info = backends.find("timed").orElseThrow().info();
        String user = "user-" + UUID.randomUUID();
        String taskId = "tsk_" + UUID.randomUUID().toString().replace("-", "");
        AtomicReference<TaskService.CancelResult> cancel = new AtomicReference<>();

        // The create step writes the task and cancels it before submitPrepared queues it.
        SubmittedTask submitted = tasks.submitPrepared(user, loop.tierNames().get(0), taskId, info, "txt2img",
                Map.of("prompt", "canceled before its enqueue", "steps", 3), task -> {
                    store.create(task).join();
                    cancel.set(tasks.cancel(user, taskId));
                    return CompletableFuture.completedFuture(null);
                });

        assertThat(submitted.task().id()).isEqualTo(taskId);
        assertThat(cancel.get().stopping()).isTrue();
        assertThat(cancel.get().task().status()).isEqualTo(TaskState.QUEUED);
        TaskRecord ended = awaitFinished(taskId);
        assertThat(ended.status()).isEqualTo(TaskState.CANCELED);
        assertThat(ended.attempts()).isZero();
        assertThat(ended.reason()).startsWith("canceled by the user");
        assertThat(store.outputsOf(taskId)).isEmpty();
        assertThat(loop.queuedByTier().values()).allMatch(queued -> queued == 0);
    }

    @Test
    void cancelBeforeRetryIsPosted_endsCanceled() throws Exception {
        ModelInfo info = backends.find("timed").orElseThrow().info();
        String user = "user-" + UUID.randomUUID();
        String taskId = "tsk_" + UUID.randomUUID().toString().replace("-", "");
        long now = System.currentTimeMillis();
        store.create(new NewTask(taskId, user, loop.tierNames().get(0), info.id(), info.version(), "txt2img",
                Map.of("prompt", "canceled before its retry is posted", "steps", 3), 1, 3, 1.0, now, "accepted",
                TaskDeadlines.NONE, null)).join();

        // What a worker does when an attempt fails: the first attempt starts and fails with a
        // retry written to the store. The cancel comes before the worker posts the retry.
        assertThat(store.startRunning(taskId, "worker-0", 1, now).join()).isEqualTo(TaskState.QUEUED);
        JobTicket ticket = JobTicket.of(store.findTask(taskId).orElseThrow());
        OptionalLong due = lifecycle.fail(ticket, "simulated failure", true, now, "worker-0");
        assertThat(due).isPresent();
        TaskService.CancelResult cancel = tasks.cancel(user, taskId);
        loop.retryLater(ticket, due);

        assertThat(cancel.stopping()).isTrue();
        assertThat(cancel.task().status()).isEqualTo(TaskState.RETRYING);
        TaskRecord ended = awaitFinished(taskId);
        assertThat(ended.status()).isEqualTo(TaskState.CANCELED);
        assertThat(ended.attempts()).isEqualTo(1);
        // A retry still held by the loop would start once its backoff passes.
        Thread.sleep(Math.max(0, due.getAsLong() - System.currentTimeMillis()) + 1_000);
        assertThat(store.findTask(taskId).orElseThrow().status()).isEqualTo(TaskState.CANCELED);
        assertThat(store.outputsOf(taskId)).isEmpty();
    }

    private TaskRecord awaitFinished(String taskId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.findTask(taskId).orElseThrow().status().isTerminal());
        return store.findTask(taskId).orElseThrow();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-cancel-before-queue");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
