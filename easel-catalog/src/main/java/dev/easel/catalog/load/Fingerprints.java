package dev.easel.catalog.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Content hashes of loaded object versions, used to reject a file whose content changed while its
 * version stayed the same.
 *
 * <p>Keys look like {@code pipeline:cutout@2} or {@code model:tiny-sd@1}. The hash is the sha256 of
 * the object's YAML tree written as JSON with map keys sorted, so reordering keys or changing
 * comments and quoting does not count as a change.
 */
final class Fingerprints {

    private final Map<String, String> hashes = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    void put(String key, Node node) {
        hashes.put(key, sha256(canonical(node.json())));
        files.put(key, node.file());
    }

    Map<String, String> hashes() {
        return Map.copyOf(hashes);
    }

    Map<String, String> files() {
        return Map.copyOf(files);
    }

    private static String canonical(JsonNode node) {
        Object plain = Node.plain(node);
        return canonicalText(plain);
    }

    private static String canonicalText(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder text = new StringBuilder("{");
            new TreeMap<>(map).forEach((key, item) -> text.append('"').append(key).append("\":").append(canonicalText(item)).append(','));
            return text.append('}').toString();
        }
        if (value instanceof java.util.List<?> list) {
            StringBuilder text = new StringBuilder("[");
            list.forEach(item -> text.append(canonicalText(item)).append(','));
            return text.append(']').toString();
        }
        return value instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : String.valueOf(value);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
