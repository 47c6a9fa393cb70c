package dev.easel.catalog.template;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Mustache collector that looks names up in maps and lists only.
 *
 * <p>jmustache's default collector falls back to reflection, so {@code {{class}}} inside a section
 * over a string would call {@code getClass()}. This collector returns no fetcher for anything but a
 * {@code Map} or a list index, so a template can read the values it was given and nothing else.
 */
final class SandboxCollector extends BasicCollector {

    /**
     * Reads a map's own keys only. jmustache's map fetcher also returns the Java set itself for
     * {@code entrySet}, and this one does not. Fetchers are cached per context class, so the key check
     * happens on every lookup.
     */
    private static final Mustache.VariableFetcher MAP_KEYS_ONLY = (context, name) -> {
        Map<?, ?> map = (Map<?, ?>) context;
        return map.containsKey(name) ? map.get(name) : Template.NO_FETCHER_FOUND;
    };

    @Override
    public Mustache.VariableFetcher createFetcher(Object context, String name) {
        if (context instanceof Map<?, ?>) {
            return MAP_KEYS_ONLY;
        }
        if (context instanceof java.util.List<?>) {
            return super.createFetcher(context, name);
        }
        return null;
    }

    @Override
    public <K, V> Map<K, V> createFetcherCache() {
        return new ConcurrentHashMap<>();
    }
}
