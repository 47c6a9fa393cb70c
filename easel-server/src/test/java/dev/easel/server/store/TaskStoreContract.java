package dev.easel.server.store;

import dev.easel.core.task.TaskState;
import dev.easel.engine.Recipe;
import dev.easel.server.admission.IdempotencyKeyTakenException;
import dev.easel.server.admission.IdempotencyKeys;
import dev.easel.server.admission.IdempotencyRecord;
import dev.easel.server.task.IdGenerator;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link TaskStore} meets, run against each database by a subclass that
 * supplies a fresh, empty data source.
 */
abstract class TaskStoreContract {

    private final IdGenerator ids = new IdGenerator();
    private final ConcurrentLinkedQueue<Integer> groupSizes = new ConcurrentLinkedQueue<>();
    private JdbcTaskStore store;

    /** Returns a data source on a new, empty database. */
    abstract DataSource newDataSource() throws Exception;

    /** Returns the Flyway vendor folder of the database. */
    abstract String vendor();

    @BeforeEach
    void openStore() throws Exception {
        DataSource dataSource = newDataSource();
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor())
                .load().migrate();
        store = new JdbcTaskStore(dataSource, 512, groupSizes::add);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void countWaiting_countsOneUsersTierUpToBound() {
        NewTask running = created("alice");
        created("alice");
        created("alice");
        created("bob");
        store.markRunning(running.id(), "local-1", 1, System.currentTimeMillis()).join();

        assertThat(store.countWaiting("alice", "normal", 10)).isEqualTo(2);
        assertThat(store.countWaiting("alice", "normal", 1)).isEqualTo(1);
        assertThat(store.countWaiting("alice", "low", 10)).isZero();
        assertThat(store.countWaiting("bob", "normal", 10)).isEqualTo(1);
    }

    @Test
    void create_storesQueuedTaskWithFirstTransition() {
        NewTask task = newTask("alice", 1_000);

        store.create(task).join();

        TaskRecord found = store.findTask(task.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(TaskState.QUEUED);
        assertThat(found.user()).isEqualTo("alice");
        assertThat(found.params()).containsEntry("prompt", "a fox").containsEntry("steps", 4);
        assertThat(found.attempts()).isZero();
        assertThat(found.queuedAt()).isEqualTo(1_000);
        assertThat(found.estimatedCostSeconds()).isEqualTo(2.5);
        List<TransitionRecord> timeline = store.timeline(task.id());
        assertThat(timeline).hasSize(1);
        assertThat(timeline.get(0).from()).isNull();
        assertThat(timeline.get(0).to()).isEqualTo(TaskState.QUEUED);
        assertThat(timeline.get(0).reason()).isEqualTo("accepted");
    }

    @Test
    void findTask_unknownId_isEmpty() {
        assertThat(store.findTask("tsk_missing")).isEmpty();
    }

    @Test
    void markRunning_countsAttemptAndRecordsWorker() {
        NewTask task = created("alice");

        assertThat(store.markRunning(task.id(), "w1", 1, 2_000).join()).isTrue();

        TaskRecord running = store.findTask(task.id()).orElseThrow();
        assertThat(running.status()).isEqualTo(TaskState.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.workerId()).isEqualTo("w1");
        assertThat(running.startedAt()).isEqualTo(2_000);
        assertThat(store.timeline(task.id())).extracting(TransitionRecord::to).containsExactly(TaskState.QUEUED, TaskState.RUNNING);
    }

    @Test
    void markRunning_twice_secondLoses() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();

        assertThat(store.markRunning(task.id(), "w2", 1, 2_001).join()).isFalse();
        assertThat(store.findTask(task.id()).orElseThrow().workerId()).isEqualTo("w1");
    }

    @Test
    void markSucceeded_storesOutputsInTheSameTransaction() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();

        OutputRecord output = output(task, 0);
        assertThat(store.markSucceeded(task.id(), 1, 3_000, List.of(output), "done").join()).isTrue();

