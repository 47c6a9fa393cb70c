package dev.easel.server.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A symmetric webhook signing key, serialised as the Standard Webhooks specification says:
 * {@code whsec_} followed by the base64 of the key bytes.
 *
 * <p>The specification asks for at least 24 random bytes; this class accepts 24 to 64 bytes and
 * generates 32. {@link #toString()} never shows the key. Instances are immutable and thread-safe.
 */
public final class WebhookSecret {

    /** Prefix of the serialised form. */
    public static final String PREFIX = "whsec_";

    static final int MIN_BYTES = 24;
    static final int MAX_BYTES = 64;
    private static final int GENERATED_BYTES = 32;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** Generates a new random secret from a {@link SecureRandom}. */
    public static WebhookSecret generate() {
        byte[] key = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(key);
        return new WebhookSecret(key);
    }

    /**
     * Parses the serialised form, with or without the {@code whsec_} prefix.
     *
     * @throws IllegalArgumentException when the text is not base64 or the key length is outside
     *                                  24 to 64 bytes; the message never contains the secret
     */
    public static WebhookSecret parse(String serialised) {
        Objects.requireNonNull(serialised, "serialised");
        String encoded = serialised.startsWith(PREFIX) ? serialised.substring(PREFIX.length()) : serialised;

        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret is not valid base64 after the " + PREFIX + " prefix");
        }

        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("webhook secret must decode to " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes, was " + key.length + " bytes");
        }
        return new WebhookSecret(key);
    }

    /** Returns the serialised form, {@code whsec_<base64>}, to show once to the user or store. */
    public String serialise() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Returns a copy of the key bytes. */
    byte[] keyBytes() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret that && java.security.MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + key.length + " bytes, redacted]";
    }
}
