package dev.easel.server.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.easel.server.webhook.WebhookRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/tasks}: either a model with its parameters, or one of a scene, a
 * pipeline or an example from the catalog with its inputs.
 *
 * @param model      model id, for example {@code tiny-sd}; required unless a catalog object is named
 * @param capability capability wire name; when left out, {@code txt2img} if the model offers it,
 *                   else the model's only capability
 * @param params     the model's parameters; defaults fill what is left out
 * @param tier       scheduler tier; the configured default when left out
 * @param scene      a scene id from {@code GET /v1/catalog/scenes}, with {@code inputs}; may be {@code null}
 * @param pipeline   a pipeline id from {@code GET /v1/catalog/pipelines}, with {@code inputs}; may be {@code null}
 * @param example    an example id from {@code GET /v1/catalog/examples}, with {@code overrides}; may be {@code null}
 * @param inputs     the scene's or pipeline's inputs by name; may be {@code null}
 * @param overrides  inputs that replace the example's; may be {@code null}
 * @param webhook    where to send the task's events, and which; may be {@code null}
 * @param startBy    {@code start_by}: an ISO-8601 instant (text) or seconds from now (a number);
 *                   the task expires if it has not started by then; may be {@code null}.
 *                   {@link RequestDeadlines} checks it
 * @param cancelAfter {@code cancel_after}: the same forms; the task is canceled if it has not
 *                   finished by then; may be {@code null}
 */
public record TaskRequest(String model, String capability, Map<String, Object> params, String tier,
                          String scene, String pipeline, String example, Map<String, Object> inputs,
                          Map<String, Object> overrides, WebhookRequest webhook,
                          @JsonProperty("start_by") Object startBy,
                          @JsonProperty("cancel_after") Object cancelAfter) {

    /** A request for a model with its parameters. */
    public TaskRequest(String model, String capability, Map<String, Object> params, String tier) {
        this(model, capability, params, tier, null, null, null, null, null, null, null, null);
    }

    /** Returns a copy with other model parameters, for example those a degrade rule capped. */
    public TaskRequest withParams(Map<String, Object> newParams) {
        return new TaskRequest(model, capability, newParams, tier, scene, pipeline, example, inputs, overrides, webhook, startBy,
                cancelAfter);
    }

    /** Returns a copy that runs in another tier, for example the caller's plan tier. */
    public TaskRequest withTier(String newTier) {
        return new TaskRequest(model, capability, params, newTier, scene, pipeline, example, inputs, overrides, webhook, startBy,
                cancelAfter);
    }

    /**
     * Rejects a request whose fields do not go together, so that none is dropped without a word:
     * exactly one of {@code model}, {@code scene}, {@code pipeline} and {@code example}; a model
     * takes {@code params} and {@code capability}, a scene or pipeline takes {@code inputs}, and an
     * example takes {@code overrides}. A request that names none of the four passes, and the
     * model check then reports {@code model} as missing.
     *
     * @throws RequestRejectedException 422 {@code conflicting_fields} naming the first field that does not fit
     */
    public void checkFieldsGoTogether() {
        Map<String, Object> sources = new LinkedHashMap<>();
        sources.put("model", model);
        sources.put("scene", scene);
        sources.put("pipeline", pipeline);
        sources.put("example", example);
        sources.values().removeIf(Objects::isNull);

        if (sources.size() > 1) {
            String second = sources.keySet().stream().skip(1).findFirst().orElseThrow();
            String first = sources.keySet().iterator().next();
            throw new RequestRejectedException(422, "conflicting_fields", second, sources.get(second),
                    "exactly one of model, scene, pipeline and example; this request also sets " + first)
                    .withLimitMessage("limit.one_task_source", first);
        }
        if (sources.isEmpty()) {
            return;
        }

        String source = sources.keySet().iterator().next();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("capability", capability);
        extras.put("params", params);
        extras.put("inputs", inputs);
        extras.put("overrides", overrides);
        extras.values().removeIf(Objects::isNull);

        for (String field : extras.keySet()) {
            if (!fieldsOf(source).contains(field)) {
                throw new RequestRejectedException(422, "conflicting_fields", field, null,
                        source + " takes " + String.join(" and ", fieldsOf(source))
                                + "; model takes params and capability, scene and pipeline take inputs, example takes overrides")
                        .withLimitMessage("limit.fields_of_source", source, String.join(", ", fieldsOf(source)));
            }
        }
    }

    private static List<String> fieldsOf(String source) {
        return switch (source) {
            case "model" -> List.of("params", "capability");
            case "example" -> List.of("overrides");
            default -> List.of("inputs");
        };
    }

    /** Returns whether the request names a scene, a pipeline or an example instead of a model. */
    public boolean isCatalogRequest() {
        return scene != null || pipeline != null || example != null;
    }
}
