package dev.easel.catalog.template;

import java.util.List;
import java.util.Objects;

/**
 * A prompt template: Mustache text with variables and simple conditions, for example a style
 * suffix that appears only when {@code style_ink} is set.
 *
 * @param id        template id
 * @param version   object version, at least 1
 * @param variables names the text may use; loading rejects any other name
 * @param text      Mustache source
 */
public record PromptTemplate(String id, int version, List<String> variables, String text) {

    public PromptTemplate {
        Objects.requireNonNull(id, "id");
        variables = List.copyOf(variables);
        Objects.requireNonNull(text, "text");
    }
}
