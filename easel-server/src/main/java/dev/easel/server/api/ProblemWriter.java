package dev.easel.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * Builds RFC 9457 problem details with localized title and detail from the message bundle
 * ({@code problem.<code>.title} and {@code problem.<code>.detail}, arguments field, value and
 * limit). Besides the standard members, each problem carries {@code code}, and {@code field},
 * {@code value} and {@code limit} where they apply. Thread-safe.
 */
final class ProblemWriter {

    private final MessageSource messages;
    private final JsonMapper json;

    ProblemWriter(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** Returns the problem for a rejection, in the request's locale. */
    ProblemDetail problem(int status, String code, String field, Object value, String limit, Locale locale) {
        return problem(status, code, field, value, limit, null, locale);
    }

    /**
     * Returns the problem for a rejection, in the request's locale, with the limit in the detail
     * worded by a bundle entry.
     *
     * @param limit        the {@code limit} member of the body, kept as given in every language
     * @param limitMessage the bundle entry that words the limit in the detail, or {@code null} to
     *                     use {@code limit} there too
     */
    ProblemDetail problem(int status, String code, String field, Object value, String limit, MessageSourceResolvable limitMessage,
                          Locale locale) {
        locale = ApiLocales.forMessages(locale);
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatusCode.valueOf(status));
        problem.setType(URI.create("urn:easel:problem:" + code.replace('_', '-')));
        String shownValue = value == null ? "" : abbreviate(String.valueOf(value));
        String limitText = limitMessage != null ? messages.getMessage(limitMessage, locale) : limit == null ? "" : limit;
        Object[] args = {field == null ? "" : field, shownValue, limitText};
        problem.setTitle(messages.getMessage("problem." + code + ".title", args, code, locale));
        problem.setDetail(messages.getMessage("problem." + code + ".detail", args, code, locale));
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        if (value != null) {
            problem.setProperty("value", value instanceof Number || value instanceof Boolean ? value : shownValue);
        }
        if (limit != null) {
            problem.setProperty("limit", limit);
        }
        return problem;
    }

    /** Writes a problem directly to a response, for filters that run before Spring MVC. */
    void write(HttpServletRequest request, HttpServletResponse response, int status, String code, String field, Object value,
               String limit) throws IOException {
        write(request, response, status, code, field, value, limit, null);
    }

    /**
     * Writes a problem directly to a response, for filters that run before Spring MVC, with the
     * limit in the detail worded by a bundle entry.
     *
     * @param limitMessage the bundle entry that words the limit in the detail, or {@code null} to use {@code limit}
     */
    void write(HttpServletRequest request, HttpServletResponse response, int status, String code, String field, Object value,
               String limit, MessageSourceResolvable limitMessage) throws IOException {
        Locale locale = request.getLocale() == null ? Locale.ENGLISH : request.getLocale();
        ProblemDetail problem = problem(status, code, field, value, limit, limitMessage, locale);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Connection", "close");
        response.getWriter().write(json.writeValueAsString(problem));
    }

    /** Returns the locale of the current request. */
    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