        TaskRecord done = store.findTask(task.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.finishedAt()).isEqualTo(3_000);
        List<OutputRecord> outputs = store.outputsOf(task.id());
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).recipe()).isEqualTo(output.recipe());
        assertThat(store.findOutput(output.id())).contains(outputs.get(0));
    }

    @Test
    void markSucceeded_staleAttempt_changesNothing() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();
        store.markRetrying(task.id(), 1, 2_500, 2_600, "worker crashed").join();
        store.markRunning(task.id(), "w2", 2, 2_700).join();

        assertThat(store.markSucceeded(task.id(), 1, 3_000, List.of(output(task, 0)), "late").join()).isFalse();

        assertThat(store.findTask(task.id()).orElseThrow().status()).isEqualTo(TaskState.RUNNING);
        assertThat(store.outputsOf(task.id())).isEmpty();
    }

    @Test
    void terminalState_neverChangesAgain() {
        NewTask task = created("alice");
        Set<TaskState> any = EnumSet.of(TaskState.QUEUED, TaskState.RUNNING, TaskState.RETRYING);
        assertThat(store.markFinished(task.id(), any, null, TaskState.CANCELED, 2_000, "canceled by the user").join()).isTrue();

        assertThat(store.markRunning(task.id(), "w1", 1, 2_100).join()).isFalse();
        assertThat(store.markFinished(task.id(), any, null, TaskState.FAILED, 2_200, "late").join()).isFalse();
        assertThat(store.markSucceeded(task.id(), 0, 2_300, List.of(), "late").join()).isFalse();

        TaskRecord found = store.findTask(task.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(TaskState.CANCELED);
        assertThat(found.reason()).isEqualTo("canceled by the user");
        assertThat(store.timeline(task.id())).extracting(TransitionRecord::to).containsExactly(TaskState.QUEUED, TaskState.CANCELED);
    }

    @Test
    void markFinished_succeededTarget_isRejected() {
        NewTask task = created("alice");
        assertThatThrownBy(() -> store.markFinished(task.id(), Set.of(TaskState.RUNNING), null, TaskState.SUCCEEDED, 1, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retry_recordsNextAttemptAndKeepsCount() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();

        assertThat(store.markRetrying(task.id(), 1, 2_500, 4_500, "worker crashed").join()).isTrue();

        TaskRecord retrying = store.findTask(task.id()).orElseThrow();
        assertThat(retrying.status()).isEqualTo(TaskState.RETRYING);
        assertThat(retrying.nextAttemptAt()).isEqualTo(4_500);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(store.markRunning(task.id(), "w1", 2, 4_600).join()).isTrue();
        assertThat(store.findTask(task.id()).orElseThrow().attempts()).isEqualTo(2);
        assertThat(store.timeline(task.id())).extracting(TransitionRecord::attempt).containsExactly(0, 1, 1, 2);
    }

    @Test
    void markUnavailable_givesAttemptBackAndStoresOutageStart() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();

        assertThat(store.markUnavailable(task.id(), 1, 2_500, 3_500, 2_500, "back end unavailable").join()).isTrue();

        TaskRecord waiting = store.findTask(task.id()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(TaskState.RETRYING);
        assertThat(waiting.attempts()).isZero();
        assertThat(waiting.nextAttemptAt()).isEqualTo(3_500);
        assertThat(waiting.workerId()).isNull();
        assertThat(waiting.reason()).isEqualTo("back end unavailable");
        assertThat(store.unavailableSince(task.id())).contains(2_500L);
        assertThat(store.jobsOf(task.id())).extracting(JdbcTaskStore.JobRow::attempts).containsExactly(0);
        assertThat(store.timeline(task.id())).extracting(TransitionRecord::to)
                .containsExactly(TaskState.QUEUED, TaskState.RUNNING, TaskState.RETRYING);
    }

    @Test
    void markUnavailable_again_keepsGivenOutageStart() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();
        store.markUnavailable(task.id(), 1, 2_500, 3_500, 2_500, "back end unavailable").join();

        assertThat(store.markRunning(task.id(), "w1", 1, 3_600).join()).isTrue();
        assertThat(store.unavailableSince(task.id())).as("kept while the job runs again").contains(2_500L);
        assertThat(store.markUnavailable(task.id(), 1, 4_000, 6_000, 2_500, "back end unavailable").join()).isTrue();

        assertThat(store.findTask(task.id()).orElseThrow().attempts()).isZero();
        assertThat(store.unavailableSince(task.id())).contains(2_500L);
    }

    @Test
    void markUnavailable_staleAttempt_changesNothing() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();

        assertThat(store.markUnavailable(task.id(), 2, 2_500, 3_500, 2_500, "back end unavailable").join()).isFalse();

        assertThat(store.findTask(task.id()).orElseThrow().status()).isEqualTo(TaskState.RUNNING);
        assertThat(store.unavailableSince(task.id())).isEmpty();
    }

    @Test
    void markRetrying_afterUnavailable_clearsOutageStart() {
        NewTask task = created("alice");
        store.markRunning(task.id(), "w1", 1, 2_000).join();
        store.markUnavailable(task.id(), 1, 2_500, 3_500, 2_500, "back end unavailable").join();
        store.markRunning(task.id(), "w1", 1, 3_600).join();

        assertThat(store.markRetrying(task.id(), 1, 4_000, 5_000, "worker crashed").join()).isTrue();

        assertThat(store.findTask(task.id()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(store.unavailableSince(task.id())).isEmpty();
    }

    @Test
    void unavailableSince_unknownTask_isEmpty() {
        assertThat(store.unavailableSince("tsk_unknown")).isEmpty();
    }

    @Test
    void requestCancel_onlyMarksRunningTasks() {
        NewTask queued = created("alice");
        NewTask running = created("alice");
        store.markRunning(running.id(), "w1", 1, 2_000).join();

        assertThat(store.requestCancel(queued.id(), 3_000).join()).isFalse();
        assertThat(store.requestCancel(running.id(), 3_000).join()).isTrue();

        assertThat(store.findTask(queued.id()).orElseThrow().cancelRequestedAt()).isNull();
        assertThat(store.findTask(running.id()).orElseThrow().cancelRequestedAt()).isEqualTo(3_000);
    }

    @Test
    void listTasks_newestFirst_filteredAndPaged() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(created("alice").id());
        }
        created("bob");
        store.markRunning(created.get(1), "w1", 1, 2_000).join();

        TaskPage first = store.listTasks("alice", Set.of(), null, 2);
        TaskPage second = store.listTasks("alice", Set.of(), first.nextCursor(), 2);
        TaskPage third = store.listTasks("alice", Set.of(), second.nextCursor(), 2);

        assertThat(first.items()).extracting(TaskRecord::id).containsExactly(created.get(4), created.get(3));
        assertThat(second.items()).extracting(TaskRecord::id).containsExactly(created.get(2), created.get(1));
        assertThat(third.items()).extracting(TaskRecord::id).containsExactly(created.get(0));
        assertThat(third.nextCursor()).isNull();
        assertThat(store.listTasks("alice", Set.of(TaskState.RUNNING), null, 10).items())
                .extracting(TaskRecord::id).containsExactly(created.get(1));
        assertThat(store.listTasks("carol", Set.of(), null, 10).items()).isEmpty();
    }

    @Test
    void unfinishedTasks_leavesOutTerminalOnes() {
        NewTask queued = created("alice");
        NewTask running = created("alice");
        NewTask canceled = created("alice");
        store.markRunning(running.id(), "w1", 1, 2_000).join();
        store.markFinished(canceled.id(), Set.of(TaskState.QUEUED), null, TaskState.CANCELED, 2_000, "canceled").join();

        assertThat(store.unfinishedTasks()).extracting(TaskRecord::id).containsExactly(queued.id(), running.id());
    }

    @Test
    void concurrentCreates_allDurable_groupedIntoFewerCommits() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<String> idsCreated = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            NewTask task = newTask("user-" + (i % 7), 1_000 + i);
            idsCreated.add(task.id());
            writes.add(CompletableFuture.supplyAsync(() -> store.create(task), threads).thenCompose(f -> f));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        threads.shutdown();

        for (String id : idsCreated) {
            assertThat(store.findTask(id)).as("task %s", id).isPresent();
        }
        int commits = groupSizes.size();
        int writesCommitted = groupSizes.stream().mapToInt(Integer::intValue).sum();
        assertThat(writesCommitted).isEqualTo(400);
        assertThat(commits).as("commits for 400 concurrent creates").isLessThan(400);
    }

    @Test
    void failingWrite_failsAlone_withinItsGroup() {
        NewTask first = newTask("alice", 1_000);
        NewTask duplicate = first;
        NewTask other = newTask("alice", 1_001);

        CompletableFuture<Void> a = store.create(first);
        CompletableFuture<Void> b = store.create(duplicate);
        CompletableFuture<Void> c = store.create(other);

        a.join();
        assertThatThrownBy(b::join).hasRootCauseInstanceOf(java.sql.SQLException.class);
        c.join();
        assertThat(store.findTask(other.id())).isPresent();
    }

    // ---------------------------------------------------------------- idempotency keys and deadlines

    @Test
    void idempotencyKey_storedWithTask_isFound() {
        NewTask task = withTerms(newTask("alice", 5_000), TaskDeadlines.NONE, key("alice", "k-1", 5_000));

        store.create(task).join();

        IdempotencyRecord found = store.find("alice", "k-1").orElseThrow();
        assertThat(found.taskId()).isEqualTo(task.id());
        assertThat(found.bodyHash()).isEqualTo("hash-k-1");
        assertThat(found.createdAt().toEpochMilli()).isEqualTo(5_000);
        assertThat(store.find("bob", "k-1")).isEmpty();
    }

    @Test
    void idempotencyKey_liveDuplicate_isRejected() {
        NewTask first = withTerms(newTask("alice", 5_000), TaskDeadlines.NONE, key("alice", "k-1", 5_000));
        NewTask second = withTerms(newTask("alice", 6_000), TaskDeadlines.NONE, key("alice", "k-1", 6_000));
        store.create(first).join();

        assertThatThrownBy(() -> store.create(second).join()).hasRootCauseInstanceOf(IdempotencyKeyTakenException.class);

        assertThat(store.findTask(second.id())).isEmpty();
        assertThat(store.find("alice", "k-1").orElseThrow().taskId()).isEqualTo(first.id());
    }

    @Test
    void idempotencyKey_sameKeyOtherUser_isIndependent() {
        NewTask alice = withTerms(newTask("alice", 5_000), TaskDeadlines.NONE, key("alice", "k-1", 5_000));
        NewTask bob = withTerms(newTask("bob", 5_000), TaskDeadlines.NONE, key("bob", "k-1", 5_000));

        store.create(alice).join();
        store.create(bob).join();

        assertThat(store.find("alice", "k-1").orElseThrow().taskId()).isEqualTo(alice.id());
        assertThat(store.find("bob", "k-1").orElseThrow().taskId()).isEqualTo(bob.id());
    }

    @Test
    void idempotencyKey_deadRecord_isReplaced() {
        long day = IdempotencyKeys.WINDOW.toMillis();
        NewTask old = withTerms(newTask("alice", 1_000), TaskDeadlines.NONE, key("alice", "k-1", 1_000));
        NewTask fresh = withTerms(newTask("alice", 1_000 + day), TaskDeadlines.NONE, key("alice", "k-1", 1_000 + day));
        store.create(old).join();

        store.create(fresh).join();

        assertThat(store.find("alice", "k-1").orElseThrow().taskId()).isEqualTo(fresh.id());
        assertThat(store.findTask(old.id())).isPresent();
    }

    @Test
    void idempotencyKey_concurrentCreates_storeExactlyOneTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<NewTask> tasks = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tasks.add(withTerms(newTask("alice", 5_000 + i), TaskDeadlines.NONE, key("alice", "k-race", 5_000 + i)));
        }
        List<java.util.concurrent.Future<CompletableFuture<Void>>> submitted = new ArrayList<>();
        for (NewTask task : tasks) {
            submitted.add(pool.submit(() -> store.create(task)));
        }
        for (var future : submitted) {
            writes.add(future.get());
        }
        pool.shutdown();

        long succeeded = writes.stream().filter(w -> {
            try {
                w.join();
                return true;
            } catch (java.util.concurrent.CompletionException e) {
                return false;
            }
        }).count();
        long stored = tasks.stream().filter(t -> store.findTask(t.id()).isPresent()).count();
        assertThat(succeeded).isEqualTo(1);
        assertThat(stored).isEqualTo(1);
        String winner = store.find("alice", "k-race").orElseThrow().taskId();
        assertThat(store.findTask(winner)).isPresent();
    }

    @Test
    void deleteCreatedBefore_deletesOnlyOlderRecords() {
        store.create(withTerms(newTask("alice", 1_000), TaskDeadlines.NONE, key("alice", "old", 1_000))).join();
        store.create(withTerms(newTask("alice", 9_000), TaskDeadlines.NONE, key("alice", "new", 9_000))).join();

        int deleted = store.deleteCreatedBefore(java.time.Instant.ofEpochMilli(5_000)).join();

        assertThat(deleted).isEqualTo(1);
        assertThat(store.find("alice", "old")).isEmpty();
        assertThat(store.find("alice", "new")).isPresent();
    }

    @Test
    void deadlines_storedWithTask_andListedUntilFinished() {
        NewTask task = withTerms(newTask("alice", 1_000), new TaskDeadlines(60_000L, 120_000L), null);
        NewTask plain = newTask("alice", 1_001);
        store.create(task).join();
        store.create(plain).join();

        assertThat(store.deadlinesOf(task.id())).isEqualTo(new TaskDeadlines(60_000L, 120_000L));
        assertThat(store.deadlinesOf(plain.id())).isEqualTo(TaskDeadlines.NONE);
        assertThat(store.unfinishedDeadlines()).containsExactly(
                new UnfinishedDeadline(task.id(), new TaskDeadlines(60_000L, 120_000L), false));

        store.markRunning(task.id(), "w1", 1, 2_000).join();
        assertThat(store.unfinishedDeadlines()).extracting(UnfinishedDeadline::started).containsExactly(true);

        store.markFinished(task.id(), EnumSet.of(TaskState.RUNNING), 1, TaskState.CANCELED, 3_000, "cancel_after passed").join();
        assertThat(store.unfinishedDeadlines()).isEmpty();
    }

    @Test
    void createWithPlan_storesDeadlinesAndKey() {
        NewTask task = withTerms(newTask("alice", 1_000), new TaskDeadlines(null, 90_000L), key("alice", "plan-key", 1_000));

        store.createWithPlan(task, "{\"steps\": []}").join();

        assertThat(store.deadlinesOf(task.id())).isEqualTo(new TaskDeadlines(null, 90_000L));
        assertThat(store.find("alice", "plan-key").orElseThrow().taskId()).isEqualTo(task.id());
    }

    @Test
    void expiredTask_keepsReasonInTimeline() {
        NewTask task = withTerms(newTask("alice", 1_000), new TaskDeadlines(2_000L, null), null);
        store.create(task).join();

        TaskState from = store.finishFrom(task.id(), EnumSet.of(TaskState.QUEUED, TaskState.RETRYING), null, TaskState.EXPIRED, 2_000,
                "expired because it did not start by its start_by deadline").join();

        assertThat(from).isEqualTo(TaskState.QUEUED);
        assertThat(store.findTask(task.id()).orElseThrow().status()).isEqualTo(TaskState.EXPIRED);
        assertThat(store.timeline(task.id()).get(1).reason()).contains("start_by");
    }

    private static NewTask withTerms(NewTask task, TaskDeadlines deadlines, IdempotencyRecord key) {
        IdempotencyRecord own = key == null ? null
                : new IdempotencyRecord(key.userId(), key.key(), key.bodyHash(), task.id(), key.createdAt());
        return new NewTask(task.id(), task.user(), task.tier(), task.model(), task.modelVersion(), task.capability(), task.params(),
                task.images(), task.maxAttempts(), task.estimatedCostSeconds(), task.queuedAt(), task.reason(), deadlines, own);
    }

    private static IdempotencyRecord key(String user, String key, long createdAt) {
        return new IdempotencyRecord(user, key, "hash-" + key, "set-by-withTerms", java.time.Instant.ofEpochMilli(createdAt));
    }

    private NewTask created(String user) {
        NewTask task = newTask(user, System.currentTimeMillis());
        store.create(task).join();
        return task;
    }

    private NewTask newTask(String user, long queuedAt) {
        return new NewTask(ids.next("tsk"), user, "normal", "timed", "1", "txt2img", Map.of("prompt", "a fox", "steps", 4),
                1, 3, 2.5, queuedAt, "accepted");
    }

    private OutputRecord output(NewTask task, int index) {
        Recipe recipe = new Recipe("timed", "1", "00", "timed", "txt2img", Map.of("prompt", "a fox", "steps", 4), 7, 120);
        return new OutputRecord(ids.next("out"), task.id(), task.jobId(), index, task.id() + "/" + index + ".png", "image/png",
                100, "ab", 64, 64, 7, recipe, 3_000);
    }
}
