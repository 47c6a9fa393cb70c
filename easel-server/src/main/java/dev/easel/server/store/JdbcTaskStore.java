package dev.easel.server.store;

import dev.easel.core.task.TaskState;
import dev.easel.engine.Recipe;
import dev.easel.server.admission.IdempotencyKeyTakenException;
import dev.easel.server.admission.IdempotencyKeys;
import dev.easel.server.admission.IdempotencyRecord;
import dev.easel.server.admission.IdempotencyStore;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * {@link TaskStore} on a JDBC database: SQLite (embedded) or PostgreSQL.
 *
 * <p>The SQL is the subset both databases run alike; the schema comes from the Flyway
 * migrations under {@code db/migration}. Reads run on pooled connections; writes go through one
 * {@link GroupCommitWriter}.
 */
public final class JdbcTaskStore implements TaskStore, IdempotencyStore, AutoCloseable {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private static final String TASK_COLUMNS = "id, user_id, tier, model, model_version, capability, params_json, images, status,"
            + " attempts, max_attempts, estimated_cost, queued_at, started_at, finished_at, updated_at, next_attempt_at,"
            + " cancel_requested_at, worker_id, reason";

    /** Columns of a task read, with the step whose job the row describes now. */
    private static final String TASK_READ_COLUMNS = TASK_COLUMNS + ", current_step";

    /** Work that runs in the store writer's transaction, on its connection. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Writes that belong to a stored transition and commit or roll back with it, such as the
     * webhook outbox. Called on the store writer's thread, inside the transition's transaction;
     * throwing rolls the transition back and fails its write.
     */
    @FunctionalInterface
    public interface TransitionWrites {

        /**
         * Writes what belongs to one transition.
         *
         * @param transition the transition just inserted; its {@code id} is 0, because the
         *                   generated key is not read back
         */
        void written(Connection connection, TransitionRecord transition) throws SQLException;
    }

