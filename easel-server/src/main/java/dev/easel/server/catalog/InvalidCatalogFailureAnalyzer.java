package dev.easel.server.catalog;

import dev.easel.catalog.CatalogInvalidException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a catalog that fails to load at start as Spring Boot's short failure report: every
 * problem with its file, and what to do, instead of the bean-creation stack trace around it.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class InvalidCatalogFailureAnalyzer extends AbstractFailureAnalyzer<CatalogInvalidException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CatalogInvalidException cause) {
        String description = "Easel could not load its catalog, so it did not start: " + cause.getMessage();
        String action = "Fix the files named above in the catalog folder (easel.catalog.dir, environment EASEL_CATALOG_DIR,"
                + " default ./catalog) and start Easel again. A running server checks a changed folder without applying it"
                + " at POST /v1/admin/catalog/validate; see docs/catalog.md.";
        return new FailureAnalysis(description, action, cause);
    }
}
