package dev.easel.server.support;

import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events reader for tests: parses the {@code id}, {@code event} and {@code data}
 * fields of each event from a real streaming HTTP response.
 */
public final class SseClient implements AutoCloseable {

    /**
     * One received event.
     *
     * @param id   event id
     * @param type event name
     * @param data parsed JSON data
     */
    public record Event(String id, String type, JsonNode data) {
    }

    private static final Event END = new Event("", "", null);

    private final int status;
    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(int status, InputStream body) {
        this.status = status;
        this.body = body;
        this.reader = new Thread(this::read, "sse-test-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens the event stream of a task, optionally after an event id. */
    public static SseClient open(Http http, String taskId, String user, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = http.request("/v1/tasks/" + taskId + "/events", user).header("Accept", "text/event-stream")
                .timeout(java.time.Duration.ofMinutes(2));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.client().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(response.statusCode(), response.body());
    }

    public int status() {
        return status;
    }

    /** Returns the next event, or {@code null} when the stream ended or nothing came within the timeout. */
    public Event next(long timeoutMillis) throws InterruptedException {
        Event event = events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (event == END) {
            events.add(END);
            return null;
        }
        return event;
    }

    /** Reads until the server ends the stream (or the timeout passes) and returns every event. */
    public List<Event> readToEnd(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<Event> all = new ArrayList<>();
        Event event;
        while ((event = next(Math.max(1, deadline - System.currentTimeMillis()))) != null) {
            all.add(event);
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String type = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, type, Http.JSON.readTree(data.toString())));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException e) {
            // The test closed the stream.
        } finally {
            events.add(END);
        }
    }
}
