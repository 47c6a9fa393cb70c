package dev.easel.catalog.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    private static PromptTemplate template(String text) {
        return new PromptTemplate("t", 1, List.of(), text);
    }

    @Test
    void render_variablesAndConditions() {
        PromptTemplate template = template("{{subject}}{{#style_ink}}, ink wash{{/style_ink}}{{^style_ink}}, full colour{{/style_ink}}");

        assertThat(renderer.render(template, Map.of("subject", "a cat", "style_ink", true))).isEqualTo("a cat, ink wash");
        assertThat(renderer.render(template, Map.of("subject", "a cat"))).isEqualTo("a cat, full colour");
    }

    @Test
    void render_missingVariableAndEmptyText_renderNothing() {
        PromptTemplate template = template("{{subject}}{{#negative}}, not {{negative}}{{/negative}}|{{missing}}|");

        assertThat(renderer.render(template, Map.of("subject", "fox", "negative", ""))).isEqualTo("fox||");
    }

    @Test
    void render_collapsesWhiteSpaceAndSpacesBeforeCommas() {
        PromptTemplate template = template("  {{subject}}\n   {{#a}} , extra{{/a}}\n\n  end  ");

        assertThat(renderer.render(template, Map.of("subject", "fox", "a", true))).isEqualTo("fox, extra end");
    }

    @Test
    void render_doesNotEscapeHtml() {
        assertThat(renderer.render(template("{{subject}}"), Map.of("subject", "<b>&\"quoted\"</b>")))
                .isEqualTo("<b>&\"quoted\"</b>");
    }

    @Test
    void render_numbersAndLists() {
        PromptTemplate template = template("{{steps}} steps, seed {{seed}}, tags:{{#tags}} {{.}}{{/tags}}");

        assertThat(renderer.render(template, Map.of("steps", 20L, "seed", 7, "tags", List.of("a", "b"))))
                .isEqualTo("20 steps, seed 7, tags: a b");
    }

    @Test
    void sandbox_methodsAndFieldsOfValuesAreInvisible() {
        PromptTemplate template = template("[{{#subject}}{{class}}{{length}}{{bytes}}{{getClass}}{{empty}}{{toString}}{{/subject}}]"
                + "[{{subject.class}}][{{subject.class.name}}][{{subject.length}}][{{steps.class}}][{{flag.class}}]"
                + "[{{tags.size}}][{{tags.class}}][{{#tags}}{{class}}{{/tags}}][{{subject.hashCode}}]");

        String rendered = renderer.render(template, Map.of("subject", "a cat", "steps", 20L, "flag", true, "tags", List.of("x")));

        assertThat(rendered).isEqualTo("[][][][][][][][][][]");
    }

    @Test
    void sandbox_mapsExposeOnlyTheirKeys() {
        PromptTemplate template = template("{{map.class}}|{{map.size}}|{{map.name}}|{{map.keySet}}|{{map.entrySet}}");

        String rendered = renderer.render(template, Map.of("map", Map.of("name", "n")));

        assertThat(rendered).isEqualTo("||n||");
    }

    @Test
    void sandbox_javaObjectsAreRejectedBeforeRendering() {
        PromptTemplate template = template("{{file.absolutePath}}");

        assertThatThrownBy(() -> renderer.render(template, Map.of("file", new File("/etc/passwd"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a template value must be a string, number, boolean, list or map, was java.io.File");
        assertThatThrownBy(() -> renderer.render(template, Map.of("nested", List.of(Map.of("file", new File("/"))))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sandbox_partialsAreRejected() {
        assertThatThrownBy(() -> renderer.render(template("{{> /etc/passwd}}"), Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("partials are not allowed: {{> /etc/passwd}}");
        assertThatThrownBy(() -> renderer.variablesOf("x {{> other}}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("partials are not allowed");
    }

    @Test
    void variablesOf_listsTopLevelNamesOnce() {
        List<String> names = renderer.variablesOf("{{a}} {{#b}}{{.}} {{c}}{{/b}} {{^d}}{{a}}{{/d}} {{{e}}} {{&f}}");

        assertThat(names).containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void variablesOf_contextOutsideSections_isRejected() {
        for (String text : List.of("{{.}}", "a {{ this }}", "{{&.}}", "{{{this}}}", "{{#b}}{{.}}{{/b}} {{.}}")) {
            assertThatThrownBy(() -> renderer.variablesOf(text)).as(text)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining("outside a section would render every input");
        }
        assertThatThrownBy(() -> renderer.variablesOf("{{=<% %>=}}<% . %>"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("changing the tag delimiters is not allowed");
    }

    @Test
    void variablesOf_unclosedSection_isATemplateError() {
        assertThatThrownBy(() -> renderer.variablesOf("{{#a}} never closed"))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void templateContext_choiceInputsBecomeFlags() {
        var rules = new java.util.LinkedHashMap<String, dev.easel.catalog.input.InputRule>();
        rules.put("style", new dev.easel.catalog.input.InputRule(dev.easel.catalog.input.FieldType.CHOICE, false, null, null, null,
                false, null, null, null, List.of("ink", "oil-paint")));
        rules.put("photo", dev.easel.catalog.input.InputRule.of(dev.easel.catalog.input.FieldType.IMAGE));

        Map<String, Object> context = TemplateContext.of(rules, Map.of("style", "oil-paint", "photo", "upload-1"));

        assertThat(context).containsExactly(Map.entry("style", "oil-paint"), Map.entry("style_oil_paint", true));
        assertThat(TemplateContext.availableNames(rules)).containsExactly("style", "style_ink", "style_oil_paint");
    }
}
