package dev.easel.server.api;

import dev.easel.engine.Capability;
import dev.easel.engine.ParameterSpec;
import dev.easel.server.worker.BackendRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The models this server runs, with their parameter schemas. */
@RestController
@Tag(name = "models", description = "Models, capabilities and parameter schemas")
class ModelController {

    private final BackendRegistry backends;

    ModelController(BackendRegistry backends) {
        this.backends = backends;
    }

    @GetMapping("/v1/models")
    @Operation(summary = "List models", description = "Each model with its capabilities and every parameter's type, default and limits.")
    Map<String, Object> list() {
        List<Map<String, Object>> models = backends.models().stream().map(ModelController::model).toList();
        return Map.of("items", models);
    }

    private static Map<String, Object> model(BackendRegistry.ServedModel served) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", served.info().id());
        body.put("version", served.info().version());
        body.put("backend", served.backend().id());
        body.put("capabilities", served.info().capabilities().stream().map(Capability::wireName).sorted().toList());
        body.put("max_batch", served.info().maxBatch());
        body.put("file_hash", served.info().fileHash());
        body.put("licence", served.info().licence());
        body.put("parameters", served.info().schema().parameters().stream().map(ModelController::parameter).toList());
        return body;
    }

    private static Map<String, Object> parameter(ParameterSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("type", spec.type().name().toLowerCase(Locale.ROOT));
        body.put("required", spec.isRequired());
        body.put("default", spec.defaultValue());
        body.put("min", spec.min());
        body.put("max", spec.max());
        body.put("multiple_of", spec.multipleOf());
        body.put("allowed", spec.allowed().isEmpty() ? null : spec.allowed());
        body.put("batch_key", spec.batchKey());
        body.put("description", spec.description());
        return body;
    }
}
