package dev.easel.catalog.load;

import dev.easel.catalog.template.PromptTemplate;
import dev.easel.catalog.template.TemplateException;
import dev.easel.catalog.template.TemplateRenderer;
import java.util.List;

/** Reads one prompt template file and checks that its text compiles and uses only declared variables. */
final class TemplateReader {

    private TemplateReader() {
    }

    static PromptTemplate read(Node root, TemplateRenderer renderer) {
        root.rejectUnknownKeys("id", "version", "description", "variables", "text");
        String id = root.id("id");
        Integer version = root.integer("version", 1);
        List<String> variables = root.strings("variables");
        String text = root.text("text");
        if (text != null) {
            checkText(root.child("text"), text, variables, renderer);
        }
        if (id == null || version == null || text == null) {
            return null;
        }
        return new PromptTemplate(id, version, variables, text);
    }

    private static void checkText(Node node, String text, List<String> declared, TemplateRenderer renderer) {
        try {
            for (String name : renderer.variablesOf(text)) {
                if (!declared.contains(name)) {
                    node.error("uses {{" + name + "}}, which is not listed in variables (" + String.join(", ", declared) + ")");
                }
            }
        } catch (TemplateException e) {
            node.error("is not a valid Mustache template: " + e.getMessage());
        }
    }
}
