package dev.easel.server.api;

import dev.easel.server.admission.AdmissionGate;
import dev.easel.server.auth.Caller;
import dev.easel.server.auth.TierEntitlement;
import dev.easel.server.chain.CatalogTaskService;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.TaskStore;
import dev.easel.server.task.SubmittedTask;
import dev.easel.server.task.TaskService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/** Reproduces a scene, pipeline or example task from its recorded plan. */
@RestController
@RequestMapping("/v1/tasks")
@Tag(name = "tasks")
class CatalogTaskController {

    private final TaskService tasks;
    private final CatalogTaskService catalogTasks;
    private final TaskViews views;
    private final TierEntitlement entitlement;
    private final AdmissionGate admission;

    CatalogTaskController(TaskService tasks, CatalogTaskService catalogTasks, TaskStore store, TaskEvents events,
                          TierEntitlement entitlement, AdmissionGate admission) {
        this.entitlement = entitlement;
        this.admission = admission;
        this.tasks = tasks;
        this.catalogTasks = catalogTasks;
        this.views = new TaskViews(store, events);
    }

    @PostMapping("/{id}/reproduce")
    @Operation(summary = "Run a task's recorded plan again",
            description = "Submits a new task with the exact catalog versions (pipeline, templates, models) and inputs, seeds "
                    + "included, that task {id} recorded, even if the catalog or its aliases changed since. 202 with the new task. "
                    + "Admission checks the new task like a new submit of a catalog request, with the same 429 and 503 answers.")
    ResponseEntity<Map<String, Object>> reproduce(@PathVariable String id, @RequestParam(required = false) String tier,
                                                  @Parameter(hidden = true)
                                                  @RequestHeader(value = TaskController.USER_HEADER, required = false) String user,
                                                  HttpServletRequest httpRequest) {
        String caller = user == null || user.isBlank() ? "anonymous" : user;
        tasks.find(caller, id);
        String allowed = entitlement.resolve(Caller.of(httpRequest).user(), tier, false);
        // Admitted as a catalog request (no model or parameters), as the original task was.
        SubmittedTask submitted = admission.submit(caller, allowed, null, null, params -> catalogTasks.reproduce(caller, id, allowed));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/v1/tasks/" + submitted.task().id()))
                .body(views.accepted(submitted.task(), submitted.placement()));
    }
}
