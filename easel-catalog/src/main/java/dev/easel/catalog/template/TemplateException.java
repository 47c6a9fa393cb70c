package dev.easel.catalog.template;

import dev.easel.catalog.CatalogException;

/** Thrown when a template's text cannot be compiled or rendered; the message names the template. */
public final class TemplateException extends CatalogException {

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
