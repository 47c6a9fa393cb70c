package dev.easel.server.admission;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes degrade rules made to tasks, stored in the {@code task_degrades} table beside the tasks.
 *
 * <p>NOTE: the record is written right after the task's own insert, in a transaction of its own,
 * before the submit's response is sent. A crash between the two leaves a task that runs capped
 * without saying so, and its submitter never got a 202 for it. Thread-safe.
 */
public final class DegradeRecords {

    private static final TypeReference<List<Map<String, Object>>> CHANGES = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public DegradeRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the changes a degrade rule made to a task. */
    public void record(String taskId, List<ParameterChange> changes) {
        List<Map<String, Object>> rows = changes.stream()
                .map(c -> Map.<String, Object>of("field", c.field(), "requested", c.requested(), "applied", c.applied()))
                .toList();
        jdbc.update("INSERT INTO task_degrades (task_id, changes_json, created_at) VALUES (?, ?, ?)",
                taskId, json.writeValueAsString(rows), System.currentTimeMillis());
    }

    /** Returns the changes made to a task, or empty when it was not degraded. */
    public Optional<List<ParameterChange>> find(String taskId) {
        return jdbc.query("SELECT changes_json FROM task_degrades WHERE task_id = ?", (rs, row) -> rs.getString(1), taskId)
                .stream().findFirst()
                .map(text -> json.readValue(text, CHANGES).stream()
                        .map(m -> new ParameterChange((String) m.get("field"), ((Number) m.get("requested")).intValue(),
                                ((Number) m.get("applied")).intValue()))
                        .toList());
    }

    /** Adds {@code degraded} and {@code degrade_changes} to a task's API view. */
    public void addTo(Map<String, Object> view, String taskId) {
        List<ParameterChange> changes = find(taskId).orElse(List.of());
        view.put("degraded", !changes.isEmpty());
        view.put("degrade_changes", changes.stream().map(c -> {
            Map<String, Object> change = new java.util.LinkedHashMap<>();
            change.put("field", c.field());
            change.put("requested", c.requested());
            change.put("applied", c.applied());
            return change;
        }).toList());
    }
}
