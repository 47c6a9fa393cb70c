package dev.easel.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Writes a localized problem+json answer from a filter, before Spring MVC runs; the API package
 * implements it with its problem writer.
 */
@FunctionalInterface
public interface ProblemResponder {

    /** Writes the problem {@code problem.<code>.*} with this status to the response. */
    void respond(HttpServletRequest request, HttpServletResponse response, int status, String code) throws IOException;
}
