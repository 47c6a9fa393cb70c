package dev.easel.server.api;

import dev.easel.server.auth.Caller;
import jakarta.servlet.http.HttpServletRequest;

import dev.easel.server.output.OutputFiles;
import dev.easel.server.store.OutputRecord;
import dev.easel.server.store.TaskStore;
import dev.easel.server.task.RequestRejectedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Output images. An output never changes once it exists, so it may be cached for a year. */
@RestController
@Tag(name = "outputs", description = "Generated images")
class OutputController {

    private final TaskStore store;
    private final OutputFiles files;

    OutputController(TaskStore store, OutputFiles files) {
        this.store = store;
        this.files = files;
    }

    // TODO: only the bearer key's owner (or an admin) can fetch an output, so a browser <img> cannot
    // load it without a fetch() that adds the header; short-lived signed output URLs are not built yet.
    @GetMapping("/v1/outputs/{id}")
    @Operation(summary = "Fetch an output image", description = "The image with its media type, an ETag (its sha256) and "
            + "Cache-Control: private, max-age=31536000, immutable.")
    ResponseEntity<Resource> get(@PathVariable String id, @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch,
                                 HttpServletRequest request) {
        Caller caller = Caller.of(request);
        OutputRecord output = store.findOutput(id)
                .filter(o -> caller.user().admin() || store.findTask(o.taskId()).filter(t -> t.user().equals(caller.user().id())).isPresent())
                .orElseThrow(() -> new RequestRejectedException(404, "output_not_found", "id", id, null));
        String etag = "\"" + output.sha256() + "\"";
        CacheControl cache = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(304).eTag(etag).cacheControl(cache).build();
        }
        Path path = files.resolve(output.path());
        if (!Files.isRegularFile(path)) {
            throw new RequestRejectedException(410, "output_gone", "id", id, null);
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(output.mediaType()))
                .contentLength(output.sizeBytes())
                .eTag(etag)
                .cacheControl(cache)
                .body(new FileSystemResource(path));
    }
}
