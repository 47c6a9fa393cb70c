package dev.easel.server.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskEventLogTest {

    private final TaskEventLog log = new TaskEventLog(100);

    @Test
    void subscribe_afterAnId_replaysOnlyLaterEvents() {
        log.append("progress", Map.of("step", 1), null, false);
        log.append("progress", Map.of("step", 2), null, false);
        List<TaskEvent> first = new ArrayList<>();
        log.subscribe(null, first::add);

        List<TaskEvent> later = new ArrayList<>();
        log.subscribe(first.get(0).id(), later::add);

        assertThat(later).extracting(TaskEvent::id).containsExactly(first.get(1).id());
    }

    @Test
    void subscribe_idFromAnotherLog_replaysEverything() {
        TaskEventLog other = new TaskEventLog(100);
        List<TaskEvent> foreign = new ArrayList<>();
        other.append("progress", Map.of("step", 1), null, false);
        other.subscribe(null, foreign::add);
        log.append("progress", Map.of("step", 1), null, false);
        log.append("progress", Map.of("step", 2), null, false);

        List<TaskEvent> replayed = new ArrayList<>();
        log.subscribe(foreign.get(0).id(), replayed::add);

        assertThat(replayed).hasSize(2);
    }

    @Test
    void append_sameTransitionTwice_keepsOne() {
        assertThat(log.append("transition", Map.of("to", "running"), "RUNNING:1", false)).isTrue();
        assertThat(log.append("transition", Map.of("to", "running"), "RUNNING:1", false)).isFalse();
    }

    @Test
    void terminalTransition_endsTheStream() {
        List<TaskEvent> received = new ArrayList<>();
        assertThat(log.subscribe(null, received::add)).isTrue();

        log.append("transition", Map.of("to", "succeeded"), "SUCCEEDED:1", true);
        boolean appendedAfterEnd = log.append("progress", Map.of("step", 9), null, false);

        assertThat(appendedAfterEnd).isFalse();
        assertThat(received).extracting(TaskEvent::terminal).containsExactly(true);
        assertThat(log.subscribe(null, e -> { })).isFalse();
    }

    @Test
    void append_pastTheMaximum_dropsTheOldest() {
        TaskEventLog small = new TaskEventLog(3);
        for (int step = 1; step <= 5; step++) {
            small.append("progress", Map.of("step", step), null, false);
        }

        List<TaskEvent> kept = new ArrayList<>();
        small.subscribe(null, kept::add);

        assertThat(kept).extracting(e -> e.data().get("step")).containsExactly(3, 4, 5);
    }
}
