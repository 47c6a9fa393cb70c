package dev.easel.server.task;

import java.util.Map;

/**
 * The body of {@code POST /v1/tasks}.
 *
 * @param model      model id, for example {@code tiny-sd}; required
 * @param capability capability wire name; when left out, {@code txt2img} if the model offers it,
 *                   else the model's only capability
 * @param params     the model's parameters; defaults fill what is left out
 * @param tier       scheduler tier; the configured default when left out
 */
public record TaskRequest(String model, String capability, Map<String, Object> params, String tier) {
}
