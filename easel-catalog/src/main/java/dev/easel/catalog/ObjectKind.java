package dev.easel.catalog;

import java.util.Locale;

/** The five kinds of catalog object, each loaded from its own folder of the catalog. */
public enum ObjectKind {
    MODEL("models"),
    PIPELINE("pipelines"),
    TEMPLATE("templates"),
    SCENE("scenes"),
    EXAMPLE("examples");

    private final String folder;

    ObjectKind(String folder) {
        this.folder = folder;
    }

    /** Returns the folder, relative to the catalog root, that contains this kind's YAML files. */
    public String folder() {
        return folder;
    }

    /** Returns the lower-case name used in messages and on the wire, for example {@code scene}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
