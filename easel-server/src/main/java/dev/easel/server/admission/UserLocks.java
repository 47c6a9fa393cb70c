package dev.easel.server.admission;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that serialise admission and storing per user, so that the queued and running
 * counts a decision reads include every task admitted before it. Users whose ids hash to the
 * same stripe share a lock; that costs some parallelism, never correctness.
 *
 * <p>Note that these locks work within one process. In cluster mode the count and the insert
 * need one database transaction instead.
 *
 * <p>Thread-safe.
 */
public final class UserLocks {

    private final ReentrantLock[] stripes;

    /** @param stripes number of locks; a few times the number of request threads is plenty */
    public UserLocks(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be at least 1, was " + stripes);
        }
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** Returns the lock of this user's stripe. */
    public ReentrantLock forUser(String userId) {
        return stripes[Math.floorMod(userId.hashCode(), stripes.length)];
    }
}
