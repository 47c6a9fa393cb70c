package dev.easel.server.task;

import java.security.SecureRandom;

/**
 * Creates ULIDs (26 Crockford base32 characters: 48 bits of milliseconds, then 80 random bits)
 * with a type prefix, for example {@code tsk_01JEXAMPLE...}.
 *
 * <p>Ids from one generator sort in creation order, even within one millisecond (the random part
 * is incremented), so the store can page by id. Thread-safe.
 */
public final class IdGenerator {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long randomHigh;
    private long randomLow;

    /** Returns a new id with this prefix, for example {@code tsk}. */
    public synchronized String next(String prefix) {
        long now = System.currentTimeMillis();
        if (now <= lastMillis) {
            incrementRandom();
            now = lastMillis;
        } else {
            lastMillis = now;
            randomHigh = random.nextInt(1 << 16) & 0xFFFFL;
            randomLow = random.nextLong();
        }
        return prefix + "_" + encode(now, randomHigh, randomLow);
    }

    private void incrementRandom() {
        randomLow++;
        if (randomLow == 0) {
            randomHigh = (randomHigh + 1) & 0xFFFFL;
        }
    }

    private static String encode(long millis, long high16, long low64) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits: 16 high bits then 64 low bits, written as 16 characters of 5 bits.
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low64 & 31)];
            low64 = (low64 >>> 5) | ((high16 & 31) << 59);
            high16 >>>= 5;
        }
        return new String(out);
    }
}
