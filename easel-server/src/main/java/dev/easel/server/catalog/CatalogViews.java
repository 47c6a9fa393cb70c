package dev.easel.server.catalog;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.example.Example;
import dev.easel.catalog.input.InputRule;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.model.ParameterLimit;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.pipeline.Step;
import dev.easel.catalog.scene.Field;
import dev.easel.catalog.scene.Scene;
import dev.easel.catalog.template.PromptTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON views of catalog objects. Texts come in the request's language ({@code lang}: {@code en}
 * or {@code zh-CN}, picked from Accept-Language); every object carries its {@code version}.
 */
final class CatalogViews {

    private final String lang;

    CatalogViews(String lang) {
        this.lang = lang;
    }

    Map<String, Object> model(Model model, Map<String, String> aliases) {
        Map<String, Object> body = head(model.id(), null, model.title(), null);
        body.put("aliases", aliases);
        body.put("versions", model.versions().stream().map(this::modelVersion).toList());
        return body;
    }

    Map<String, Object> pipeline(Pipeline pipeline) {
        Map<String, Object> body = head(pipeline.id(), pipeline.version(), pipeline.title(), pipeline.description());
        Map<String, Object> inputs = new LinkedHashMap<>();
        pipeline.inputs().forEach((name, rule) -> inputs.put(name, rule(rule)));
        body.put("inputs", inputs);
        body.put("steps", pipeline.steps().stream().map(CatalogViews::step).toList());
        return body;
    }

    Map<String, Object> template(PromptTemplate template) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", template.id());
        body.put("version", template.version());
        body.put("variables", template.variables());
        body.put("text", template.text());
        return body;
    }

    Map<String, Object> scene(Scene scene) {
        Map<String, Object> body = head(scene.id(), scene.version(), scene.title(), scene.description());
        body.put("pipeline", scene.pipeline());
        body.put("fields", scene.fields().stream().filter(f -> !f.hidden()).map(this::field).toList());
        body.put("presets", scene.presets());
        return body;
    }

    Map<String, Object> example(Example example) {
        Map<String, Object> body = head(example.id(), example.version(), example.title(), example.description());
        body.put("scene", example.scene());
        body.put("inputs", example.inputs());
        body.put("cover_url", example.cover() == null ? null : "/v1/catalog/examples/" + example.id() + "/cover");
        body.put("submit", Map.of("example", example.id(), "overrides", Map.of()));
        return body;
    }

    private Map<String, Object> head(String id, Integer version, LocalizedText title, LocalizedText description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        if (version != null) {
            body.put("version", version);
        }
        body.put("lang", lang);
        body.put("title", text(title));
        if (description != null) {
            body.put("description", text(description));
        }
        return body;
    }

    private Map<String, Object> modelVersion(ModelVersion version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version.version());
        body.put("backend", version.backend());
        body.put("file_hash", version.fileHash());
        body.put("capabilities", version.capabilities().stream().sorted().toList());
        body.put("cost_prior_seconds", version.costPriorSeconds());
        Map<String, Object> parameters = new LinkedHashMap<>();
        version.parameters().forEach((name, limit) -> parameters.put(name, limit(limit)));
        body.put("parameters", parameters);
        return body;
    }

    private static Map<String, Object> limit(ParameterLimit limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", limit.type().name().toLowerCase(java.util.Locale.ROOT));
        putIfSet(body, "default", limit.defaultValue());
        boolean whole = limit.type() == ParameterLimit.Type.INTEGER || limit.type() == ParameterLimit.Type.STRING;
        putIfSet(body, "min", number(limit.min(), whole));
        putIfSet(body, "max", number(limit.max(), whole));
        putIfSet(body, "multiple_of", limit.multipleOf());
        if (!limit.choices().isEmpty()) {
            body.put("choices", limit.choices());
        }
        return body;
    }

    private static Map<String, Object> step(Step step) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", step.id());
        body.put("capability", step.capability());
        body.put("model", step.model());
        return body;
    }

    private Map<String, Object> field(Field field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", field.name());
        body.putAll(rule(field.rule()));
        body.put("label", text(field.label()));
        body.put("help", field.help() == null ? null : text(field.help()));
        if (!field.choiceLabels().isEmpty()) {
            List<Map<String, Object>> choices = field.choiceLabels().entrySet().stream()
                    .map(e -> Map.<String, Object>of("value", e.getKey(), "label", text(e.getValue()))).toList();
            body.put("choices", choices);
        }
        return body;
    }

    private static Map<String, Object> rule(InputRule rule) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", rule.type().name().toLowerCase(java.util.Locale.ROOT));
        body.put("required", rule.required());
        putIfSet(body, "default", rule.defaultValue());
        putIfSet(body, "min", number(rule.min(), rule.integer()));
        putIfSet(body, "max", number(rule.max(), rule.integer()));
        if (rule.integer()) {
            body.put("integer", true);
        }
        putIfSet(body, "min_length", rule.minLength());
        putIfSet(body, "max_length", rule.maxLength());
        putIfSet(body, "pattern", rule.pattern() == null ? null : rule.pattern().pattern());
        if (!rule.choices().isEmpty()) {
            body.put("choices", rule.choices());
        }
        return body;
    }

    private String text(LocalizedText text) {
        return text == null ? null : text.in(lang);
    }

    /**
     * Returns a limit as JSON writes it: a {@code Long} for an integer parameter (so {@code 50},
     * not {@code 50.0}), the double otherwise, {@code null} when unset.
     */
    private static Object number(Double value, boolean integral) {
        if (value == null || !integral || value != Math.rint(value) || Math.abs(value) >= 1e15) {
            return value;
        }
        return value.longValue();
    }

    private static void putIfSet(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
