package dev.easel.server.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * The store's single writer: runs writes from many threads, grouped into as few transactions as
 * possible.
 *
 * <p>Implementation notes: one thread takes the first waiting write, then drains whatever else
 * is waiting (up to {@code maxGroup}) and runs the whole group in one transaction, so a burst of
 * N submits costs one commit (one disk sync) instead of N. Each write's future completes only
 * after the commit. When a group fails, the writer rolls back and runs each of its writes in a
 * transaction of its own, so one bad write fails alone. Other components (the webhook outbox,
 * admin calls) write the same database on other connections, so on SQLite each transaction here
 * begins with the write lock and waits for it up to {@code busy_timeout}.
 *
 * <p>Thread-safe; {@link #submit} may be called from any thread.
 */
final class GroupCommitWriter implements AutoCloseable {

    /** One unit of work inside the writer's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Connection connection) throws SQLException;
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> result) {
    }

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final DataSource dataSource;
    private final int maxGroup;
    private final IntConsumer groupSizeListener;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param maxGroup          most writes per transaction, at least 1
     * @param groupSizeListener called after each commit with the number of writes it held
     */
    GroupCommitWriter(DataSource dataSource, int maxGroup, IntConsumer groupSizeListener) {
        this.dataSource = dataSource;
        this.maxGroup = maxGroup;
        this.groupSizeListener = groupSizeListener;
        this.thread = new Thread(this::runLoop, "easel-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a write; the future completes with its result after the commit, or with its failure. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new RejectedExecutionException("the store writer is closed"));
            return result;
        }
        queue.add(new Pending<>(write, result));
        return result;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending<?> pending : left) {
            pending.result().completeExceptionally(new RejectedExecutionException("the store writer is closed"));
        }
    }

    private void runLoop() {
        List<Pending<?>> group = new ArrayList<>(maxGroup);
        while (!closed) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, maxGroup - 1);
            runGroup(group);
            group.clear();
        }
    }

    private void runGroup(List<Pending<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        try (Connection connection = dataSource.getConnection()) {
            begin(connection);
            try {
                for (Pending<?> pending : group) {
                    results.add(pending.write().apply(connection));
                }
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                if (group.size() == 1) {
                    throw e;
                }
                log.atWarn().addKeyValue("writes", group.size()).setCause(e)
                        .log("group commit failed; retrying each write in its own transaction");
                runEachAlone(connection, group);
                return;
            }
            commit(connection);
        } catch (SQLException | RuntimeException e) {
            for (Pending<?> pending : group) {
                pending.result().completeExceptionally(e);
            }
            return;
        }
        groupSizeListener.accept(group.size());
        complete(group, results);
    }

    private void runEachAlone(Connection connection, List<Pending<?>> group) throws SQLException {
        for (Pending<?> pending : group) {
            begin(connection);
            Object result;
            try {
                result = pending.write().apply(connection);
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                pending.result().completeExceptionally(e);
                continue;
            }
            commit(connection);
            groupSizeListener.accept(1);
            completeOne(pending, result);
        }
    }

    /**
     * Begins a transaction. On SQLite the pool makes this {@code BEGIN IMMEDIATE} (see
     * {@code StoreDataSource}), which waits up to {@code busy_timeout} for the write lock.
     */
    private static void begin(Connection connection) throws SQLException {
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            // sqlite-jdbc (3.50.3) turns its auto-commit flag off before it runs BEGIN. Turning it
            // back on keeps the pooled connection from running later writes outside any transaction.
            try {
                connection.setAutoCommit(true);
            } catch (SQLException reset) {
                e.addSuppressed(reset);
            }
            throw e;
        }
    }

    /**
     * Commits by turning auto-commit back on, which JDBC defines to commit the open transaction.
     * {@link Connection#commit()} is avoided because sqlite-jdbc (3.50.3) begins the next
     * transaction inside it: with {@code BEGIN IMMEDIATE} that waits for the write lock again, and
     * when the wait timed out, commit() would report a failure for writes that did commit.
     */
    private static void commit(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
    }

    /** Rolls back the open transaction and leaves the connection in auto-commit mode. */
    private static void rollback(Connection connection) throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void complete(List<Pending<?>> group, List<Object> results) {
        for (int i = 0; i < group.size(); i++) {
            completeOne(group.get(i), results.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void completeOne(Pending<T> pending, Object result) {
        pending.result().complete((T) result);
    }
}
