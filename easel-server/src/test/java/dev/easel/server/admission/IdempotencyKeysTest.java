package dev.easel.server.admission;

import dev.easel.server.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    /** The store's side of the contract: find by user and key; the insert happens with the task. */
    static final class MapStore implements IdempotencyStore {
        final Map<String, IdempotencyRecord> records = new ConcurrentHashMap<>();

        @Override
        public Optional<IdempotencyRecord> find(String userId, String key) {
            return Optional.ofNullable(records.get(userId + "\n" + key));
        }

        @Override
        public java.util.concurrent.CompletableFuture<Integer> deleteCreatedBefore(Instant cutoff) {
            int before = records.size();
            records.values().removeIf(r -> r.createdAt().isBefore(cutoff));
            return java.util.concurrent.CompletableFuture.completedFuture(before - records.size());
        }

        void insert(IdempotencyRecord record) {
            records.put(record.userId() + "\n" + record.key(), record);
        }
    }

    private static final String BODY = "{\"model\":\"sd15@stable\",\"params\":{\"prompt\":\"a cat\",\"steps\":30}}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final MapStore store = new MapStore();
    private final IdempotencyKeys keys = new IdempotencyKeys(store, clock);

    private IdempotencyCheck check(String user, String key, String body) {
        return keys.check(user, key, body.getBytes(StandardCharsets.UTF_8));
    }

    private void storeTask(String user, IdempotencyCheck firstUse, String taskId) {
        store.insert(keys.recordFor(user, (IdempotencyCheck.FirstUse) firstUse, taskId));
    }

    @Test
    void check_noKey_noKey() {
        assertThat(keys.check("u1", null, BODY.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IdempotencyCheck.NoKey.class);
    }

    @Test
    void check_sameKeySameBodyWithinWindow_replaysOriginalTask() {
        storeTask("u1", check("u1", "order-42", BODY), "task_1");
        clock.advance(Duration.ofHours(23).plusMinutes(59));

        assertThat(check("u1", "order-42", BODY)).isEqualTo(new IdempotencyCheck.Replay("task_1"));
    }

    @Test
    void check_sameKeyDifferentBody_conflict() {
        storeTask("u1", check("u1", "order-42", BODY), "task_1");

        IdempotencyCheck second = check("u1", "order-42", BODY.replace("a cat", "a dog"));

        assertThat(second).isEqualTo(new IdempotencyCheck.Conflict("task_1"));
    }

    @Test
    void check_sameJsonReordered_replays() {
        storeTask("u1", check("u1", "order-42", BODY), "task_1");

        String reordered = "{ \"params\": { \"steps\": 30, \"prompt\": \"a cat\" },\n  \"model\": \"sd15@stable\" }";

        assertThat(check("u1", "order-42", reordered)).isEqualTo(new IdempotencyCheck.Replay("task_1"));
    }

    @Test
    void check_afterWindow_firstUseAgain() {
        storeTask("u1", check("u1", "order-42", BODY), "task_1");
        clock.advance(Duration.ofHours(24));

        assertThat(check("u1", "order-42", BODY.replace("a cat", "a dog"))).isInstanceOf(IdempotencyCheck.FirstUse.class);
    }

    @Test
    void check_otherUsersKey_independent() {
        storeTask("u1", check("u1", "order-42", BODY), "task_1");

        assertThat(check("u2", "order-42", BODY)).isInstanceOf(IdempotencyCheck.FirstUse.class);
    }

    @Test
    void check_invalidKey_namesHeaderValueAndRule() {
        assertThatThrownBy(() -> check("u1", "", BODY))
                .isInstanceOfSatisfying(InvalidIdempotencyKeyException.class, e -> {
                    assertThat(e.field()).isEqualTo("Idempotency-Key");
                    assertThat(e.rule()).contains("1 to 255 characters, was 0");
                });
        assertThatThrownBy(() -> check("u1", "x".repeat(256), BODY))
                .isInstanceOfSatisfying(InvalidIdempotencyKeyException.class,
                        e -> assertThat(e.rule()).contains("was 256"));
        assertThatThrownBy(() -> check("u1", "order 42", BODY))
                .isInstanceOfSatisfying(InvalidIdempotencyKeyException.class,
                        e -> assertThat(e.rule()).contains("character 6 is U+0020"));
    }

    @Test
    void hashBody_nonJson_hashesBytes() {
        assertThat(IdempotencyKeys.hashBody("not json")).isNotEqualTo(IdempotencyKeys.hashBody("not json "));
        assertThat(IdempotencyKeys.hashBody("{\"a\":1, \"b\":2}")).isEqualTo(IdempotencyKeys.hashBody("{\"b\":2,\"a\":1}"));
        assertThat(IdempotencyKeys.hashBody("{\"a\":1}")).hasSize(64);
    }
}
