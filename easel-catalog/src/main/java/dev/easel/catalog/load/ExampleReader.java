package dev.easel.catalog.load;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.example.Example;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one example file. Its inputs are checked against its scene in {@link CrossReferences}. */
final class ExampleReader {

    private ExampleReader() {
    }

    static Example read(Node root) {
        root.rejectUnknownKeys("id", "version", "scene", "title", "description", "cover", "inputs");
        String id = root.id("id");
        Integer version = root.integer("version", 1);
        String scene = root.id("scene");
        LocalizedText title = root.localized("title", true);
        LocalizedText description = root.localized("description", true);
        String cover = root.text("cover");
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : root.child("inputs").entries()) {
            inputs.put(entry.getKey(), entry.getValue().plain());
        }
        if (id == null || version == null || scene == null || title == null || description == null || cover == null) {
            return null;
        }
        return new Example(id, version, scene, title, description, cover, inputs);
    }
}
