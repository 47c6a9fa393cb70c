package dev.easel.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The format of API keys: {@code esk_<key id>_<secret>}, where the key id is 12 lowercase hex
 * characters (48 random bits, public, used to find the stored row) and the secret is 256 random
 * bits in unpadded base64url. The store keeps only the SHA-256 of the whole key text.
 *
 * <p>An admin key from the environment ({@code EASEL_ADMIN_KEY}) may be any text of
 * {@value #MIN_FOREIGN_LENGTH} to 200 characters, for example {@code openssl rand -hex 32}; its key
 * id is then {@code h} and the first 11 hex characters of its hash.
 *
 * <p>Implementation notes: a fast hash is enough here because the secret has 256 bits of entropy;
 * slow password hashes exist to protect guessable secrets. The comparison of hashes runs in
 * constant time. Thread-safe.
 */
final class ApiKeys {

    static final String PREFIX = "esk_";

    /** The shortest accepted key text that does not have the generated format. */
    static final int MIN_FOREIGN_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;

    /**
     * A key parsed from a request.
     *
     * @param keyId the public id
     * @param text  the whole key text
     */
    record Parsed(String keyId, String text) {
    }

    private ApiKeys() {
    }

    /** Returns a new random key text. */
    static String generate() {
        byte[] id = new byte[KEY_ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return PREFIX + HexFormat.of().formatHex(id) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Parses a key text; empty when it does not have the key format. */
    static Optional<Parsed> parse(String text) {
        if (text == null || text.length() > 200) {
            return Optional.empty();
        }
        if (!text.startsWith(PREFIX)) {
            return text.length() >= MIN_FOREIGN_LENGTH ? Optional.of(new Parsed("h" + hash(text).substring(0, 11), text)) : Optional.empty();
        }
        int separator = text.indexOf('_', PREFIX.length());
        if (separator != PREFIX.length() + 2 * KEY_ID_BYTES || separator == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(text.substring(PREFIX.length(), separator), text));
    }

    /** Returns the hex SHA-256 of a key text, as stored. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Returns whether a key text matches a stored hash, comparing in constant time. */
    static boolean matches(String text, String storedHash) {
        return MessageDigest.isEqual(hash(text).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
