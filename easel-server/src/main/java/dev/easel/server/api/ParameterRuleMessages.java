package dev.easel.server.api;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the English rule text of an {@link dev.easel.engine.InvalidParametersException} to a
 * message bundle entry with its numbers and names as arguments, so that a problem detail can word
 * the rule in the caller's language. The engine keeps its English texts for the command line, and
 * this table is the only place in the server that reads them. Stateless and thread-safe.
 *
 * <p>The table covers the rules of {@code ParameterSchema}, the image checks of
 * {@code ImageDecoder} and the server's {@code InputImages}, and the upscale output limit.
 * {@code ParameterRuleMessagesTest} drives each of those checks and fails when a rule text
 * changes without this table.
 *
 * <p>NOTE: a rule the table does not know (for example one added to the engine later) keeps its
 * English text inside a localized detail.
 */
final class ParameterRuleMessages {

    private static final String FORMATS_AND = " and ";

    private static final List<Rule> RULES = List.of(
            rule("is not a parameter of this model; known: (.+)", "rule.not_a_parameter"),
            rule("must be an integer", "rule.integer"),
            rule("must be at most (\\d+) characters, was (\\d+)", "rule.max_characters"),
            rule("must be at least (\\S+)", "rule.at_least"),
            rule("must be at most (\\S+)", "rule.at_most"),
            rule("must be a multiple of (\\S+)", "rule.multiple_of"),
            rule("must be a finite number", "rule.finite_number"),
            rule("must be a string", "rule.string"),
            rule("must be one of (.+)", "rule.one_of"),
            rule("must be true or false", "rule.boolean"),
            rule("an image as a data: URL or base64", "limit.image_expected"),
            rule("must be an image as a data: URL or base64 text", "rule.image_data"),
            rule("must be a base64 data: URL, for example data:image/png;base64,\\.\\.\\.", "rule.data_url"),
            rule("must be valid base64: (.*)", "rule.base64"),
            rule("the file is empty", "rule.image_empty"),
            rule("the file has (\\d+) bytes, more than the limit of (\\d+)", "rule.image_too_large"),
            rule("the header declares a size of (\\S+)", "rule.image_bad_size"),
            rule("the image is (\\S+) = (\\d+) pixels, more than the limit of (\\d+)", "rule.image_too_many_pixels"),
            new Rule(Pattern.compile("the file is a (\\S+) image; supported formats are (.+)"), "rule.image_unsupported_format",
                    m -> new Object[] {m.group(1), m.group(2), neutralList(m.group(2))}),
            new Rule(Pattern.compile("the file is not an image; supported formats are (.+)"), "rule.not_an_image",
                    m -> new Object[] {m.group(1), neutralList(m.group(1))}),
            rule("the image data is damaged or uses an unsupported variant \\((.*)\\)", "rule.image_corrupt"),
            rule("upscaled (\\S+)x would have (\\d+) pixels, more than the limit of (\\d+)", "rule.upscale_pixels"));

    private ParameterRuleMessages() {
    }

    /**
     * Returns the bundle entry for a rule text, with the rule text itself as the default message.
     *
     * @param rule the English rule, for example {@code must be at most 50}; may be {@code null}
     * @return the entry, or empty when no rule of the table matches the whole text
     */
    static Optional<MessageSourceResolvable> match(String rule) {
        if (rule == null) {
            return Optional.empty();
        }
        for (Rule candidate : RULES) {
            Matcher matcher = candidate.pattern().matcher(rule);
            if (matcher.matches()) {
                return Optional.of(new DefaultMessageSourceResolvable(new String[] {candidate.key()}, candidate.arguments().apply(matcher),
                        rule));
            }
        }
        return Optional.empty();
    }

    /** Rewrites an English list such as {@code PNG, JPEG and GIF} as {@code PNG, JPEG, GIF}. */
    private static String neutralList(String english) {
        return english.replace(FORMATS_AND, ", ");
    }

    private static Rule rule(String regex, String key) {
        return new Rule(Pattern.compile(regex), key, ParameterRuleMessages::groups);
    }

    private static Object[] groups(Matcher matcher) {
        Object[] groups = new Object[matcher.groupCount()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = matcher.group(i + 1);
        }
        return groups;
    }

    private record Rule(Pattern pattern, String key, Function<Matcher, Object[]> arguments) {
    }
}
