package dev.easel.engine.png;

import dev.easel.engine.Recipe;
import java.awt.image.BufferedImage;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes images as PNG files that carry their {@link Recipe}, and reads the recipe back.
 *
 * <p>The recipe is a JSON object with the fields of {@link Recipe} (camelCase names), stored in
 * an uncompressed UTF-8 {@code iTXt} chunk with the keyword {@value #RECIPE_KEYWORD}. Any PNG
 * reader that lists text chunks (for example {@code exiftool} or Pillow's {@code Image.text})
 * shows it. Parameters are written in key order, so equal recipes give equal bytes. Whole numbers in {@link Recipe#parameters()} read back as {@code Long}, fractions as
 * {@code Double}, matching the types of resolved parameters.
 *
 * <p>Thread-safe.
 */
public final class RecipePng {

    /** Keyword of the text chunk that contains the recipe JSON. */
    public static final String RECIPE_KEYWORD = "easel-recipe";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RecipePng() {
    }

    /** Encodes {@code image} as PNG with {@code recipe} in a text chunk. */
    public static byte[] encode(BufferedImage image, Recipe recipe) {
        return PngTextChunks.withText(encodePlain(image), RECIPE_KEYWORD, toJson(recipe));
    }

    /**
     * Encodes {@code image} as PNG without text chunks: 8-bit RGB, or RGBA when the image has an
     * alpha channel.
     */
    public static byte[] encodePlain(BufferedImage image) {
        return PngEncoder.encode(image);
    }

    /**
     * Returns the recipe stored in a PNG file, or empty when it has none.
     *
     * @throws IllegalArgumentException when the bytes are not a PNG file or the recipe is not valid JSON
     */
    public static Optional<Recipe> readRecipe(byte[] png) {
        return PngTextChunks.readText(png, RECIPE_KEYWORD).map(RecipePng::fromJson);
    }

    /** Returns the recipe as the JSON object stored in PNG files. */
    public static String toJson(Recipe recipe) {
        return JSON.writeValueAsString(recipe);
    }

    /** Returns the recipe as indented JSON, for people to read. */
    public static String toPrettyJson(Recipe recipe) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(recipe);
    }

    /** Parses a recipe written by {@link #toJson}. */
    public static Recipe fromJson(String json) {
        try {
            return JSON.readValue(json, Recipe.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("recipe text chunk is not a valid recipe JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
