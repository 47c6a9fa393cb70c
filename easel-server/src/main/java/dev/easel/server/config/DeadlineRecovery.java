package dev.easel.server.config;

import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.UnfinishedDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.List;

/**
 * Hands the stored deadlines of every unfinished task to the dispatch loop at start, before the
 * loop's thread runs. A deadline that passed while the server was down then acts on the loop's
 * first turn, before that turn's decisions start any job.
 */
final class DeadlineRecovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadlineRecovery.class);

    private final DispatchLoop loop;
    private final JdbcTaskStore store;
    private volatile boolean running;

    DeadlineRecovery(DispatchLoop loop, JdbcTaskStore store) {
        this.loop = loop;
        this.store = store;
    }

    @Override
    public void start() {
        List<UnfinishedDeadline> unfinished = store.unfinishedDeadlines();
        long now = System.currentTimeMillis();
        long overdue = 0;
        for (UnfinishedDeadline task : unfinished) {
            loop.watchDeadlines(task.taskId(), task.deadlines(), task.started());
            if (isOverdue(task, now)) {
                overdue++;
            }
        }
        log.atInfo().addKeyValue("tasks", unfinished.size()).addKeyValue("overdue", overdue).log("task deadlines recovered from the store");
        running = true;
    }

    private static boolean isOverdue(UnfinishedDeadline task, long now) {
        Long startBy = task.deadlines().startByMillis();
        Long cancelAfter = task.deadlines().cancelAfterMillis();
        return (cancelAfter != null && cancelAfter <= now) || (!task.started() && startBy != null && startBy <= now);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns false: recovery rebuilds the in-memory queue from the store once per process, so a
     * paused test context keeps its loop running instead of stopping and recovering twice.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    /** Starts before {@link DispatchLifecycle} starts the loop's thread. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }
}
