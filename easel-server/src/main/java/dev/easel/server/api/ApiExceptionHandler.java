package dev.easel.server.api;

import dev.easel.server.admission.AdmissionDecision;
import dev.easel.server.task.RequestRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * Turns every failure of an API request into a problem+json response (RFC 9457) that names the
 * field, the value and the limit. A user's mistake is a 4xx. Only a bug is a 500, which is logged
 * with its stack trace and sent without one.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ProblemWriter problems;

    ApiExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e, HttpServletRequest request) {
        MessageSourceResolvable limitMessage = e.limitKey() == null ? ParameterRuleMessages.match(e.limit()).orElse(null)
                : new DefaultMessageSourceResolvable(new String[] {e.limitKey()}, e.limitArgs(), e.limit());
        ResponseEntity<Object> answer = answer(e.status(), e.code(), e.field(), e.value(), e.limit(), limitMessage, request);
        if (e.retryAfterSeconds() == null) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(answer.getBody());
    }

    @ExceptionHandler(dev.easel.server.admission.AdmissionRejectedException.class)
    ResponseEntity<Object> admissionRejected(dev.easel.server.admission.AdmissionRejectedException e, HttpServletRequest request) {
        AdmissionDecision.Rejected rejected = e.rejection();
        AdmissionDecision.ProblemFields fields = rejected.reason() == dev.easel.server.admission.RejectionReason.QUEUE_FULL
                ? new AdmissionDecision.ProblemFields("tier", rejected.details().get("tier"),
                        "at most " + rejected.details().get("limit") + " queued tasks")
                : rejected.problemFields();
        AdmissionDecision.LimitMessage limit = rejected.limitMessage();
        MessageSourceResolvable limitMessage = limit == null ? null
                : new DefaultMessageSourceResolvable(new String[] {limit.key()}, limit.args().toArray(), fields.limit());
        ResponseEntity<Object> answer = answer(rejected.reason().httpStatus(), rejected.reason().code(), fields.field(), fields.value(),
                fields.limit(), limitMessage, request);
        Long retryAfter = rejected.retryAfterSeconds();
        if (retryAfter == null) {
            return answer;
        }
        if (answer.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("retry_after_seconds", retryAfter);
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter)).body(answer.getBody());
    }

    @ExceptionHandler(dev.easel.server.webhook.InvalidWebhookRequestException.class)
    ResponseEntity<Object> invalidWebhook(dev.easel.server.webhook.InvalidWebhookRequestException e, HttpServletRequest request) {
        MessageSourceResolvable limitMessage = e.ruleKey() == null ? null
                : new DefaultMessageSourceResolvable(new String[] {e.ruleKey()}, e.ruleArgs(), e.rule());
        return answer(422, "invalid_field", e.field(), e.value(), e.rule(), limitMessage, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        MessageSourceResolvable expected = queryType(e.getRequiredType());
        return answer(400, "invalid_query", e.getName(), e.getValue(), expected.getDefaultMessage(), expected, request);
    }

    private static MessageSourceResolvable queryType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return limit("limit.integer", "an integer");
        }
        if (type != null && Number.class.isAssignableFrom(type)) {
            return limit("limit.number", "a number");
        }
        if (type == Boolean.class || type == boolean.class) {
            return limit("limit.boolean", "true or false");
        }
        return valueOfType(type);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.atError().addKeyValue("path", request.getRequestURI()).setCause(e).log("request failed unexpectedly");
        return answer(500, "internal_error", null, null, null, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = (HttpServletRequest) request.resolveReference(WebRequest.REFERENCE_REQUEST);
        Throwable cause = e.getCause();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return answer(413, "payload_too_large", "body", null, "at most " + tooLarge.maxBytes() + " bytes",
                        limit("limit.max_bytes", null, String.valueOf(tooLarge.maxBytes())), servlet);
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return answer(400, "unknown_field", path(unknown), unknown.getPropertyName(), "known fields: " + known,
                    limit("limit.known_fields", null, known), servlet);
        }
        if (cause instanceof InvalidFormatException format) {
            MessageSourceResolvable expected = valueOfType(format.getTargetType());
            return answer(400, "wrong_type", path(format), format.getValue(), expected.getDefaultMessage(), expected, servlet);
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            if (field.isEmpty()) {
                return answer(400, "malformed_json", "body", null, "a JSON object", limit("limit.json_object", "a JSON object"), servlet);
            }
            MessageSourceResolvable expected = valueOfType(mismatch.getTargetType());
            return answer(400, "wrong_type", field, null, expected.getDefaultMessage(), expected, servlet);
        }
        if (cause instanceof StreamConstraintsException limit) {
            MessageSourceResolvable exceeded = JsonLimits.describe(limit.getOriginalMessage());
            return answer(400, "json_limit", "body", null, exceeded.getDefaultMessage(), exceeded, servlet);
        }
        if (cause instanceof StreamReadException read && read.getOriginalMessage() != null
                && read.getOriginalMessage().startsWith("Duplicate")) {
            String message = read.getOriginalMessage();
            int open = message.indexOf('"');
            int close = message.lastIndexOf('"');
            String name = open >= 0 && close > open ? message.substring(open + 1, close) : message;
            return answer(400, "duplicate_field", name, name, "each field once", servlet);
        }
        if (cause instanceof StreamReadException || cause instanceof JacksonException) {
            if (cause instanceof StreamReadException read && read.getLocation() != null) {
                int line = read.getLocation().getLineNr();
                int column = read.getLocation().getColumnNr();
                return answer(400, "malformed_json", "body", null, "line " + line + ", column " + column,
                        limit("limit.json_location", null, String.valueOf(line), String.valueOf(column)), servlet);
            }
            return answer(400, "malformed_json", "body", null, "", servlet);
        }
        return answer(400, "malformed_json", "body", null, "a JSON object", limit("limit.json_object", "a JSON object"), servlet);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = (HttpServletRequest) request.resolveReference(WebRequest.REFERENCE_REQUEST);
        if (e.getContentType() == null || servlet.getContentType() == null) {
            return answer(415, "missing_content_type", "Content-Type", null, MediaType.APPLICATION_JSON_VALUE, servlet);
        }
        return answer(415, "unsupported_media_type", "Content-Type", String.valueOf(e.getContentType()), MediaType.APPLICATION_JSON_VALUE, servlet);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e, HttpHeaders headers,
                                                                         HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = (HttpServletRequest) request.resolveReference(WebRequest.REFERENCE_REQUEST);
        return answer(405, "method_not_allowed", "method", e.getMethod(), String.join(", ", e.getSupportedMethods() == null
                ? new String[0] : e.getSupportedMethods()), servlet);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = (HttpServletRequest) request.resolveReference(WebRequest.REFERENCE_REQUEST);
        return answer(404, "not_found", "path", servlet.getRequestURI(), null, servlet);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers, HttpStatusCode status,
                                                             WebRequest request) {
        HttpServletRequest servlet = (HttpServletRequest) request.resolveReference(WebRequest.REFERENCE_REQUEST);
        if (status.is5xxServerError()) {
            // The message of a server error may describe the server's internals, so it is only logged.
            log.atError().addKeyValue("path", servlet.getRequestURI()).setCause(e).log("request failed");
            return answer(status.value(), problemCode(status.value()), null, null, null, servlet);
        }
        // The framework's message is English, so only an English detail quotes it.
        return answer(status.value(), problemCode(status.value()), null, null, e.getMessage(),
                limit("limit.request_error", null, String.valueOf(e.getMessage())), servlet);
    }

    /**
     * Returns the problem code of a Spring MVC error that no handler above covers, from its
     * status: {@code bad_request} (400), {@code not_acceptable} (406), {@code service_unavailable}
     * (503), {@code internal_error} for another 5xx and {@code request_error} for another 4xx.
     */
    private static String problemCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 406 -> "not_acceptable";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "request_error";
        };
    }

    private ResponseEntity<Object> answer(int status, String code, String field, Object value, String limit, HttpServletRequest request) {
        return answer(status, code, field, value, limit, null, request);
    }

    private ResponseEntity<Object> answer(int status, String code, String field, Object value, String limit,
                                          MessageSourceResolvable limitMessage, HttpServletRequest request) {
        ProblemDetail problem = problems.problem(status, code, field, value, limit, limitMessage, ProblemWriter.locale());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /**
     * Returns "a value of type X" as a bundle entry whose argument is itself an entry for the JSON
     * type (string, number, boolean, array or object), so that the type is worded in the caller's
     * language too.
     */
    private static MessageSourceResolvable valueOfType(Class<?> type) {
        String name = typeName(type);
        Object typeWord = switch (name) {
            case "string", "object", "number", "array", "boolean" -> limit("limit.json_type." + name, name);
            default -> name;
        };
        return limit("limit.value_of_type", "a value of type " + name, typeWord);
    }

    /** Returns the JSON type that a Java target type is read from: string, number, boolean, array or object. */
    private static String typeName(Class<?> type) {
        if (type == null) {
            return "unknown";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()
                || java.time.temporal.TemporalAccessor.class.isAssignableFrom(type)) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        // Maps, records and other bean types are all read from JSON objects.
        return "object";
    }

    /**
     * Returns a bundle entry that words a limit in the detail.
     *
     * @param english the English text, used when the bundle lacks the key; {@code null} to let the bundle word it
     */
    private static MessageSourceResolvable limit(String key, String english, Object... args) {
        return new DefaultMessageSourceResolvable(new String[] {key}, args, english);
    }
}
