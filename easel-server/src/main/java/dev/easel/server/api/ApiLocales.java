package dev.easel.server.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

import java.util.Locale;

/**
 * Picks the language of problem titles and details from {@code Accept-Language}, the same way
 * the catalog picks the language of its labels: every Chinese tag ({@code zh}, {@code zh-CN},
 * {@code zh-Hans}, {@code zh-SG}, and also {@code zh-TW} and {@code zh-Hant}) selects the
 * Simplified Chinese bundle, and any other language keeps the tag as sent, so it falls back to
 * English.
 *
 * <p>Implementation notes: Java's resource bundle lookup alone maps only {@code zh-CN} and
 * {@code zh-Hans} to {@code messages_zh_CN}; a bare {@code zh} or {@code zh-SG} would fall back to
 * English. Note that Easel has no Traditional Chinese bundle, so {@code zh-TW} reads Simplified
 * Chinese. Thread-safe.
 */
final class ApiLocales extends AcceptHeaderLocaleResolver {

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        return forMessages(super.resolveLocale(request));
    }

    /** Returns the locale whose bundle words a message for a requested locale; {@code null} stays {@code null}. */
    static Locale forMessages(Locale requested) {
        if (requested != null && "zh".equals(requested.getLanguage())) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        return requested;
    }
}
