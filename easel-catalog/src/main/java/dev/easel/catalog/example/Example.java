package dev.easel.catalog.example;

import dev.easel.catalog.LocalizedText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A finished example in the gallery: a scene with filled inputs. One call turns it into a task,
 * and a user may change any visible input first.
 *
 * @param id          example id
 * @param version     object version, at least 1
 * @param scene       id of the scene it fills
 * @param title       title in both languages
 * @param description description in both languages
 * @param cover       cover image path relative to the catalog root, for example
 *                    {@code assets/covers/coffee-cutout.jpg}
 * @param inputs      field name to value, as a request would send them
 */
public record Example(
        String id,
        int version,
        String scene,
        LocalizedText title,
        LocalizedText description,
        String cover,
        Map<String, Object> inputs) {

    public Example {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scene, "scene");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(cover, "cover");
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
