package dev.easel.server.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every {@code /v1} request by its {@code Authorization: Bearer <key>} header.
 *
 * <p>A request without a key, with an unknown or wrong key, or with a disabled key or user gets
 * {@code 401} (problem+json, code {@code unauthorized}, {@code WWW-Authenticate: Bearer}); a
 * non-admin calling {@code /v1/admin/...} gets {@code 403 forbidden}. An accepted request carries
 * its {@link Caller} as a request attribute, and its {@code X-Easel-User} header is replaced by
 * the user's id, so that controllers reading that header see the authenticated user whatever the
 * client sent. Thread-safe.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    /** The header that carries the authenticated user's id to the controllers. */
    static final String USER_HEADER = "X-Easel-User";

    private final UserStore users;
    private final AuthProperties properties;
    private final ProblemResponder rejector;

    ApiKeyFilter(UserStore users, AuthProperties properties, ProblemResponder rejector) {
        this.users = users;
        this.properties = properties;
        this.rejector = rejector;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = authenticate(request.getHeader("Authorization"));
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"easel\"");
            rejector.respond(request, response, 401, "unauthorized");
            return;
        }
        if (request.getRequestURI().startsWith("/v1/admin/") && !caller.get().user().admin()) {
            rejector.respond(request, response, 403, "forbidden");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(new AuthenticatedRequest(request, caller.get().user().id()), response);
    }

    private Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return ApiKeys.parse(authorization.substring(7).trim())
                .flatMap(parsed -> users.findKey(parsed.keyId())
                        .filter(stored -> !stored.disabled() && !stored.user().disabled())
                        .filter(stored -> ApiKeys.matches(parsed.text(), stored.keyHash()))
                        .map(stored -> new Caller(stored.user(), stored.keyId(), properties.tierOf(stored.user().plan()))));
    }

    /** The request with {@link #USER_HEADER} set to the authenticated user. */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private final String userId;

        AuthenticatedRequest(HttpServletRequest request, String userId) {
            super(request);
            this.userId = userId;
        }

        @Override
        public String getHeader(String name) {
            return USER_HEADER.equalsIgnoreCase(name) ? userId : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return USER_HEADER.equalsIgnoreCase(name) ? Collections.enumeration(Set.of(userId)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.add(USER_HEADER);
            return Collections.enumeration(names);
        }
    }
}
