package dev.easel.server.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Writes the servlet container's error path with a problem+json body instead of Spring Boot's
 * default error map. A request for {@code /error} itself (no error forwarded) is a 404.
 * Stateless; thread-safe.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final ProblemWriter problems;

    ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : String.valueOf(uri);
        int status = forwarded instanceof Integer code && code >= 400 && code <= 599 ? code : 404;

        ProblemDetail problem;
        if (status == 404) {
            problem = problems.problem(status, "not_found", "path", path, null, ProblemWriter.locale());
        } else if (status >= 500) {
            problem = problems.problem(status, "internal_error", null, null, null, ProblemWriter.locale());
        } else {
            problem = problems.problem(status, "bad_request", null, null, "a valid request",
                    new DefaultMessageSourceResolvable("limit.valid_request"), ProblemWriter.locale());
        }
        problem.setInstance(URI.create(path));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
