package dev.easel.catalog.template;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
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

    @Override
    public Mustache.VariableFetcher createFetcher(Object context, String name) {
        if (context instanceof Map<?, ?> || context instanceof java.util.List<?>) {
            return super.createFetcher(context, name);
        }
        return null;
    }

    @Override
    public <K, V> Map<K, V> createFetcherCache() {
        return new ConcurrentHashMap<>();
    }
}
