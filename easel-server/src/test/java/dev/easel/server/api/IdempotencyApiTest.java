package dev.easel.server.api;

import dev.easel.server.admission.IdempotencyPruner;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Idempotency-Key} header of {@code POST /v1/tasks} over real HTTP: replay, conflict,
 * per-user keys, concurrent duplicates, dead records and invalid keys.
 */
class IdempotencyApiTest extends ServerTestBase {

    private static final String BODY = "{\"model\": \"timed\", \"params\": {\"prompt\": \"a fox\", \"steps\": 2}}";

    @Autowired
    DataSource dataSource;

    @Autowired
    IdempotencyPruner pruner;

    @Test
    void sameKeySameBody_replaysOriginalTask() {
        Http.Response first = submit(BODY, "order-1", user);
        Http.Response again = submit(BODY, "order-1", user);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        String id = first.json().get("id").asString();
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(again.header("Location")).isEqualTo("/v1/tasks/" + id);
        assertThat(taskIds(user)).containsExactly(id);
    }

    @Test
    void sameKey_bodyWithKeysReordered_isReplay() {
        Http.Response first = submit(BODY, "order-2", user);
        Http.Response reordered = submit("{\"params\": {\"steps\": 2, \"prompt\": \"a fox\"},\n \"model\": \"timed\"}", "order-2", user);

        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
    }

    @Test
    void sameKeyDifferentBody_is422NamingHeader() {
        Http.Response first = submit(BODY, "order-3", user);
        Http.Response other = submit("{\"model\": \"timed\", \"params\": {\"prompt\": \"a wolf\"}}", "order-3", user);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = other.json();
        assertThat(problem.get("code").asString()).isEqualTo("idempotency_key_reused");
        assertThat(problem.get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(problem.get("value").asString()).isEqualTo("order-3");
        assertThat(problem.get("limit").asString()).contains(first.json().get("id").asString());
        assertThat(taskIds(user)).hasSize(1);
    }

    @Test
    void sameKeyDifferentBody_inChinese() {
        submit(BODY, "order-zh", user);

        Http.Response other = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-zh").header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\"}")));

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("title").asString()).isEqualTo("Idempotency-Key 已用于另一个请求体");
    }

    @Test
    void sameKeyOtherUser_createsItsOwnTask() {
        String other = "other-" + user;

        Http.Response mine = submit(BODY, "shared-key", user);
        Http.Response theirs = submit(BODY, "shared-key", other);

        assertThat(mine.status()).isEqualTo(202);
        assertThat(theirs.status()).isEqualTo(202);
        assertThat(theirs.json().get("id").asString()).isNotEqualTo(mine.json().get("id").asString());
    }

    @Test
    void concurrentDuplicates_createExactlyOneTask() throws Exception {
        http.keyOf(user);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Http.Response>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Http.Response> call = () -> submit(BODY, "burst-1", user);
            responses.add(pool.submit(call));
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<Http.Response> response : responses) {
            Http.Response answer = response.get();
            assertThat(answer.status()).as(answer.body()).isIn(200, 202);
            created += answer.status() == 202 ? 1 : 0;
            ids.add(answer.json().get("id").asString());
        }
        pool.shutdown();

        assertThat(created).isEqualTo(1);
        assertThat(ids).hasSize(1);
        assertThat(taskIds(user)).containsExactlyElementsOf(ids);
    }

    @Test
    void deadRecord_isReplacedAndPruned() throws Exception {
        String firstId = submit(BODY, "old-key", user).json().get("id").asString();
        ageRecord(user, "old-key", Duration.ofHours(25));

        Http.Response again = submit(BODY, "old-key", user);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("id").asString()).isNotEqualTo(firstId);
        ageRecord(user, "old-key", Duration.ofHours(25));
        assertThat(pruner.prune()).isGreaterThanOrEqualTo(1);
        assertThat(recordCount(user, "old-key")).isZero();
    }

    @Test
    void tooLongKey_is400NamingHeaderAndLimit() {
        Http.Response response = submit(BODY, "k".repeat(256), user);

        assertThat(response.status()).isEqualTo(400);
        JsonNode problem = response.json();
        assertThat(problem.get("code").asString()).isEqualTo("invalid_idempotency_key");
        assertThat(problem.get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(problem.get("limit").asString()).contains("255");
        assertThat(taskIds(user)).isEmpty();
    }

    @Test
    void keyWithSpace_is400NamingCharacter() {
        Http.Response response = submit(BODY, "order 7", user);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("limit").asString()).contains("character 6").contains("U+0020");
    }

    @Test
    void twoKeyHeaders_is400AndCreateNothing() {
        Http.Response response = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .header("Idempotency-Key", "a").header("Idempotency-Key", "b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(BODY)));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode problem = response.json();
        assertThat(problem.get("code").asString()).isEqualTo("invalid_idempotency_key");
        assertThat(problem.get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(problem.get("limit").asString()).isEqualTo("must be sent once, was sent 2 times");
        assertThat(taskIds(user)).isEmpty();
    }

    @Test
    void keyWithComma_inOneHeader_isAccepted() {
        Http.Response first = submit(BODY, "a,b", user);
        Http.Response again = submit(BODY, "a,b", user);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void replay_ofRejectedRequest_isNotStored() {
        Http.Response rejected = submit("{\"model\": \"no-such-model\"}", "order-bad", user);
        Http.Response fixed = submit(BODY, "order-bad", user);

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(fixed.status()).isEqualTo(202);
    }

    private Http.Response submit(String body, String key, String who) {
        return http.send(http.request("/v1/tasks", who).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private List<String> taskIds(String who) {
        List<String> ids = new ArrayList<>();
        http.get("/v1/tasks?limit=100", who).json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    /** Moves a stored record back in time, as if it had been created {@code age} ago. */
    private void ageRecord(String who, String key, Duration age) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE idempotency_keys SET created_at = ? WHERE idempotency_key = ? AND user_id = ?")) {
            statement.setLong(1, System.currentTimeMillis() - age.toMillis());
            statement.setString(2, key);
            statement.setString(3, userId(who));
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private int recordCount(String who, String key) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ? AND user_id = ?")) {
            statement.setString(1, key);
            statement.setString(2, userId(who));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Returns the server's id of this test user, which owns its tasks. */
    private String userId(String who) {
        return http.get("/v1/me", who).json().get("id").asString();
    }
}
