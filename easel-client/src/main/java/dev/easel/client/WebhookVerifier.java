package dev.easel.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a webhook signed as the Standard Webhooks specification 1.0.0 says, which is how Easel
 * signs its webhooks.
 *
 * <p>A request passes when all of these hold:
 * <ul>
 *   <li>{@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature} are present;</li>
 *   <li>the timestamp (Unix seconds) is within the tolerance of this verifier's clock, in either
 *       direction (5 minutes by default), which bounds replays and allows for clock skew;</li>
 *   <li>one of the space-separated {@code v1,<base64>} signatures equals the HMAC-SHA256 of
 *       {@code <id>.<timestamp>.<body>} under one of the configured secrets. Signatures of other
 *       versions ({@code v1a}, asymmetric) are skipped. Comparison takes constant time.</li>
 * </ul>
 *
 * <p>Pass the body exactly as received, before any JSON parsing: re-serialising it changes the
 * bytes and the signature no longer matches. Use the {@code webhook-id} to drop duplicates, since
 * a delivery can arrive more than once.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookVerifier {

    /** Tolerance between the webhook timestamp and the receiver's clock unless another is given. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    /**
     * Creates a verifier for one or more secrets (several while a secret is being rotated), each
     * {@code whsec_<base64>} or the bare base64, with the default tolerance and the system clock.
     */
    public WebhookVerifier(String... secrets) {
        this(List.of(secrets), DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * @param secrets   one or more secrets, {@code whsec_<base64>} or the bare base64
     * @param tolerance how far the webhook timestamp may be from {@code clock}, either way
     * @param clock     the receiver's clock
     * @throws IllegalArgumentException when no secret is given or one is not base64; the message
     *                                  never contains the secret
     */
    public WebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is needed");
        }
        List<byte[]> decoded = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            decoded.add(decode(i, Objects.requireNonNull(secrets.get(i), "secret")));
        }
        this.keys = List.copyOf(decoded);
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies a request given its headers, looked up without regard to case (a servlet's or
     * {@code java.net.http}'s header map both work).
     *
     * @throws WebhookVerificationException naming the check that failed
     */
    public void verify(Map<String, ? extends Collection<String>> headers, byte[] body) throws WebhookVerificationException {
        verify(header(headers, "webhook-id"), header(headers, "webhook-timestamp"), header(headers, "webhook-signature"), body);
    }

    /**
     * Verifies a request given the three header values.
     *
     * @param id        {@code webhook-id}
     * @param timestamp {@code webhook-timestamp}
     * @param signature {@code webhook-signature}
     * @param body      the raw request body
     * @throws WebhookVerificationException naming the check that failed
     */
    public void verify(String id, String timestamp, String signature, byte[] body) throws WebhookVerificationException {
        requirePresent("webhook-id", id);
        requirePresent("webhook-timestamp", timestamp);
        requirePresent("webhook-signature", signature);
        Objects.requireNonNull(body, "body");
        checkTimestamp(timestamp.strip());

        byte[] signedContent = (id + "." + timestamp.strip() + ".").getBytes(StandardCharsets.UTF_8);
        List<byte[]> candidates = v1Signatures(signature);
        if (candidates.isEmpty()) {
            throw new WebhookVerificationException("webhook-signature holds no v1 signature");
        }

        for (byte[] key : keys) {
            byte[] expected = hmac(key, signedContent, body);
            for (byte[] candidate : candidates) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return;
                }
            }
        }
        throw new WebhookVerificationException("no webhook-signature matches the body under the configured secrets");
    }

    private void checkTimestamp(String timestamp) throws WebhookVerificationException {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp '" + timestamp + "' is not Unix seconds");
        }

        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp " + seconds + " is " + skew
                    + " s from this receiver's clock, more than the " + tolerance.toSeconds() + " s tolerance");
        }
    }

    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
                continue;
            }
            try {
                signatures.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException e) {
                // A malformed entry cannot match; another entry still may.
            }
        }
        return signatures;
    }

    private static byte[] hmac(byte[] key, byte[] signedContent, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update(signedContent);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE runtime ships HmacSHA256, and decode() rejects empty keys.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] decode(int index, String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret " + (index + 1) + " is not valid base64 after the " + SECRET_PREFIX + " prefix");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret " + (index + 1) + " is empty");
        }
        return key;
    }

    private static String header(Map<String, ? extends Collection<String>> headers, String name) {
        for (Map.Entry<String, ? extends Collection<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().iterator().next();
            }
        }
        return null;
    }

    private static void requirePresent(String name, String value) throws WebhookVerificationException {
        if (value == null || value.isBlank()) {
            throw new WebhookVerificationException(name + " header is missing");
        }
    }
}
