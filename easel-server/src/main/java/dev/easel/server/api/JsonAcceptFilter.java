package dev.easel.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Makes the task endpoints answer JSON whatever the caller's {@code Accept} says.
 *
 * <p>Content negotiation happens when the response is written, after a submit stored its task;
 * an {@code Accept: text/html} would then turn a stored task into a 406, and a client retrying
 * it would submit the task twice. The task endpoints only speak JSON (and problem+json), so the
 * filter replaces {@code Accept} with those types, except on the event stream, which speaks
 * {@code text/event-stream}. Stateless; thread-safe.
 */
final class JsonAcceptFilter extends OncePerRequestFilter {

    static final String JSON_TYPES = "application/json, application/problem+json";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/v1/tasks") || path.endsWith("/events");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new JsonAcceptRequest(request), response);
    }

    private static final class JsonAcceptRequest extends HttpServletRequestWrapper {

        JsonAcceptRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? JSON_TYPES : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(JSON_TYPES))
                    : super.getHeaders(name);
        }
    }
}
