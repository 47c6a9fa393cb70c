package dev.easel.catalog.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders prompt templates with jmustache in a sandbox.
 *
 * <p>The sandbox has three parts. Values are copied into plain maps, lists, strings, numbers and
 * booleans before rendering, and anything else is rejected. The {@link SandboxCollector} reads names
 * from maps and lists only, never by reflection. Partials ({@code {{> name}}}) are rejected, so a
 * template cannot read files. HTML escaping is off because prompts are not HTML.
 *
 * <p>Rendered text has runs of white space collapsed to one space, spaces before commas removed,
 * and is trimmed, so YAML folded scalars and empty conditional sections leave no stray gaps in a
 * comma-separated prompt. Thread-safe; compiled templates are
 * cached by text.
 *
 * <p>NOTE: the cache keeps every template text ever rendered for the life of the renderer; it grows
 * only when template files change, one entry per version.
 */
public final class TemplateRenderer {

    private static final Set<String> BUILT_IN_NAMES = Set.of(".", "this", "-first", "-last", "-index");

    /** Names of the current context: inside a section its item, outside every section the whole input map. */
    private static final Set<String> CONTEXT_NAMES = Set.of(".", "this");

    /** A Mustache tag with the default delimiters: {@code {{name}}}, {@code {{{name}}}}, {@code {{#name}}} and the like. */
    private static final Pattern TAG = Pattern.compile("\\{\\{\\{?(.*?)\\}?\\}\\}", Pattern.DOTALL);

    private final Mustache.Compiler compiler = Mustache.compiler()
            .escapeHTML(false)
            .defaultValue("")
            .emptyStringIsFalse(true)
            .withCollector(new SandboxCollector())
            .withLoader(name -> {
                throw new UnsupportedOperationException("partials are not allowed: {{> " + name + "}}");
            });
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /**
     * Renders a template.
     *
     * @param template the template
     * @param values   variables by name; values must be strings, numbers, booleans, or lists and
     *                 maps of those
     * @return the rendered text with white space collapsed
     * @throws TemplateException when the text does not compile or rendering fails
     * @throws IllegalArgumentException when a value is of another type
     */
    public String render(PromptTemplate template, Map<String, ?> values) {
        Map<String, Object> plain = PlainValues.copyMap(values);
        try {
            String text = compile(template).execute(plain);
            return text.replaceAll("\\s+", " ").replace(" ,", ",").trim();
        } catch (MustacheException | UnsupportedOperationException e) {
            throw new TemplateException("template " + template.id() + " v" + template.version()
                    + " failed to render: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the top-level names a template text uses, in order of first use.
     *
     * @throws TemplateException when the text does not compile, uses a partial, changes the tag
     *                           delimiters, or uses {@code {{.}}} or {@code {{this}}} outside a
     *                           section, where it would render the whole input map
     */
    public List<String> variablesOf(String text) {
        Set<String> names = new LinkedHashSet<>();
        List<String> partials = new ArrayList<>();
        compileUncached(text).visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
                add(name);
            }

            @Override
            public boolean visitInclude(String name) {
                partials.add(name);
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                add(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                add(name);
                return true;
            }

            private void add(String name) {
                if (!BUILT_IN_NAMES.contains(name)) {
                    names.add(name);
                }
            }
        });
        if (!partials.isEmpty()) {
            throw new TemplateException("partials are not allowed: {{> " + partials.get(0) + "}}", null);
        }
        checkContextOutsideSections(text);
        return List.copyOf(names);
    }

    /**
     * Rejects {@code {{.}}} and {@code {{this}}} outside every section, and delimiter changes that
     * would hide such a tag from this scan.
     *
     * <p>Implementation notes: jmustache's visitor reports no section ends, so the nesting depth
     * comes from a scan of the text's tags, which the compiler has already accepted.
     */
    private static void checkContextOutsideSections(String text) {
        int depth = 0;
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            String body = tag.group(1).trim();
            char sigil = body.isEmpty() ? ' ' : body.charAt(0);
            if (sigil == '=') {
                throw new TemplateException("changing the tag delimiters is not allowed: {{" + body + "}}", null);
            }
            if (sigil == '#' || sigil == '^') {
                depth++;
            } else if (sigil == '/') {
                depth--;
            } else if (sigil != '!' && depth == 0) {
                String name = sigil == '&' ? body.substring(1).trim() : body;
                if (CONTEXT_NAMES.contains(name)) {
                    throw new TemplateException("{{" + body + "}} outside a section would render every input; "
                            + "name each variable instead, for example {{subject}}", null);
                }
            }
        }
    }

    private Template compile(PromptTemplate template) {
        return compile(template.text());
    }

    /** Compiles through the cache; only texts of loaded templates come here, so the cache stays bounded by the catalog. */
    private Template compile(String text) {
        Template cached = compiled.get(text);
        if (cached != null) {
            return cached;
        }
        Template template = compileUncached(text);
        compiled.put(text, template);
        return template;
    }

    private Template compileUncached(String text) {
        try {
            return compiler.compile(text);
        } catch (MustacheException e) {
            throw new TemplateException(e.getMessage(), e);
        }
    }

    /** Copies values into the only types a template may see. */
    static final class PlainValues {

        private PlainValues() {
        }

        static Map<String, Object> copyMap(Map<?, ?> values) {
            Map<String, Object> copy = new LinkedHashMap<>();
            values.forEach((key, value) -> copy.put(String.valueOf(key), copy(value)));
            return copy;
        }

        private static Object copy(Object value) {
            if (value == null || value instanceof String || value instanceof Boolean
                    || value instanceof Long || value instanceof Integer || value instanceof Double) {
                return value;
            }
            if (value instanceof Map<?, ?> map) {
                return copyMap(map);
            }
            if (value instanceof List<?> list) {
                return list.stream().map(PlainValues::copy).toList();
            }
            throw new IllegalArgumentException("a template value must be a string, number, boolean, list or map, was "
                    + value.getClass().getName());
        }
    }
}
