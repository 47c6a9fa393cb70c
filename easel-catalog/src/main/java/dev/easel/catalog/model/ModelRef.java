package dev.easel.catalog.model;

import java.util.Objects;

/**
 * A model reference as a pipeline step writes it: {@code id@version}, {@code id@alias}, or a bare
 * {@code id}, which means {@code id@}{@value Model#DEFAULT_ALIAS}.
 *
 * @param modelId  model id
 * @param selector version label or alias name, never empty
 */
public record ModelRef(String modelId, String selector) {

    public ModelRef {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(selector, "selector");
    }

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException when the text is empty, or the id or selector around {@code @} is empty
     */
    public static ModelRef parse(String text) {
        int at = text.indexOf('@');
        String id = at < 0 ? text : text.substring(0, at);
        String selector = at < 0 ? Model.DEFAULT_ALIAS : text.substring(at + 1);
        if (id.isBlank() || selector.isBlank() || selector.contains("@")) {
            throw new IllegalArgumentException("\"" + text + "\" is not a model reference; write id, id@version or id@alias");
        }
        return new ModelRef(id, selector);
    }

    @Override
    public String toString() {
        return modelId + "@" + selector;
    }
}
