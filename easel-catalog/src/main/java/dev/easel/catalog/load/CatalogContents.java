package dev.easel.catalog.load;

import dev.easel.catalog.example.Example;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.scene.Scene;
import dev.easel.catalog.template.PromptTemplate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one valid load produced: the objects by id, and a content hash and file of each
 * object version.
 *
 * @param models       models by id, sorted
 * @param pipelines    pipelines by id, sorted
 * @param templates    templates by id, sorted
 * @param scenes       scenes by id, sorted
 * @param examples     examples by id, sorted
 * @param fingerprints content hash by key such as {@code pipeline:cutout@2} or {@code model:tiny-sd@1}
 * @param files        file (relative to the catalog root) by the same keys
 */
public record CatalogContents(
        Map<String, Model> models,
        Map<String, Pipeline> pipelines,
        Map<String, PromptTemplate> templates,
        Map<String, Scene> scenes,
        Map<String, Example> examples,
        Map<String, String> fingerprints,
        Map<String, String> files) {

    public CatalogContents {
        models = freeze(models);
        pipelines = freeze(pipelines);
        templates = freeze(templates);
        scenes = freeze(scenes);
        examples = freeze(examples);
        fingerprints = Map.copyOf(fingerprints);
        files = Map.copyOf(files);
    }

    private static <V> Map<String, V> freeze(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(new java.util.TreeMap<>(map)));
    }
}
