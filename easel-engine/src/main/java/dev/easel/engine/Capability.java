package dev.easel.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a model back end can do with a model. */
public enum Capability {
    TXT2IMG,
    IMG2IMG,
    UPSCALE,
    REMOVE_BACKGROUND;

    /** Returns the name used in the API and in batch keys, for example {@code remove_background}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the capability with this wire name, if any. */
    public static Optional<Capability> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
}
