package dev.easel.server.admission;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tiers an admin paused; admission rejects their new tasks with {@code tier_paused} (503).
 * Queued and running tasks are not touched. Held in memory: a restart resumes every tier.
 * Thread-safe.
 */
public final class TierPauses {

    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    public void pause(String tier) {
        paused.add(tier);
    }

    public void resume(String tier) {
        paused.remove(tier);
    }

    public boolean isPaused(String tier) {
        return paused.contains(tier);
    }

    public Set<String> paused() {
        return Set.copyOf(paused);
    }
}
