package dev.easel.server.api;

import dev.easel.catalog.CatalogException;
import dev.easel.catalog.CatalogInvalidException;
import dev.easel.catalog.UnknownObjectException;
import dev.easel.catalog.input.InputError;
import dev.easel.catalog.input.InvalidInputsException;
import dev.easel.server.chain.RejectedInputsException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Problem responses for the catalog's exceptions. Input errors name the field in the scene's
 * terms ({@code inputs.<name>}, or {@code overrides.<name>} for an example) with its label, and
 * the rule, in the request's language (message bundle keys {@code input.rule.<code>}); every
 * error of the request is listed in {@code errors}, the first one also at the top level.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
final class CatalogProblemHandler {

    private final ProblemWriter problems;
    private final MessageSource messages;

    CatalogProblemHandler(ProblemWriter problems, MessageSource messages) {
        this.problems = problems;
        this.messages = messages;
    }

    @ExceptionHandler(InvalidInputsException.class)
    ResponseEntity<Object> invalidInputs(InvalidInputsException e, HttpServletRequest request) {
        return inputsProblem("inputs", e.errors(), request);
    }

    /** Input errors of a catalog task request, named after the member that carried them ({@code inputs} or {@code overrides}). */
    @ExceptionHandler(RejectedInputsException.class)
    ResponseEntity<Object> rejectedInputs(RejectedInputsException e, HttpServletRequest request) {
        return inputsProblem(e.group(), e.errors(), request);
    }

    private ResponseEntity<Object> inputsProblem(String group, List<InputError> inputErrors, HttpServletRequest request) {
        Locale locale = ProblemWriter.locale();
        String lang = locale.getLanguage().equals("zh") ? "zh-CN" : "en";
        List<Map<String, Object>> errors = inputErrors.stream().map(error -> error(group, error, locale, lang)).toList();
        Map<String, Object> first = errors.get(0);
        String label = (String) first.get("label");
        String field = (String) first.get("field");
        ProblemDetail problem = problems.problem(422, "invalid_input", label == null ? field : field + " (" + label + ")",
                first.get("value"), (String) first.get("limit"), locale);
        problem.setProperty("field", field);
        if (label != null) {
            problem.setProperty("label", label);
        }
        problem.setProperty("errors", errors);
        return answer(problem, request);
    }

    @ExceptionHandler(CatalogInvalidException.class)
    ResponseEntity<Object> invalidCatalog(CatalogInvalidException e, HttpServletRequest request) {
        ProblemDetail problem = problems.problem(422, "catalog_invalid", "files", null, e.errors().get(0).toString(), ProblemWriter.locale());
        problem.setProperty("errors", e.errors().stream().map(error -> Map.of("file", error.file(), "path", String.valueOf(error.path()),
                "message", error.message())).toList());
        return answer(problem, request);
    }

    @ExceptionHandler(UnknownObjectException.class)
    ResponseEntity<Object> unknown(UnknownObjectException e, HttpServletRequest request) {
        return answer(problems.problem(404, "catalog_not_found", e.kind().wireName(), e.id(), e.getMessage(), ProblemWriter.locale()),
                request);
    }

    @ExceptionHandler(CatalogException.class)
    ResponseEntity<Object> conflict(CatalogException e, HttpServletRequest request) {
        // NOTE: the catalog words a conflict in English only, so a Chinese detail quotes it in English.
        return answer(problems.problem(409, "catalog_conflict", null, null, e.getMessage(), ProblemWriter.locale()), request);
    }

    /**
     * Returns one entry of {@code errors}. The bundle entry {@code input.rule.<code>} gets the limit
     * as {0} (whole numbers without a decimal point) and the value as {1}; for {@code invalid_image}
     * {0} is the image check's rule in the request's language instead.
     */
    private Map<String, Object> error(String group, InputError error, Locale locale, String lang) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("field", group + "." + error.field());
        body.put("label", error.label() == null ? null : error.label().in(lang));
        body.put("code", error.code());
        Object value = error.value() == null ? null : abbreviate(error.value());
        body.put("value", value);
        Object first = "invalid_image".equals(error.code()) ? imageRule(error.detail(), locale) : formatLimit(error.limit());
        Object[] args = {first, value == null ? "" : String.valueOf(value)};
        body.put("limit", messages.getMessage("input.rule." + error.code(), args, error.detail(), locale));
        return body;
    }

    private String imageRule(String englishRule, Locale locale) {
        return ParameterRuleMessages.match(englishRule).map(rule -> messages.getMessage(rule, locale)).orElse(englishRule);
    }

    /** Formats a limit for a message: a whole number without {@code .0}, a list or text as it reads. */
    static String formatLimit(Object limit) {
        if (limit == null) {
            return "";
        }
        if (limit instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString(number.longValue());
        }
        if (limit instanceof Number number) {
            return number.toString();
        }
        return String.valueOf(limit);
    }

    private static Object abbreviate(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
