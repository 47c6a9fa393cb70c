package dev.easel.server.dispatch;

import java.util.OptionalLong;

/**
 * What a worker reports back to the dispatch loop about a batch. Thread-safe; each call only
 * queues a command for the loop.
 */
public interface BatchReports {

    /** A step of the batch finished. */
    void progress(String batchId, int step, int total);

    /**
     * The batch ended, whatever its jobs' outcomes.
     *
     * @param runMillis wall time of the run, excluding model loading
     * @param succeeded whether every job succeeded (only then does the cost model learn from it)
     */
    void finished(String batchId, long runMillis, boolean succeeded);

    /** A job of the batch failed and enters the queue again at {@code dueAtMillis}, when present. */
    void retryLater(JobTicket ticket, OptionalLong dueAtMillis);
}