    private final JdbcClient jdbc;
    private final GroupCommitWriter writer;
    private final List<TransitionWrites> transitionWrites = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param maxGroup          most writes per transaction
     * @param groupSizeListener called after each commit with its number of writes (for metrics)
     */
    public JdbcTaskStore(DataSource dataSource, int maxGroup, IntConsumer groupSizeListener) {
        this.jdbc = JdbcClient.create(dataSource);
        this.writer = new GroupCommitWriter(dataSource, maxGroup, groupSizeListener);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Adds writes that run inside the transaction of every transition stored from now on. Add
     * them at start, before the first transition.
     */
    public void addTransitionWrites(TransitionWrites writes) {
        transitionWrites.add(java.util.Objects.requireNonNull(writes, "writes"));
    }

    /**
     * Runs work in the store writer's transaction, ordered with every other write of this store,
     * so that each transition commits either wholly before the work or wholly after it. The
     * future completes after the commit.
     */
    public <T> CompletableFuture<T> write(TransactionWork<T> work) {
        return writer.submit(work::apply);
    }

    @Override
    public CompletableFuture<Void> create(NewTask task) {
        String params = json.writeValueAsString(task.params());
        return writer.submit(connection -> {
            insertTask(connection, task, params);
            insertJob(connection, task);
            insertTerms(connection, task);
            insertTransition(connection, task.id(), task.jobId(), null, TaskState.QUEUED, 0, task.queuedAt(), task.reason());
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> markRunning(String taskId, String workerId, int attempt, long at) {
        return startRunning(taskId, workerId, attempt, at).thenApply(java.util.Objects::nonNull);
    }

    @Override
    public CompletableFuture<TaskState> startRunning(String taskId, String workerId, int attempt, long at) {
        String sql = "UPDATE tasks SET status = 'RUNNING', attempts = ?, started_at = ?, updated_at = ?, worker_id = ?,"
                + " next_attempt_at = NULL, reason = ? WHERE id = ? AND status IN ('QUEUED', 'RETRYING')";
        String reason = "attempt " + attempt + " started on worker " + workerId;
        return writer.submit(connection -> {
            TaskState from = currentState(connection, taskId);
            int updated = update(connection, sql, attempt, at, at, workerId, reason, taskId);
            if (updated == 0) {
                return null;
            }
            updateJob(connection, taskId, TaskState.RUNNING, attempt, workerId, at);
            insertTransition(connection, taskId, currentJobId(connection, taskId), from, TaskState.RUNNING, attempt, at, reason);
            return from;
        });
    }

    @Override
    public CompletableFuture<Boolean> markRetrying(String taskId, int attempt, long at, long nextAttemptAt, String reason) {
        String sql = "UPDATE tasks SET status = 'RETRYING', updated_at = ?, next_attempt_at = ?, reason = ?,"
                + " cancel_requested_at = NULL, unavailable_since = NULL WHERE id = ? AND status = 'RUNNING' AND attempts = ?";
        return writer.submit(connection -> {
            if (update(connection, sql, at, nextAttemptAt, reason, taskId, attempt) == 0) {
                return false;
            }
            updateJob(connection, taskId, TaskState.RETRYING, attempt, null, at);
            insertTransition(connection, taskId, currentJobId(connection, taskId), TaskState.RUNNING, TaskState.RETRYING, attempt, at, reason);
            return true;
        });
    }

    @Override
    public CompletableFuture<Boolean> markUnavailable(String taskId, int attempt, long at, long nextAttemptAt, long unavailableSince,
                                                      String reason) {
        String sql = "UPDATE tasks SET status = 'RETRYING', attempts = ?, updated_at = ?, worker_id = NULL, next_attempt_at = ?,"
                + " unavailable_since = ?, reason = ?, cancel_requested_at = NULL WHERE id = ? AND status = 'RUNNING' AND attempts = ?";
        return writer.submit(connection -> {
            if (update(connection, sql, attempt - 1, at, nextAttemptAt, unavailableSince, reason, taskId, attempt) == 0) {
                return false;
            }
            update(connection, "UPDATE jobs SET status = 'RETRYING', attempts = ?, worker_id = NULL, updated_at = ? WHERE id = ?",
                    attempt - 1, at, currentJobId(connection, taskId));
            insertTransition(connection, taskId, currentJobId(connection, taskId), TaskState.RUNNING, TaskState.RETRYING, attempt, at, reason);
            return true;
        });
    }

    @Override
    public Optional<Long> unavailableSince(String taskId) {
        List<Long> found = jdbc.sql("SELECT unavailable_since FROM tasks WHERE id = ?").param(taskId)
                .query((rs, n) -> longOrNull(rs, "unavailable_since")).list();
        return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0));
    }

    @Override
    public CompletableFuture<Boolean> markInterrupted(String taskId, int attempt, long at, String reason) {
        String sql = "UPDATE tasks SET status = 'QUEUED', attempts = ?, updated_at = ?, worker_id = NULL, next_attempt_at = NULL,"
                + " reason = ? WHERE id = ? AND status = 'RUNNING' AND attempts = ?";
        return writer.submit(connection -> {
            if (update(connection, sql, attempt - 1, at, reason, taskId, attempt) == 0) {
                return false;
            }
            updateJob(connection, taskId, TaskState.QUEUED, attempt - 1, null, at);
            insertTransition(connection, taskId, currentJobId(connection, taskId), TaskState.RUNNING, TaskState.QUEUED, attempt, at, reason);
            return true;
        });
    }

    @Override
    public CompletableFuture<Boolean> markSucceeded(String taskId, int attempt, long at, List<OutputRecord> outputs, String reason) {
        List<String> recipes = outputs.stream().map(o -> json.writeValueAsString(o.recipe())).toList();
        String sql = "UPDATE tasks SET status = 'SUCCEEDED', finished_at = ?, updated_at = ?, reason = ?"
                + " WHERE id = ? AND status = 'RUNNING' AND attempts = ?";
        return writer.submit(connection -> {
            if (update(connection, sql, at, at, reason, taskId, attempt) == 0) {
                return false;
            }
            for (int i = 0; i < outputs.size(); i++) {
                insertOutput(connection, outputs.get(i), recipes.get(i));
            }
            updateJob(connection, taskId, TaskState.SUCCEEDED, attempt, null, at);
            insertTransition(connection, taskId, currentJobId(connection, taskId), TaskState.RUNNING, TaskState.SUCCEEDED, attempt, at, reason);
            return true;
        });
    }

    @Override
    public CompletableFuture<Boolean> markFinished(String taskId, Set<TaskState> from, Integer attempt, TaskState to, long at,
                                                   String reason) {
        return finishFrom(taskId, from, attempt, to, at, reason).thenApply(java.util.Objects::nonNull);
    }

    @Override
    public CompletableFuture<TaskState> finishFrom(String taskId, Set<TaskState> from, Integer attempt, TaskState to, long at,
                                                   String reason) {
        if (!to.isTerminal() || to == TaskState.SUCCEEDED) {
            throw new IllegalArgumentException("markFinished takes FAILED, CANCELED or EXPIRED, not " + to);
        }
        String states = from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        String sql = "UPDATE tasks SET status = ?, finished_at = ?, updated_at = ?, reason = ?, next_attempt_at = NULL"
                + " WHERE id = ? AND status IN (" + states + ")" + (attempt == null ? "" : " AND attempts = " + attempt.intValue());
        return writer.submit(connection -> {
            TaskState previous = currentState(connection, taskId);
            int attempts = currentAttempts(connection, taskId);
            if (update(connection, sql, to.name(), at, at, reason, taskId) == 0) {
                return null;
            }
            updateJob(connection, taskId, to, attempts, null, at);
            insertTransition(connection, taskId, currentJobId(connection, taskId), previous, to, attempts, at, reason);
            return previous;
        });
    }

    @Override
    public CompletableFuture<Boolean> requestCancel(String taskId, long at) {
        String sql = "UPDATE tasks SET cancel_requested_at = ?, updated_at = ? WHERE id = ? AND status = 'RUNNING'"
                + " AND cancel_requested_at IS NULL";
        String running = "SELECT 1 FROM tasks WHERE id = ? AND status = 'RUNNING'";
        return writer.submit(connection -> {
            update(connection, sql, at, at, taskId);
            try (PreparedStatement statement = connection.prepareStatement(running)) {
                statement.setString(1, taskId);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    // ---------------------------------------------------------------- multi-step tasks (catalog)

    /**
     * Inserts a task like {@link #create(NewTask)}, with the plan of its steps in the same
     * transaction. The task row describes step 0.
     *
     * @param planJson the resolved plan as JSON; read back by {@link #findPlanJson(String)}
     */
    public CompletableFuture<Void> createWithPlan(NewTask task, String planJson) {
        String params = json.writeValueAsString(task.params());
        return writer.submit(connection -> {
            insertTask(connection, task, params);
            insertJob(connection, task);
            insertTerms(connection, task);
            update(connection, "INSERT INTO task_plans (task_id, plan_json) VALUES (?, ?)", task.id(), planJson);
            insertTransition(connection, task.id(), task.jobId(), null, TaskState.QUEUED, 0, task.queuedAt(), task.reason());
            return null;
        });
    }

    /**
     * Ends a finished step of a running multi-step task and queues the next, in one transaction:
     * the step's outputs are stored, its job is marked succeeded, the next step's job is inserted,
     * and the task row moves to {@code QUEUED} describing the next step, with its attempts reset.
     * A compare-and-set on state, attempt and step: returns {@code false}, changing nothing, when
     * the task is no longer running that attempt of the previous step (canceled, for example).
     */
    public CompletableFuture<Boolean> advanceStep(String taskId, int attempt, long at, List<OutputRecord> outputs, NextStep next,
                                                  String reason) {
        List<String> recipes = outputs.stream().map(o -> json.writeValueAsString(o.recipe())).toList();
        String params = json.writeValueAsString(next.params());
        String sql = "UPDATE tasks SET status = 'QUEUED', current_step = ?, model = ?, model_version = ?, capability = ?,"
                + " params_json = ?, images = ?, attempts = 0, updated_at = ?, worker_id = NULL, next_attempt_at = NULL,"
                + " unavailable_since = NULL, reason = ?"
                + " WHERE id = ? AND status = 'RUNNING' AND attempts = ? AND current_step = ?";
        String finishedJob = TaskRecord.jobIdOf(taskId, next.step() - 1);
        String nextJob = TaskRecord.jobIdOf(taskId, next.step());
        return writer.submit(connection -> {
            if (update(connection, sql, next.step(), next.model(), next.modelVersion(), next.capability(), params, next.images(), at,
                    reason, taskId, attempt, next.step() - 1) == 0) {
                return false;
            }
            for (int i = 0; i < outputs.size(); i++) {
                insertOutput(connection, outputs.get(i), recipes.get(i));
            }
            update(connection, "UPDATE jobs SET status = 'SUCCEEDED', finished_at = ?, updated_at = ? WHERE id = ?", at, at, finishedJob);
            update(connection, "INSERT INTO jobs (id, task_id, step_index, status, attempts, updated_at) VALUES (?, ?, ?, 'QUEUED', 0, ?)",
                    nextJob, taskId, next.step(), at);
            insertTransition(connection, taskId, finishedJob, TaskState.RUNNING, TaskState.QUEUED, attempt, at, reason);
            return true;
        });
    }

    /** Returns the plan JSON of a multi-step task, or empty for a single-model task. */
    public Optional<String> findPlanJson(String taskId) {
        return jdbc.sql("SELECT plan_json FROM task_plans WHERE task_id = ?").param(taskId).query(String.class).optional();
    }

    /** Returns the state of each job of a task by step index, in step order. */
    public List<JobRow> jobsOf(String taskId) {
        return jdbc.sql("SELECT id, step_index, status, attempts FROM jobs WHERE task_id = ? ORDER BY step_index")
                .param(taskId)
                .query((rs, n) -> new JobRow(rs.getString("id"), rs.getInt("step_index"), TaskState.valueOf(rs.getString("status")),
                        rs.getInt("attempts")))
                .list();
    }

    /**
     * The step a multi-step task moves to.
     *
     * @param step         index of the next step, at least 1
     * @param images       number of images the step's job produces
     */
    public record NextStep(int step, String model, String modelVersion, String capability, Map<String, Object> params, int images) {
    }

    /** One job of a task as stored. */
    public record JobRow(String id, int step, TaskState status, int attempts) {
    }

    // ---------------------------------------------------------------- idempotency keys and deadlines

    @Override
    public Optional<IdempotencyRecord> find(String userId, String key) {
        return jdbc.sql("SELECT user_id, idempotency_key, body_hash, task_id, created_at FROM idempotency_keys"
                        + " WHERE user_id = ? AND idempotency_key = ?")
                .params(userId, key)
                .query((rs, n) -> new IdempotencyRecord(rs.getString("user_id"), rs.getString("idempotency_key"),
                        rs.getString("body_hash"), rs.getString("task_id"), Instant.ofEpochMilli(rs.getLong("created_at"))))
                .optional();
    }

    @Override
    public CompletableFuture<Integer> deleteCreatedBefore(Instant cutoff) {
        return writer.submit(connection -> update(connection, "DELETE FROM idempotency_keys WHERE created_at < ?", cutoff.toEpochMilli()));
    }

    /** Returns the deadlines of a task; {@link TaskDeadlines#NONE} when it has none or does not exist. */
    public TaskDeadlines deadlinesOf(String taskId) {
        return jdbc.sql("SELECT start_by, cancel_after FROM task_deadlines WHERE task_id = ?")
                .param(taskId)
                .query((rs, n) -> new TaskDeadlines(longOrNull(rs, "start_by"), longOrNull(rs, "cancel_after")))
                .optional()
                .orElse(TaskDeadlines.NONE);
    }

    /** Returns the deadlines of every task not yet in a terminal state, oldest task first. */
    public List<UnfinishedDeadline> unfinishedDeadlines() {
        return jdbc.sql("SELECT d.task_id, d.start_by, d.cancel_after, t.started_at FROM task_deadlines d JOIN tasks t ON t.id = d.task_id"
                        + " WHERE t.status IN ('QUEUED', 'RUNNING', 'RETRYING') ORDER BY d.task_id")
                .query((rs, n) -> new UnfinishedDeadline(rs.getString("task_id"),
                        new TaskDeadlines(longOrNull(rs, "start_by"), longOrNull(rs, "cancel_after")), longOrNull(rs, "started_at") != null))
                .list();
    }

    /**
     * Stores a new task's deadlines and idempotency key. A dead record of the same key (older than
     * {@link IdempotencyKeys#WINDOW}) is replaced; a live one fails the whole insert with
     * {@link IdempotencyKeyTakenException}. A concurrent insert on another connection fails on
     * the primary key instead.
     */
    private static void insertTerms(Connection connection, NewTask task) throws SQLException {
        TaskDeadlines deadlines = task.deadlines();
        if (!deadlines.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO task_deadlines (task_id, start_by, cancel_after) VALUES (?, ?, ?)")) {
                statement.setString(1, task.id());
                setLongOrNull(statement, 2, deadlines.startByMillis());
                setLongOrNull(statement, 3, deadlines.cancelAfterMillis());
                statement.executeUpdate();
            }
        }
        IdempotencyRecord key = task.idempotencyKey();
        if (key == null) {
            return;
        }
        long createdAt = key.createdAt().toEpochMilli();
        update(connection, "DELETE FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ? AND created_at <= ?",
                key.userId(), key.key(), createdAt - IdempotencyKeys.WINDOW.toMillis());
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT task_id FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?")) {
            statement.setString(1, key.userId());
            statement.setString(2, key.key());
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    throw new IdempotencyKeyTakenException(key.userId(), rows.getString(1));
                }
            }
        }
        update(connection, "INSERT INTO idempotency_keys (user_id, idempotency_key, body_hash, task_id, created_at) VALUES (?, ?, ?, ?, ?)",
                key.userId(), key.key(), key.bodyHash(), key.taskId(), createdAt);
    }

    /** Binds a nullable BIGINT; PostgreSQL rejects a null bound as VARCHAR for a BIGINT column. */
    private static void setLongOrNull(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<TaskRecord> findTask(String taskId) {
        return jdbc.sql("SELECT " + TASK_READ_COLUMNS + " FROM tasks WHERE id = ?")
                .param(taskId)
                .query(taskMapper())
                .optional();
    }

    @Override
    public TaskPage listTasks(String user, Set<TaskState> statuses, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + TASK_READ_COLUMNS + " FROM tasks WHERE user_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(user);
        if (!statuses.isEmpty()) {
            sql.append(" AND status IN (")
                    .append(statuses.stream().map(s -> "?").collect(Collectors.joining(", ")))
                    .append(')');
            statuses.forEach(s -> params.add(s.name()));
        }
        if (cursor != null) {
            sql.append(" AND id < ?");
            params.add(cursor);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);

        List<TaskRecord> rows = jdbc.sql(sql.toString()).params(params).query(taskMapper()).list();
        if (rows.size() <= limit) {
            return new TaskPage(rows, null);
        }
        List<TaskRecord> page = rows.subList(0, limit);
        return new TaskPage(page, page.get(limit - 1).id());
    }

    @Override
    public List<TransitionRecord> timeline(String taskId) {
        return jdbc.sql("SELECT id, task_id, job_id, from_state, to_state, attempt, at, reason FROM transitions"
                        + " WHERE task_id = ? ORDER BY id")
                .param(taskId)
                .query((rs, n) -> new TransitionRecord(
                        rs.getLong("id"),
                        rs.getString("task_id"),
                        rs.getString("job_id"),
                        stateOrNull(rs.getString("from_state")),
                        TaskState.valueOf(rs.getString("to_state")),
                        rs.getInt("attempt"),
                        rs.getLong("at"),
                        rs.getString("reason")))
                .list();
    }

    @Override
    public List<OutputRecord> outputsOf(String taskId) {
        return jdbc.sql("SELECT * FROM outputs WHERE task_id = ? ORDER BY job_id, image_index")
                .param(taskId)
                .query(outputMapper())
                .list();
    }

    @Override
    public Optional<OutputRecord> findOutput(String outputId) {
        return jdbc.sql("SELECT * FROM outputs WHERE id = ?").param(outputId).query(outputMapper()).optional();
    }

    @Override
    public List<TaskRecord> unfinishedTasks() {
        return jdbc.sql("SELECT " + TASK_READ_COLUMNS + " FROM tasks WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING') ORDER BY id")
                .query(taskMapper())
                .list();
    }

    @Override
    public int countWaiting(String user, String tier, int bound) {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM tasks WHERE user_id = ? AND tier = ? AND status IN ('QUEUED', 'RETRYING')"
                        + " LIMIT ?) waiting")
                .params(user, tier, bound)
                .query(Integer.class)
                .single();
    }

    @Override
    public void ping() {
        jdbc.sql("SELECT 1").query(Integer.class).single();
    }

    @Override
    public void close() {
        writer.close();
    }

    // ---------------------------------------------------------------- statements

    private static void insertTask(Connection connection, NewTask task, String paramsJson) throws SQLException {
        String sql = "INSERT INTO tasks (" + TASK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?,"
                + " NULL, NULL, ?, NULL, NULL, NULL, ?)";
        update(connection, sql, task.id(), task.user(), task.tier(), task.model(), task.modelVersion(), task.capability(),
                paramsJson, task.images(), task.maxAttempts(), task.estimatedCostSeconds(), task.queuedAt(), task.queuedAt(),
                task.reason());
    }

    private static void insertJob(Connection connection, NewTask task) throws SQLException {
        update(connection, "INSERT INTO jobs (id, task_id, step_index, status, attempts, updated_at) VALUES (?, ?, 0, 'QUEUED', 0, ?)",
                task.jobId(), task.id(), task.queuedAt());
    }

    private static void updateJob(Connection connection, String taskId, TaskState state, int attempt, String workerId, long at)
            throws SQLException {
        String jobId = currentJobId(connection, taskId);
        if (state == TaskState.RUNNING) {
            update(connection, "UPDATE jobs SET status = ?, attempts = ?, worker_id = ?, started_at = ?, updated_at = ? WHERE id = ?",
                    state.name(), attempt, workerId, at, at, jobId);
        } else if (state.isTerminal()) {
            update(connection, "UPDATE jobs SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?", state.name(), at, at, jobId);
        } else {
            update(connection, "UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?", state.name(), at, jobId);
        }
    }

    private void insertTransition(Connection connection, String taskId, String jobId, TaskState from, TaskState to,
                                  int attempt, long at, String reason) throws SQLException {
        update(connection, "INSERT INTO transitions (task_id, job_id, from_state, to_state, attempt, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                taskId, jobId, from == null ? null : from.name(), to.name(), attempt, at, reason);
        if (!transitionWrites.isEmpty()) {
            TransitionRecord transition = new TransitionRecord(0, taskId, jobId, from, to, attempt, at, reason);
            for (TransitionWrites writes : transitionWrites) {
                writes.written(connection, transition);
            }
        }
    }

    private static void insertOutput(Connection connection, OutputRecord output, String recipeJson) throws SQLException {
        update(connection, "INSERT INTO outputs (id, task_id, job_id, image_index, path, media_type, size_bytes, sha256, width, height,"
                        + " seed, recipe_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                output.id(), output.taskId(), output.jobId(), output.index(), output.path(), output.mediaType(), output.sizeBytes(),
                output.sha256(), output.width(), output.height(), output.seed(), recipeJson, output.createdAt());
    }

    private static TaskState currentState(Connection connection, String taskId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT status FROM tasks WHERE id = ?")) {
            statement.setString(1, taskId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? TaskState.valueOf(rows.getString(1)) : null;
            }
        }
    }

    /** Returns the id of the job the task is at now: its current step's. */
    static String currentJobId(Connection connection, String taskId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_step FROM tasks WHERE id = ?")) {
            statement.setString(1, taskId);
            try (ResultSet rows = statement.executeQuery()) {
                return TaskRecord.jobIdOf(taskId, rows.next() ? rows.getInt(1) : 0);
            }
        }
    }

    private static int currentAttempts(Connection connection, String taskId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT attempts FROM tasks WHERE id = ?")) {
            statement.setString(1, taskId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    private static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                bind(statement, i + 1, params[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Double number) {
            statement.setDouble(index, number);
        } else {
            throw new IllegalArgumentException("unsupported parameter type " + value.getClass().getName());
        }
    }

    // ---------------------------------------------------------------- mapping

    private RowMapper<TaskRecord> taskMapper() {
        return (rs, n) -> new TaskRecord(
                rs.getString("id"),
                TaskRecord.jobIdOf(rs.getString("id"), rs.getInt("current_step")),
                rs.getString("user_id"),
                rs.getString("tier"),
                rs.getString("model"),
                rs.getString("model_version"),
                rs.getString("capability"),
                json.readValue(rs.getString("params_json"), MAP),
                rs.getInt("images"),
                TaskState.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getDouble("estimated_cost"),
                rs.getLong("queued_at"),
                longOrNull(rs, "started_at"),
                longOrNull(rs, "finished_at"),
                rs.getLong("updated_at"),
                longOrNull(rs, "next_attempt_at"),
                longOrNull(rs, "cancel_requested_at"),
                rs.getString("worker_id"),
                rs.getString("reason"));
    }

    private RowMapper<OutputRecord> outputMapper() {
        return (rs, n) -> new OutputRecord(
                rs.getString("id"),
                rs.getString("task_id"),
                rs.getString("job_id"),
                rs.getInt("image_index"),
                rs.getString("path"),
                rs.getString("media_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                rs.getInt("width"),
                rs.getInt("height"),
                rs.getLong("seed"),
                json.readValue(rs.getString("recipe_json"), Recipe.class),
                rs.getLong("created_at"));
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static TaskState stateOrNull(String name) {
        return name == null ? null : TaskState.valueOf(name);
    }
}
