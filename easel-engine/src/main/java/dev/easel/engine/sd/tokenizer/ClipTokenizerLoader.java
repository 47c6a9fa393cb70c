package dev.easel.engine.sd.tokenizer;

import dev.easel.engine.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@link ClipTokenizer} from a Hugging Face tokenizer folder: {@code vocab.json},
 * {@code merges.txt} and, when present, {@code special_tokens_map.json} and
 * {@code tokenizer_config.json}.
 *
 * <p>Special-token texts come from those JSON files (as strings or as {@code {"content": ...}}
 * objects); without them the CLIP defaults {@code <|startoftext|>} and {@code <|endoftext|>}
 * apply, and padding uses the end-of-text token. The maximum length is the config's
 * {@code model_max_length}, or 77 when it is missing or implausibly large.
 */
public final class ClipTokenizerLoader {

    static final int DEFAULT_MAX_LENGTH = 77;

    /** Merges kept from merges.txt, as in CLIP and Hugging Face's CLIPTokenizer: 49152 - 256 - 2. */
    static final int MAX_MERGES = 48_894;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClipTokenizerLoader() {
    }

    /**
     * Loads the tokenizer in {@code folder}.
     *
     * @throws ModelLoadException when a required file is missing or malformed, or a special
     *                            token is not in the vocabulary
     */
    public static ClipTokenizer load(Path folder) {
        Map<String, Integer> vocabulary = readVocabulary(folder.resolve("vocab.json"));
        List<String> merges = readMerges(folder.resolve("merges.txt"));
        JsonNode config = readOptionalJson(folder.resolve("tokenizer_config.json"));
        JsonNode specialMap = readOptionalJson(folder.resolve("special_tokens_map.json"));

        String bos = tokenText(specialMap, config, "bos_token", "<|startoftext|>");
        String eos = tokenText(specialMap, config, "eos_token", "<|endoftext|>");
        String pad = tokenText(specialMap, config, "pad_token", eos);
        String unknown = tokenText(specialMap, config, "unk_token", eos);
        SpecialTokens special = new SpecialTokens(
                bos, idOf(vocabulary, bos, folder),
                eos, idOf(vocabulary, eos, folder),
                idOf(vocabulary, pad, folder),
                idOf(vocabulary, unknown, folder));

        return new ClipTokenizer(vocabulary, merges, special, maxLength(config));
    }

    private static Map<String, Integer> readVocabulary(Path file) {
        try {
            return JSON.readValue(readString(file), new TypeReference<Map<String, Integer>>() { });
        } catch (JacksonException e) {
            throw new ModelLoadException(file, "not a JSON object of token to id: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> readMerges(Path file) {
        List<String> merges = new ArrayList<>();
        for (String line : readString(file).split("\n")) {
            String merge = line.strip();
            if (merge.isEmpty() || merge.startsWith("#version")) {
                continue;
            }
            if (merge.split(" ").length != 2) {
                throw new ModelLoadException(file, "merge line is not two symbols separated by a space: '" + merge + "'", null);
            }
            if (merges.size() == MAX_MERGES) {
                break;
            }
            merges.add(merge);
        }
        return merges;
    }

    private static JsonNode readOptionalJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(readString(file));
        } catch (JacksonException e) {
            throw new ModelLoadException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String tokenText(JsonNode specialMap, JsonNode config, String field, String fallback) {
        for (JsonNode source : new JsonNode[] {specialMap, config}) {
            if (source == null || !source.has(field) || source.get(field).isNull()) {
                continue;
            }
            JsonNode value = source.get(field);
            return value.isObject() ? value.path("content").asString() : value.asString();
        }
        return fallback;
    }

    private static int idOf(Map<String, Integer> vocabulary, String token, Path folder) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new ModelLoadException(folder.resolve("vocab.json"), "special token '" + token + "' is not in the vocabulary", null);
        }
        return id;
    }

    private static int maxLength(JsonNode config) {
        if (config == null || !config.path("model_max_length").isNumber()) {
            return DEFAULT_MAX_LENGTH;
        }
        double declared = config.get("model_max_length").asDouble();
        return declared >= 2 && declared <= 4096 ? (int) declared : DEFAULT_MAX_LENGTH;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ModelLoadException(file, "file not found", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
