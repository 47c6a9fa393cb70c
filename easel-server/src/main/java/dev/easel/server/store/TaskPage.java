package dev.easel.server.store;

import java.util.List;

/**
 * One page of a task listing, newest first.
 *
 * @param items      the tasks
 * @param nextCursor cursor for the next page, or {@code null} on the last page
 */
public record TaskPage(List<TaskRecord> items, String nextCursor) {

    public TaskPage {
        items = List.copyOf(items);
    }
}
