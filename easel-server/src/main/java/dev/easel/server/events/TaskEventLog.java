package dev.easel.server.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The retained events of one task's stream and the subscribers that follow it.
 *
 * <p>Event ids are {@code <epoch>-<sequence>}. The epoch is random per log instance, so a
 * client's {@code Last-Event-ID} from a log that no longer exists (evicted, or lost in a restart)
 * is recognised, and the client is sent the log from its start instead. Transition events carry
 * a key ({@code state:attempt}) so that a transition published while the log was being seeded
 * from the store is not added twice.
 *
 * <p>Thread-safe: every method holds the instance lock, and delivery to subscribers happens
 * under it, so each subscriber receives events in sequence order with no gap or duplicate.
 */
final class TaskEventLog {

    private final String epoch = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final int maxEvents;
    private final Deque<TaskEvent> events = new ArrayDeque<>();
    private final Set<String> transitionKeys = new HashSet<>();
    private final List<Consumer<TaskEvent>> subscribers = new CopyOnWriteArrayList<>();
    private long nextSequence = 1;
    private boolean terminal;
    private volatile long lastTouchedMillis = System.currentTimeMillis();

    TaskEventLog(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    /** Appends an event unless it is a transition already present; returns whether it was appended. */
    synchronized boolean append(String type, Map<String, Object> data, String transitionKey, boolean isTerminal) {
        if (transitionKey != null && !transitionKeys.add(transitionKey)) {
            return false;
        }
        if (terminal && transitionKey == null) {
            return false;
        }
        TaskEvent event = new TaskEvent(epoch + "-" + nextSequence++, type, data, isTerminal);
        events.addLast(event);
        if (events.size() > maxEvents) {
            events.removeFirst();
        }
        terminal |= isTerminal;
        for (Consumer<TaskEvent> subscriber : subscribers) {
            subscriber.accept(event);
        }
        return true;
    }

    /**
     * Sends the events after {@code lastEventId} to the subscriber, then registers it for new
     * ones unless the stream already ended. Returns whether it was registered.
     */
    synchronized boolean subscribe(String lastEventId, Consumer<TaskEvent> subscriber) {
        touch();
        for (TaskEvent event : eventsAfter(lastEventId)) {
            subscriber.accept(event);
        }
        if (terminal) {
            return false;
        }
        subscribers.add(subscriber);
        return true;
    }

    synchronized void unsubscribe(Consumer<TaskEvent> subscriber) {
        subscribers.remove(subscriber);
        touch();
    }

    synchronized boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    synchronized boolean isTerminal() {
        return terminal;
    }

    long lastTouchedMillis() {
        return lastTouchedMillis;
    }

    private void touch() {
        lastTouchedMillis = System.currentTimeMillis();
    }

    private List<TaskEvent> eventsAfter(String lastEventId) {
        long after = sequenceIn(lastEventId);
        List<TaskEvent> result = new ArrayList<>();
        for (TaskEvent event : events) {
            if (sequenceIn(event.id()) > after) {
                result.add(event);
            }
        }
        return result;
    }

    /** Returns the sequence of an id from this log, or 0 for an absent id or one from another epoch. */
    private long sequenceIn(String eventId) {
        if (eventId == null) {
            return 0;
        }
        int dash = eventId.lastIndexOf('-');
        if (dash < 0 || !eventId.substring(0, dash).equals(epoch)) {
            return 0;
        }
        try {
            return Long.parseLong(eventId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
