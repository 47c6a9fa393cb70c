package dev.easel.server.events;

import java.util.Map;

/**
 * One event on a task's stream.
 *
 * @param id   event id, unique within the task's stream: {@code <stream epoch>-<sequence>}
 * @param type {@code transition}, {@code progress} or {@code position}
 * @param data the event's fields, serialised as the SSE data line
 * @param terminal whether this event ends the stream (a transition to a terminal state)
 */
public record TaskEvent(String id, String type, Map<String, Object> data, boolean terminal) {
}
