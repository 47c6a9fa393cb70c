package dev.easel.server.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the English words left in a problem detail once the identifiers that stay as they are in
 * every language are taken out, for tests of the Chinese bundle.
 *
 * <p>A token counts as an identifier when it contains a digit, an underscore, a hyphen, a dot or
 * a slash inside it (model ids, field paths, wire names such as {@code remove_background}, dates,
 * sizes), or when it is one of {@link #IDENTIFIERS}: the names of this server's models,
 * capabilities, tiers, parameters, statuses and headers, and standard terms such as URL and JSON.
 * Every other word of three or more Latin letters counts as English.
 */
final class LanguageCheck {

    static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");

    private static final Pattern SEPARATOR = Pattern.compile("[^A-Za-z0-9_\\-./:+@]+");
    private static final Pattern INNER_MARK = Pattern.compile(".*[A-Za-z0-9][0-9_\\-./:+@][A-Za-z0-9].*|.*[0-9].*");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{3,}");

    /** Names that stay as they are in every language. */
    static final Set<String> IDENTIFIERS = Set.of(
            // Standard terms and protocol names.
            "URL", "JSON", "ASCII", "ISO", "API", "POST", "http", "https", "data", "asset", "Accept", "Authorization", "Bearer",
            "PNG", "JPEG", "GIF", "BMP", "TIFF", "WebP", "true", "false",
            // Models, capabilities, tiers, plans and parameters of the test server.
            "timed", "txt2img", "img2img", "upscale", "realtime", "high", "normal", "low", "batch", "free", "pro",
            "prompt", "negative_prompt", "width", "height", "steps", "guidance", "sampler", "seed", "images", "strength",
            "image", "ddim", "euler", "lcm", "dpm",
            // Task statuses and request fields.
            "queued", "running", "retrying", "succeeded", "failed", "canceled", "expired", "started", "progress",
            "params", "tier", "inputs", "overrides", "capability", "model", "scene", "pipeline", "example", "webhook",
            "enterprise",
            // Ids and choices of the repository's catalog.
            "cutout", "style", "none", "ink", "watercolor", "photo");

    private LanguageCheck() {
    }

    /**
     * Returns the English words of a detail, in order.
     *
     * @param detail the problem detail
     * @param known  substrings to take out first where they stand alone (not inside a longer identifier),
     *               such as the problem's field and value
     */
    static List<String> englishWords(String detail, Collection<String> known) {
        String rest = detail;
        List<String> longestFirst = known.stream().filter(k -> !k.isEmpty()).sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String substring : longestFirst) {
            rest = rest.replaceAll("(?<![\\w:/.\\-])" + Pattern.quote(substring) + "(?![\\w:/\\-])", " ");
        }

        List<String> words = new ArrayList<>();
        for (String token : SEPARATOR.split(rest)) {
            String trimmed = token.replaceAll("^[.:/+@\\-]+|[.:/+@\\-]+$", "");
            if (trimmed.isEmpty() || INNER_MARK.matcher(trimmed).matches() || IDENTIFIERS.contains(trimmed)) {
                continue;
            }
            if (WORD.matcher(trimmed).find()) {
                words.add(trimmed);
            }
        }
        return words;
    }
}
