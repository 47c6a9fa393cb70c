package dev.easel.server.api;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import tools.jackson.core.StreamReadConstraints;

/**
 * Names the JSON parser limit that a {@link tools.jackson.core.exc.StreamConstraintsException}
 * reports, with the limit in force, for a problem response. Stateless.
 */
final class JsonLimits {

    private JsonLimits() {
    }

    /**
     * Returns the limit that the parser's message names as a bundle entry whose default message is
     * the English text, for example "nesting depth at most 500". When the message names none of
     * the known limits, the entry is {@code limit.json_parser} with the parser's own message as its
     * argument and default.
     *
     * @param message the exception's original message; may be null
     */
    static MessageSourceResolvable describe(String message) {
        StreamReadConstraints limits = StreamReadConstraints.defaults();
        String text = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (text.contains("nesting depth")) {
            return limit("limit.json_depth", limits.getMaxNestingDepth(), "nesting depth at most %d");
        }
        if (text.contains("number value length") || text.contains("number length")) {
            return limit("limit.json_number_length", limits.getMaxNumberLength(), "numbers of at most %d digits");
        }
        if (text.contains("name length") || text.contains("property name")) {
            return limit("limit.json_name_length", limits.getMaxNameLength(), "field names of at most %d characters");
        }
        if (text.contains("string value length") || text.contains("string length")) {
            return limit("limit.json_string_length", limits.getMaxStringLength(), "strings of at most %d characters");
        }
        if (text.contains("token count")) {
            return limit("limit.json_tokens", limits.getMaxTokenCount(), "at most %d tokens");
        }
        String english = message == null ? "a parser limit" : message;
        return new DefaultMessageSourceResolvable(new String[] {"limit.json_parser"}, new Object[] {english}, english);
    }

    private static MessageSourceResolvable limit(String key, long value, String english) {
        return new DefaultMessageSourceResolvable(new String[] {key}, new Object[] {String.valueOf(value)}, english.formatted(value));
    }
}
