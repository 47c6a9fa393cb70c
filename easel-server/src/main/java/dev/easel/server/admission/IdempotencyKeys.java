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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
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
 * {@link #submitOnce} serialises requests with the same user and key within this process, so a
 * concurrent duplicate waits for the first and then replays its task; across processes the
 * store's unique key decides, and the loser checks again. Thread-safe.
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

    private static final int LOCK_STRIPES = 256;

    /** The callbacks of {@link #submitOnce} that create, replay or reject a request. */
    public interface Submission<T> {

        /** Creates the task; {@code firstUse} is {@code null} when the request has no key. */
        T create(IdempotencyCheck.FirstUse firstUse);

        /** Returns the response for the task that an earlier request with the same key and body created. */
        T replay(String taskId);

        /** Returns the exception to throw when the key was used with another body for {@code taskId}. */
        RuntimeException conflict(String taskId);
    }

    private final IdempotencyStore store;
    private final Clock clock;
    private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];

    public IdempotencyKeys(IdempotencyStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Creates a task at most once per user and key within {@link #WINDOW}: the first request
     * creates it, a repeat with the same body replays it, a repeat with another body conflicts.
     *
     * @param body the parsed request body; its canonical JSON is hashed
     * @throws InvalidIdempotencyKeyException for a malformed key
     */
    public <T> T submitOnce(String userId, String key, Object body, Submission<T> submission) {
        if (key == null) {
            return submission.create(null);
        }
        validate(key);
        byte[] bytes = CANONICAL.writeValueAsBytes(body);

        ReentrantLock lock = stripes[Math.floorMod((userId + '\n' + key).hashCode(), stripes.length)];
        lock.lock();
        try {
            IdempotencyCheck check = check(userId, key, bytes);
            if (check instanceof IdempotencyCheck.FirstUse firstUse) {
                return createOrReplay(userId, key, bytes, firstUse, submission);
            }
            return answer(check, submission);
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the records older than {@link #WINDOW}; completes with how many were deleted. */
    public CompletableFuture<Integer> pruneDead() {
        return store.deleteCreatedBefore(clock.instant().minus(WINDOW));
    }

    private <T> T createOrReplay(String userId, String key, byte[] body, IdempotencyCheck.FirstUse firstUse, Submission<T> submission) {
        try {
            return submission.create(firstUse);
        } catch (RuntimeException e) {
            // Another process stored the same key first (the insert failed on the key), so the
            // key now has a record; any other failure leaves none and is the caller's.
            IdempotencyCheck again = check(userId, key, body);
            if (again instanceof IdempotencyCheck.FirstUse || again instanceof IdempotencyCheck.NoKey) {
                throw e;
            }
            return answer(again, submission);
        }
    }

    private static <T> T answer(IdempotencyCheck check, Submission<T> submission) {
        if (check instanceof IdempotencyCheck.Replay replay) {
            return submission.replay(replay.taskId());
        }
        if (check instanceof IdempotencyCheck.Conflict conflict) {
            throw submission.conflict(conflict.taskId());
        }
        throw new IllegalStateException("unexpected idempotency check " + check);
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
            throw new InvalidIdempotencyKeyException(key, "must be 1 to " + MAX_KEY_LENGTH + " characters, was " + key.length(),
                    "limit.idempotency_length", String.valueOf(MAX_KEY_LENGTH), String.valueOf(key.length()));
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                String codePoint = "U+" + String.format("%04X", (int) c);
                throw new InvalidIdempotencyKeyException(key, "must be printable ASCII without spaces; character " + (i + 1) + " is " + codePoint,
                        "limit.idempotency_ascii", String.valueOf(i + 1), codePoint);
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
