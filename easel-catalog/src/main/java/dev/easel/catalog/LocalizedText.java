package dev.easel.catalog;

import java.util.Objects;

/**
 * A user-facing text in the two languages Easel ships: English and Simplified Chinese.
 *
 * @param en   English text, never blank
 * @param zhCN Simplified Chinese text ({@code zh-CN} in YAML), never blank
 */
public record LocalizedText(String en, String zhCN) {

    public LocalizedText {
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(zhCN, "zhCN");
    }

    /**
     * Returns the text for a BCP 47 language tag: Simplified Chinese for {@code zh},
     * {@code zh-CN} and {@code zh-Hans} (any case), English for everything else.
     */
    public String in(String languageTag) {
        if (languageTag == null) {
            return en;
        }
        String tag = languageTag.toLowerCase(java.util.Locale.ROOT);
        boolean chinese = tag.equals("zh") || tag.startsWith("zh-cn") || tag.startsWith("zh-hans");
        return chinese ? zhCN : en;
    }
}
