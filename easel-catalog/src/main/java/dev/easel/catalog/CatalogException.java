package dev.easel.catalog;

/**
 * Root of the catalog's unchecked exceptions. None of them is retryable as such: the request or
 * the catalog files must change first.
 */
public class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
