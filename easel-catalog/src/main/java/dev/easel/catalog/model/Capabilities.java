package dev.easel.catalog.model;

import java.util.List;

/**
 * Capability wire names a pipeline step may name.
 *
 * <p>NOTE: this list mirrors {@code dev.easel.engine.Capability}, which the catalog cannot see
 * because it depends on easel-core only. Add a name here when the engine gains a capability.
 */
public final class Capabilities {

    /** Every known capability wire name, in the engine's order. */
    public static final List<String> ALL = List.of("txt2img", "img2img", "upscale", "remove_background");

    private Capabilities() {
    }

    /** Returns whether the name is a known capability. */
    public static boolean isKnown(String name) {
        return ALL.contains(name);
    }
}
