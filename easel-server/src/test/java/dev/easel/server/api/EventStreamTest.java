package dev.easel.server.api;

import dev.easel.server.support.SseClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-Sent Events of a task: every transition and step, with ids that make replay exact. */
class EventStreamTest extends ServerTestBase {

    @Test
    void stream_carriesEventsInOrder() throws Exception {
        List<String> blockers = occupyWorkers();
        String id = http.submitTimed(user, Map.of("prompt", "watch me", "steps", 10));

        List<SseClient.Event> events;
        try (SseClient stream = SseClient.open(http, id, user, null)) {
            assertThat(stream.status()).isEqualTo(200);
            releaseWorkers(blockers);
            events = stream.readToEnd(30_000);
        }

        List<String> transitions = new ArrayList<>();
        List<String> fromStates = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        for (SseClient.Event event : events) {
            assertThat(event.data().get("task_id").asString()).isEqualTo(id);
            if (event.type().equals("transition")) {
                transitions.add(event.data().get("to").asString());
                fromStates.add(event.data().path("from").asString(null));
            } else if (event.type().equals("progress")) {
                steps.add(event.data().get("step").asInt());
                assertThat(event.data().get("total").asInt()).isEqualTo(10);
            }
        }
        assertThat(transitions).containsExactly("queued", "running", "succeeded");
        assertThat(fromStates).containsExactly(null, "queued", "running");
        assertThat(steps).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(events.get(events.size() - 1).data().get("to").asString()).isEqualTo("succeeded");
        assertThat(events).extracting(SseClient.Event::id).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void reconnect_replaysExactlyTheMissedEvents() throws Exception {
        List<String> blockers = occupyWorkers();
        String id = http.submitTimed(user, Map.of("prompt", "reconnect", "steps", 40));

        List<SseClient.Event> firstPart = new ArrayList<>();
        try (SseClient stream = SseClient.open(http, id, user, null)) {
            releaseWorkers(blockers);
            while (firstPart.size() < 4) {
                SseClient.Event event = stream.next(10_000);
                assertThat(event).as("event %d of the first connection", firstPart.size() + 1).isNotNull();
                firstPart.add(event);
            }
        }
        Thread.sleep(150);
        List<SseClient.Event> secondPart;
        try (SseClient stream = SseClient.open(http, id, user, firstPart.get(firstPart.size() - 1).id())) {
            secondPart = stream.readToEnd(30_000);
        }
        List<SseClient.Event> everything;
        try (SseClient stream = SseClient.open(http, id, user, null)) {
            everything = stream.readToEnd(30_000);
        }

        List<String> joined = new ArrayList<>();
        firstPart.forEach(e -> joined.add(e.id()));
        secondPart.forEach(e -> joined.add(e.id()));
        assertThat(joined).containsExactlyElementsOf(everything.stream().map(SseClient.Event::id).toList());
        assertThat(secondPart.get(secondPart.size() - 1).data().get("to").asString()).isEqualTo("succeeded");
    }

    /** Keeps both workers busy, so that the next task waits in the queue until they are released. */
    @Test
    void cancelWhileQueued_liveTransitionCarriesFromQueued() throws Exception {
        List<String> blockers = occupyWorkers();
        String id = http.submitTimed(user, Map.of("prompt", "cancel me while queued"));

        List<SseClient.Event> events;
        try (SseClient stream = SseClient.open(http, id, user, null)) {
            assertThat(http.post("/v1/tasks/" + id + "/cancel", "{}", user).status()).isEqualTo(200);
            events = stream.readToEnd(30_000);
        } finally {
            releaseWorkers(blockers);
        }

        SseClient.Event last = events.get(events.size() - 1);
        assertThat(last.data().get("to").asString()).isEqualTo("canceled");
        assertThat(last.data().get("from").asString()).isEqualTo("queued");
    }

    private List<String> occupyWorkers() {
        List<String> blockers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            blockers.add(http.submitTimed(user, Map.of("prompt", "blocker " + i, "steps", 1000)));
        }
        blockers.forEach(id -> awaitStatus(id, "running"));
        return blockers;
    }

    private void releaseWorkers(List<String> blockers) {
        // 202 while the blocker stops; 200 when it already stopped at its next step before the response.
        blockers.forEach(id -> assertThat(http.post("/v1/tasks/" + id + "/cancel", "{}", user).status()).isIn(200, 202));
    }

    @Test
    void finishedTask_replaysStoredTimelineAndEnds() throws Exception {
        String id = http.submitTimed(user, Map.of("prompt", "done already"));
        awaitStatus(id, "succeeded");

        List<SseClient.Event> events;
        try (SseClient stream = SseClient.open(http, id, user, null)) {
            events = stream.readToEnd(10_000);
        }

        List<String> transitions = events.stream().filter(e -> e.type().equals("transition"))
                .map(e -> e.data().get("to").asString()).toList();
        assertThat(transitions).containsExactly("queued", "running", "succeeded");
    }
}
