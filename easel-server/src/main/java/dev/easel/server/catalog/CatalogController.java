package dev.easel.server.catalog;

import dev.easel.catalog.Catalog;
import dev.easel.catalog.CatalogError;
import dev.easel.catalog.ValidationReport;
import dev.easel.catalog.example.Example;
import dev.easel.server.task.RequestRejectedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalog endpoints: read models, pipelines, templates, scenes and examples; admin operations. */
@RestController
@RequestMapping("/v1")
@Tag(name = "catalog", description = "What users can make: models, pipelines, templates, scenes, examples")
class CatalogController {

    /** The body of an alias switch. */
    record AliasSwitch(String version, String reason) {
    }

    /** The body of a rollback. */
    record Rollback(String reason) {
    }

    /** The body of a validation: file paths relative to the catalog folder and their proposed content ({@code null} deletes). */
    record ProposedChange(Map<String, String> files) {
    }

    private static final String USER_HEADER = "X-Easel-User";

    private final CatalogAdmin admin;

    CatalogController(CatalogAdmin admin) {
        this.admin = admin;
    }

    @GetMapping("/catalog/{kind}")
    @Operation(summary = "List catalog objects", description = "kind: models, pipelines, templates, scenes or examples. "
            + "Texts follow Accept-Language (en or zh-CN).")
    Map<String, Object> list(@PathVariable String kind) {
        Catalog catalog = admin.catalog().current();
        CatalogViews views = views();
        List<Map<String, Object>> items = switch (kind) {
            case "models" -> catalog.models().stream().map(m -> views.model(m, catalog.aliases(m.id()))).toList();
            case "pipelines" -> catalog.pipelines().stream().map(views::pipeline).toList();
            case "templates" -> catalog.templates().stream().map(views::template).toList();
            case "scenes" -> catalog.scenes().stream().map(views::scene).toList();
            case "examples" -> catalog.examples().stream().map(views::example).toList();
            default -> throw new RequestRejectedException(404, "not_found", "kind", kind, null);
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", catalog.revision());
        body.put("items", items.stream().sorted(Comparator.comparing(m -> String.valueOf(m.get("id")))).toList());
        return body;
    }

    @GetMapping("/catalog/{kind}/{id}")
    @Operation(summary = "Read one catalog object")
    Map<String, Object> get(@PathVariable String kind, @PathVariable String id) {
        Catalog catalog = admin.catalog().current();
        CatalogViews views = views();
        Optional<Map<String, Object>> found = switch (kind) {
            case "models" -> catalog.model(id).map(m -> views.model(m, catalog.aliases(m.id())));
            case "pipelines" -> catalog.pipeline(id).map(views::pipeline);
            case "templates" -> catalog.template(id).map(views::template);
            case "scenes" -> catalog.scene(id).map(views::scene);
            case "examples" -> catalog.example(id).map(views::example);
            default -> Optional.empty();
        };
        return found.orElseThrow(() -> new RequestRejectedException(404, "not_found", "id", kind + "/" + id, null));
    }

    @GetMapping("/catalog/examples/{id}/cover")
    @Operation(summary = "An example's cover image")
    ResponseEntity<Resource> cover(@PathVariable String id) {
        Catalog catalog = admin.catalog().current();
        Path file = catalog.example(id).map(Example::cover).flatMap(catalog::asset)
                .orElseThrow(() -> new RequestRejectedException(404, "not_found", "id", "examples/" + id + "/cover", null));
        Resource resource = new FileSystemResource(file);
        MediaType type = MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).header("Cache-Control", "public, max-age=300").body(resource);
    }

    @PostMapping("/admin/catalog/reload")
    @Operation(summary = "Reload the catalog folder (admin role)", description = "Atomic: an invalid folder answers 422 with every "
            + "problem and the catalog in force stays.")
    Map<String, Object> reload() {
        Catalog loaded = admin.reload();
        return Map.of("revision", loaded.revision(), "loaded_at", loaded.loadedAt().toString());
    }

    @PostMapping("/admin/catalog/validate")
    @Operation(summary = "Validate a proposed change without applying it (admin role)",
            description = "Body: {\"files\": {\"scenes/sticker.yaml\": \"<content>\"}}; a null content deletes the file.")
    Map<String, Object> validate(@RequestBody ProposedChange change) {
        if (change.files() == null || change.files().isEmpty()) {
            throw new RequestRejectedException(422, "missing_field", "files", null, "an object of file paths and contents")
                    .withLimitMessage("limit.catalog_files");
        }
        ValidationReport report = admin.validate(change.files());
        return Map.of("valid", report.isValid(), "errors", report.errors().stream().map(CatalogController::error).toList());
    }

    @PostMapping("/admin/catalog/models/{model}/aliases/{alias}")
    @Operation(summary = "Point an alias at a version (admin role)", description = "Body: {\"version\": \"2\", \"reason\": \"...\"}")
    Map<String, Object> switchAlias(@PathVariable String model, @PathVariable String alias, @RequestBody AliasSwitch body,
                                    @Parameter(hidden = true) @RequestHeader(value = USER_HEADER, required = false) String user) {
        if (body.version() == null || body.version().isBlank()) {
            throw new RequestRejectedException(422, "missing_field", "version", null, "a version of model " + model)
                    .withLimitMessage("limit.model_version", model);
        }
        Catalog after = admin.switchAlias(model, alias, body.version(), actor(user), body.reason());
        return aliasView(after, model);
    }

    @PostMapping("/admin/catalog/models/{model}/aliases/{alias}/rollback")
    @Operation(summary = "Point an alias back at the version it had before its last switch (admin role)")
    Map<String, Object> rollback(@PathVariable String model, @PathVariable String alias, @RequestBody(required = false) Rollback body,
                                 @Parameter(hidden = true) @RequestHeader(value = USER_HEADER, required = false) String user) {
        Catalog after = admin.rollbackAlias(model, alias, actor(user), body == null ? null : body.reason());
        return aliasView(after, model);
    }

    @GetMapping("/admin/catalog/aliases/history")
    @Operation(summary = "Every alias switch with who, when, from and to (admin role)")
    Map<String, Object> history() {
        return Map.of("items", admin.catalog().auditLog().stream().map(change -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("model", change.modelId());
            item.put("alias", change.alias());
            item.put("from", change.fromVersion());
            item.put("to", change.toVersion());
            item.put("actor", change.actor());
            item.put("at", change.at().toString());
            item.put("reason", change.reason());
            item.put("rollback", change.rollback());
            return item;
        }).toList());
    }

    private static Map<String, Object> aliasView(Catalog catalog, String model) {
        return Map.of("model", model, "aliases", catalog.aliases(model), "revision", catalog.revision());
    }

    static Map<String, Object> error(CatalogError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", error.file());
        body.put("path", error.path());
        body.put("message", error.message());
        return body;
    }

    private static String actor(String user) {
        return user == null || user.isBlank() ? "admin" : user;
    }

    private static CatalogViews views() {
        return new CatalogViews(LocaleContextHolder.getLocale().toLanguageTag().toLowerCase().startsWith("zh") ? "zh-CN" : "en");
    }
}
