package dev.easel.server.dispatch;

import dev.easel.core.task.TaskState;
import dev.easel.engine.ModelInfo;
import dev.easel.server.EaselServerApplication;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.NewTask;
import dev.easel.server.store.TaskDeadlines;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TransitionRecord;
import dev.easel.server.support.Http;
import dev.easel.server.worker.BackendRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job whose start write is in flight when the dispatch loop stops never reaches a worker, so the
 * worker pool's shutdown does not see it. The loop's stop puts it back in the queue with its
 * attempt given back, instead of leaving it running in the store, where the next start would count
 * a crashed attempt. The test blocks the store's writer thread so that the start write waits until the
 * loop has stopped.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class StopBeforeLaunchTest {

    static final Path DATA = temporaryFolder();

    @Autowired
    JdbcTaskStore store;

    @Autowired
    DispatchLoop loop;

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
    void stopDuringStartWrite_requeuesWithoutAttempt() throws Exception {
        ModelInfo info = backends.find("timed").orElseThrow().info();
        String taskId = "tsk_" + UUID.randomUUID().toString().replace("-", "");
        store.create(new NewTask(taskId, "user-" + UUID.randomUUID(), loop.tierNames().get(0), info.id(), info.version(),
                "txt2img", Map.of("prompt", "stopped before its launch", "steps", 3), 1, 3, 1.0,
                System.currentTimeMillis(), "accepted", TaskDeadlines.NONE, null)).join();
        JobTicket ticket = JobTicket.of(store.findTask(taskId).orElseThrow());

        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch releaseWriter = new CountDownLatch(1);
        try {
            store.write(connection -> {
                writerHeld.countDown();
                try {
                    return releaseWriter.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            assertThat(writerHeld.await(10, TimeUnit.SECONDS)).isTrue();

            // The loop dispatches the job at once; its start write waits behind the held writer.
            loop.admit(ticket.job()).get(10, TimeUnit.SECONDS);
            DispatchLoop.Placement placement = loop.enqueue(ticket).get(10, TimeUnit.SECONDS);
            assertThat(placement.dispatched()).isTrue();

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(loop::stop);
            Thread.sleep(500);
            assertThat(loop.isHealthy()).isFalse();
            releaseWriter.countDown();
            stopped.get(20, TimeUnit.SECONDS);
        } finally {
            releaseWriter.countDown();
        }

        TaskRecord task = store.findTask(taskId).orElseThrow();
        assertThat(task.status()).isEqualTo(TaskState.QUEUED);
        assertThat(task.attempts()).isZero();
        assertThat(task.reason()).contains("the attempt is not counted");
        assertThat(store.timeline(taskId)).extracting(TransitionRecord::to).endsWith(TaskState.RUNNING, TaskState.QUEUED);
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-stop-before-launch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
