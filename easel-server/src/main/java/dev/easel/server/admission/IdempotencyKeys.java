package dev.easel.server.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Idempotency-Key} rules: the same key from the same user within 24 hours returns the
 * original task and creates nothing; the same key with a different body is a conflict (422).
 *
 * <p>Bodies are compared by a SHA-256 hash of their canonical JSON (object keys sorted,
 * insignificant whitespace dropped), so a client that re-serialises the same request with keys in
 * another order is not told it conflicts. A body that is not JSON is hashed as raw bytes.
 *
 * <p>Run the check before admission, so a replay is not charged against rate or budget.
 * Thread-safe.
 */
public final class IdempotencyKeys {

    /** How long a key keeps its task. */
    public static final Duration WINDOW = Duration.ofHours(24);

    /** Longest key accepted. */
    public static final int MAX_KEY_LENGTH = 255;

    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final IdempotencyStore store;
    private final Clock clock;

    public IdempotencyKeys(IdempotencyStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks a request's key against the store.
     *
     * @param userId the authenticated user
     * @param key    the header value, or {@code null} when the header is absent
     * @param body   the raw request body
     * @throws InvalidIdempotencyKeyException when the key is empty, longer than
     *                                        {@value #MAX_KEY_LENGTH} characters, or not printable
     *                                        ASCII
     */
    public IdempotencyCheck check(String userId, String key, byte[] body) {
        if (key == null) {
            return new IdempotencyCheck.NoKey();
        }
        validate(key);

        String bodyHash = hashBody(body);
        Optional<IdempotencyRecord> existing = store.find(userId, key)
                .filter(stored -> stored.createdAt().plus(WINDOW).isAfter(clock.instant()));
        if (existing.isEmpty()) {
            return new IdempotencyCheck.FirstUse(key, bodyHash);
        }
        if (existing.get().bodyHash().equals(bodyHash)) {
            return new IdempotencyCheck.Replay(existing.get().taskId());
        }
        return new IdempotencyCheck.Conflict(existing.get().taskId());
    }

    /** Returns the record to store with a task created under {@code FirstUse}. */
    public IdempotencyRecord recordFor(String userId, IdempotencyCheck.FirstUse firstUse, String taskId) {
        return new IdempotencyRecord(userId, firstUse.key(), firstUse.bodyHash(), taskId, clock.instant());
    }

    /** Returns the hex SHA-256 of the body's canonical JSON, or of its bytes when it is not JSON. */
    public static String hashBody(byte[] body) {
        byte[] canonical;
        try {
            Object parsed = CANONICAL.readValue(body, Object.class);
            canonical = CANONICAL.writeValueAsBytes(parsed);
        } catch (JacksonException e) {
            canonical = body;
        }
        return HexFormat.of().formatHex(sha256(canonical));
    }

    private static void validate(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidIdempotencyKeyException(key,
                    "must be 1 to " + MAX_KEY_LENGTH + " characters, was " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new InvalidIdempotencyKeyException(key,
                        "must be printable ASCII without spaces; character " + (i + 1) + " is U+" + String.format("%04X", (int) c));
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime ships SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Returns the hash of a UTF-8 string body; a convenience for tests and callers holding text. */
    static String hashBody(String body) {
        return hashBody(body.getBytes(StandardCharsets.UTF_8));
    }
}
