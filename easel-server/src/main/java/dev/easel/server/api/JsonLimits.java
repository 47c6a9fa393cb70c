package dev.easel.server.api;

import tools.jackson.core.StreamReadConstraints;

/**
 * Names the JSON parser limit that a {@link tools.jackson.core.exc.StreamConstraintsException}
 * reports, with the limit in force, for a problem response. Stateless.
 */
final class JsonLimits {

    private JsonLimits() {
    }

    /**
     * Returns the limit that the parser's message names, for example "nesting depth at most 500";
     * the parser's own message when it names none of the known limits.
     *
     * @param message the exception's original message; may be null
     */
    static String describe(String message) {
        StreamReadConstraints limits = StreamReadConstraints.defaults();
        String text = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (text.contains("nesting depth")) {
            return "nesting depth at most " + limits.getMaxNestingDepth();
        }
        if (text.contains("number value length") || text.contains("number length")) {
            return "numbers of at most " + limits.getMaxNumberLength() + " digits";
        }
        if (text.contains("name length") || text.contains("property name")) {
            return "field names of at most " + limits.getMaxNameLength() + " characters";
        }
        if (text.contains("string value length") || text.contains("string length")) {
            return "strings of at most " + limits.getMaxStringLength() + " characters";
        }
        if (text.contains("token count")) {
            return "at most " + limits.getMaxTokenCount() + " tokens";
        }
        return message == null ? "a parser limit" : message;
    }
}
