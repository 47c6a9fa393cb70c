package dev.easel.catalog.load;

import dev.easel.catalog.LocalizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A cursor into one YAML file's tree that tracks its path, so each problem is reported as
 * {@code file: path: message}.
 *
 * <p>Readers return {@code null} (or an empty value) after recording a problem, so one pass over a
 * file reports every problem in it instead of stopping at the first.
 */
final class Node {

    private final String file;
    private final String path;
    private final JsonNode value;
    private final Problems problems;

    Node(String file, String path, JsonNode value, Problems problems) {
        this.file = file;
        this.path = path;
        this.value = value;
        this.problems = problems;
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    JsonNode json() {
        return value;
    }

    boolean isPresent() {
        return value != null && !value.isMissingNode() && !value.isNull();
    }

    boolean isMap() {
        return isPresent() && value.isObject();
    }

    boolean isList() {
        return isPresent() && value.isArray();
    }

    void error(String message) {
        problems.add(file, path, message);
    }

    Node child(String key) {
        JsonNode child = value != null && value.isObject() ? value.get(key) : null;
        return new Node(file, path.isEmpty() ? key : path + "." + key, child, problems);
    }

    /** Returns the entries of a map in YAML order; records an error and returns none for a non-map. */
    List<Map.Entry<String, Node>> entries() {
        if (!isPresent()) {
            return List.of();
        }
        if (!value.isObject()) {
            error("must be a map of names to values");
            return List.of();
        }
        List<Map.Entry<String, Node>> entries = new ArrayList<>();
        for (String key : value.propertyNames()) {
            entries.add(Map.entry(key, child(key)));
        }
        return entries;
    }

    /** Returns the items of a list; records an error and returns none for a non-list. */
    List<Node> items() {
        if (!isPresent()) {
            return List.of();
        }
        if (!value.isArray()) {
            error("must be a list");
            return List.of();
        }
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new Node(file, path + "[" + i + "]", value.get(i), problems));
        }
        return items;
    }

    /** Records one error per key that is not in {@code known}, to catch misspelt keys. */
    void rejectUnknownKeys(String... known) {
        if (!isMap()) {
            return;
        }
        Set<String> allowed = Set.of(known);
        for (String key : value.propertyNames()) {
            if (!allowed.contains(key)) {
                child(key).error("unknown key; expected one of " + String.join(", ", sorted(known)));
            }
        }
    }

    /** Returns whether this node is a map; records an error when it is missing or not a map. */
    boolean requireMap() {
        if (!isPresent()) {
            error("is required");
            return false;
        }
        if (!value.isObject()) {
            error("must be a map");
            return false;
        }
        return true;
    }

    String text(String key) {
        Node child = child(key);
        if (!child.isPresent()) {
            child.error("is required");
            return null;
        }
        return child.asText();
    }

    String optionalText(String key) {
        Node child = child(key);
        return child.isPresent() ? child.asText() : null;
    }

    /** Returns a scalar as text: strings as they are, numbers as written; records an error for maps and lists. */
    String asText() {
        if (!value.isValueNode()) {
            error("must be a single value, not a " + (value.isArray() ? "list" : "map"));
            return null;
        }
        String text = value.asString();
        if (text.isBlank()) {
            error("must not be empty");
            return null;
        }
        return text;
    }

    /** Returns an identifier: lower-case letters, digits, {@code -} and {@code _}, starting with a letter or digit. */
    String id(String key) {
        String text = text(key);
        if (text != null && !text.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
            child(key).error("\"" + text + "\" is not a valid id; use 1 to 64 lower-case letters, digits, '.', '-' and '_', starting with a letter or digit");
            return null;
        }
        return text;
    }

    /** Returns a whole number at least {@code min}; records an error otherwise. */
    Integer integer(String key, int min) {
        Node child = child(key);
        if (!child.isPresent()) {
            child.error("is required");
            return null;
        }
        if (!child.value.isIntegralNumber() || !child.value.canConvertToInt() || child.value.intValue() < min) {
            child.error(child.shown() + " must be a whole number of at least " + min);
            return null;
        }
        return child.value.intValue();
    }

    Double optionalNumber(String key) {
        Node child = child(key);
        if (!child.isPresent()) {
            return null;
        }
        if (!child.value.isNumber()) {
            child.error(child.shown() + " must be a number");
            return null;
        }
        return child.value.doubleValue();
    }

    Integer optionalCount(String key) {
        Node child = child(key);
        if (!child.isPresent()) {
            return null;
        }
        if (!child.value.isIntegralNumber() || !child.value.canConvertToInt() || child.value.intValue() < 0) {
            child.error(child.shown() + " must be a whole number of at least 0");
            return null;
        }
        return child.value.intValue();
    }

    boolean flag(String key, boolean fallback) {
        Node child = child(key);
        if (!child.isPresent()) {
            return fallback;
        }
        if (!child.value.isBoolean()) {
            child.error(child.shown() + " must be true or false");
            return fallback;
        }
        return child.value.booleanValue();
    }

    /** Returns one of the allowed words; records {@code "x" is not one of a, b, c} otherwise. */
    Optional<String> oneOf(String key, List<String> allowed) {
        String text = text(key);
        if (text == null) {
            return Optional.empty();
        }
        if (!allowed.contains(text)) {
            child(key).error("\"" + text + "\" is not one of " + String.join(", ", allowed));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** Returns a text in both languages ({@code en} and {@code zh-CN}); records what is missing. */
    LocalizedText localized(String key, boolean required) {
        Node child = child(key);
        if (!child.isPresent()) {
            if (required) {
                child.error("is required, with en and zh-CN texts");
            }
            return null;
        }
        if (!child.value.isObject()) {
            child.error("must be a map with en and zh-CN texts");
            return null;
        }
        child.rejectUnknownKeys("en", "zh-CN");
        String en = child.text("en");
        String zh = child.text("zh-CN");
        return en == null || zh == null ? null : new LocalizedText(en, zh);
    }

    /** Returns the list of strings at {@code key}, or an empty list when absent. */
    List<String> strings(String key) {
        List<String> strings = new ArrayList<>();
        for (Node item : child(key).items()) {
            String text = item.isPresent() ? item.asText() : null;
            if (text == null && !item.isPresent()) {
                item.error("must not be empty");
            }
            if (text != null) {
                strings.add(text);
            }
        }
        return strings;
    }

    /** Returns the value as written, quoted when it is text, for error messages. */
    String shown() {
        if (!isPresent()) {
            return "nothing";
        }
        return value.isString() ? "\"" + value.asString() + "\"" : value.toString();
    }

    /** Converts a YAML value to plain Java: String, Long, Double, Boolean, List or Map. */
    Object plain() {
        return plain(value);
    }

    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : node.propertyNames()) {
                map.put(key, plain(node.get(key)));
            }
            return map;
        }
        return node.asString();
    }

    private static List<String> sorted(String[] names) {
        String[] copy = names.clone();
        Arrays.sort(copy);
        return Arrays.asList(copy);
    }
}
