package dev.easel.server.catalog;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog in the running server over real HTTP: scene, pipeline and example tasks on the
 * bundled tiny-sd model and the timed back end, multi-step chains, localized input errors, the
 * catalog endpoints, atomic reload, the file watcher, alias switches and reproduction.
 *
 * <p>The catalog is a copy of the repository's {@code catalog/} plus the test pipelines under
 * {@code src/test/resources/catalog-extra}; tests that change it run last.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogApiTest {

    static final Path DATA = temporaryFolder("easel-catalog-api");
    static final Path CATALOG = copyCatalog(DATA.resolve("catalog"));

    @LocalServerPort
    int port;

    Http http;
    String user;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.count", () -> "2");
        registry.add("easel.workers.backends", () -> "tiny-sd,timed");
        registry.add("easel.backends.tiny-sd.model-dir", () -> System.getProperty("easel.tinySd", "../models/tiny-sd"));
        registry.add("easel.backends.timed.step-time", () -> "10ms");
        registry.add("easel.backends.timed.max-batch", () -> "1");
        registry.add("easel.retry.initial-backoff", () -> "100ms");
        registry.add("easel.catalog.dir", CATALOG::toString);
        registry.add("easel.catalog.watch-interval", () -> "200ms");
        registry.add("easel.catalog.debounce", () -> "200ms");
    }

    @BeforeEach
    void newClient() {
        http = new Http(port);
        user = "user-" + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- submissions

    @Test
    @Order(1)
    void sceneTask_runsBothStepsAsAChain_theSecondReadingTheFirstsImage() {
        Http.Response accepted = http.post("/v1/tasks", Map.of("scene", "refine", "inputs", Map.of("prompt", "a red fox", "seed", 5)), user);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        JsonNode task = awaitStatus(accepted.json().get("id").asString(), "succeeded");

        assertThat(task.path("source").path("kind").asString()).isEqualTo("scene");
        assertThat(task.path("steps")).hasSize(2);
        JsonNode generate = task.path("steps").get(0);
        JsonNode refine = task.path("steps").get(1);
        assertThat(generate.path("status").asString()).isEqualTo("succeeded");
        assertThat(refine.path("status").asString()).isEqualTo("succeeded");
        assertThat(generate.path("outputs")).hasSize(1);
        assertThat(refine.path("outputs")).hasSize(1);
        assertThat(task.path("outputs")).hasSize(2);
        // The refine step read the stored output file of the generate step (step 0, image 0), not a copy.
        assertThat(task.path("params").path("image").asString()).startsWith("input:").contains(jobSuffix(task, 0) + "-0.png");
        assertThat(task.path("plan").path("stepModels").path("generate").asString()).isEqualTo("tiny-sd@1");
        assertThat(task.path("plan").path("pipelineVersion").asInt()).isEqualTo(1);
        assertThat(task.path("timeline").toString()).contains("step 2 (refine) queued");
        assertThat(http.get(generate.path("outputs").get(0).path("url").asString(), user).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void pipelineAndExampleTasks_succeed() {
        Http.Response pipeline = http.post("/v1/tasks", Map.of("pipeline", "text-to-image",
                "inputs", Map.of("prompt", "a boat", "steps", 2)), user);
        Http.Response example = http.post("/v1/tasks", Map.of("example", "lighthouse", "overrides", Map.of("seed", 9)), user);
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(202);
        assertThat(example.status()).as(example.body()).isEqualTo(202);

        JsonNode fromPipeline = awaitStatus(pipeline.json().get("id").asString(), "succeeded");
        JsonNode fromExample = awaitStatus(example.json().get("id").asString(), "succeeded");

        assertThat(fromPipeline.path("steps")).hasSize(1);
        assertThat(fromPipeline.path("params").path("steps").asInt()).isEqualTo(2);
        assertThat(fromExample.path("source").path("id").asString()).isEqualTo("lighthouse");
        assertThat(fromExample.path("plan").path("exampleId").asString()).isEqualTo("lighthouse");
        assertThat(fromExample.path("params").path("seed").asLong()).isEqualTo(9);
        assertThat(fromExample.path("params").path("prompt").asString()).contains("lighthouse");
    }

    @Test
    @Order(3)
    void scenePresets_followTheCallersUserGroup() {
        Http.Response created = http.post("/v1/admin/users", Map.of("name", user, "plan", "pro", "group", "pro"), Http.TEST_ADMIN_KEY);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String proKey = created.json().path("api_key").asString();

        Http.Response accepted = http.post("/v1/tasks", Map.of("scene", "text-to-image", "inputs", Map.of("prompt", "a bird")), proKey);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode task = http.get("/v1/tasks/" + accepted.json().get("id").asString(), proKey).json();

        assertThat(task.path("params").path("steps").asInt()).isEqualTo(40);
        assertThat(task.path("plan").path("group").asString()).isEqualTo("pro");
    }

    @Test
    @Order(4)
    void imageInput_asDataUrl_isStoredOnceAndRead() {
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(png(64, 64));
        Http.Response accepted = http.post("/v1/tasks", Map.of("pipeline", "upload-refine",
                "inputs", Map.of("image", image, "prompt", "sharper")), user);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        JsonNode task = awaitStatus(accepted.json().get("id").asString(), "succeeded");

        assertThat(task.path("plan").path("inputs").path("image").asString()).startsWith("upload:");
        assertThat(task.path("params").path("image").asString()).startsWith("input:");
    }

    @Test
    @Order(4)
    void badImageInput_isA422NamingTheInput() {
        Http.Response rejected = http.post("/v1/tasks", Map.of("pipeline", "upload-refine",
                "inputs", Map.of("image", "data:image/png;base64,bm90IGFuIGltYWdl", "prompt", "x")), user);

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.json().path("field").asString()).isEqualTo("inputs.image");
    }

    @Test
    @Order(5)
    void inputErrors_nameTheSceneField_inEnglishAndChinese() {
        Map<String, Object> body = Map.of("scene", "text-to-image", "inputs", Map.of("steps", 80));

        Http.Response english = post(body, "en");
        Http.Response chinese = post(body, "zh-CN");

        assertThat(english.status()).isEqualTo(422);
        assertThat(english.header("Content-Type")).startsWith("application/problem+json");
        assertThat(english.json().path("code").asString()).isEqualTo("invalid_input");
        List<String> fields = new ArrayList<>();
        english.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields).contains("inputs.prompt", "inputs.steps");
        assertThat(english.body()).contains("Description").contains("is required");
        assertThat(chinese.status()).isEqualTo(422);
        assertThat(chinese.body()).contains("画面描述").contains("必填");
        assertThat(chinese.json().path("title").asString()).isEqualTo("输入无效");
    }

    @Test
    @Order(6)
    void outOfRangeInput_carriesValueAndLimit() {
        Http.Response rejected = http.post("/v1/tasks", Map.of("pipeline", "text-to-image",
                "inputs", Map.of("prompt", "x", "steps", 500)), user);

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.json().path("field").asString()).isEqualTo("inputs.steps");
        assertThat(rejected.json().path("value").asInt()).isEqualTo(500);
        assertThat(rejected.json().path("limit").asString()).contains("50");
    }

    @Test
    @Order(7)
    void unknownScene_isA422ListingTheKnownOnes() {
        Http.Response rejected = http.post("/v1/tasks", Map.of("scene", "nope", "inputs", Map.of()), user);

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.json().path("code").asString()).isEqualTo("unknown_scene");
        assertThat(rejected.json().path("limit").asString()).contains("text-to-image");
    }

    @Test
    @Order(7)
    void sceneOnAModelNoBackEndServes_isA503NamingTheStep() {
        Http.Response rejected = http.post("/v1/tasks", Map.of("example", "cutout-coffee", "overrides", Map.of()), user);

        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.json().path("code").asString()).isEqualTo("model_unavailable");
        assertThat(rejected.json().path("field").asString()).isEqualTo("steps.cutout.model");
        assertThat(rejected.json().path("value").asString()).startsWith("isnet@");
    }

    @Test
    @Order(8)
    void failedStep_failsTheTaskAfterRetries_andKeepsTheEarlierOutputs() {
        Http.Response accepted = http.post("/v1/tasks", Map.of("pipeline", "generate-crash", "inputs", Map.of("prompt", "a cat")), user);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        JsonNode task = awaitStatus(accepted.json().get("id").asString(), "failed");

        assertThat(task.path("steps").get(0).path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("steps").get(0).path("outputs")).hasSize(1);
        assertThat(task.path("steps").get(1).path("status").asString()).isEqualTo("failed");
        assertThat(task.path("steps").get(1).path("attempts").asInt()).isEqualTo(3);
        assertThat(task.path("outputs")).hasSize(1);
        assertThat(task.path("timeline").toString()).contains("\"to\":\"retrying\"");
        assertThat(task.path("reason").asString()).contains("attempts used");
    }

    @Test
    @Order(7)
    void fieldsThatDoNotGoTogether_are422NamingTheField() {
        List<Map<String, Object>> bodies = List.of(
                Map.of("scene", "text-to-image", "pipeline", "text-to-image", "inputs", Map.of("prompt", "a fox")),
                Map.of("scene", "text-to-image", "inputs", Map.of("prompt", "a fox"), "params", Map.of("steps", 2)),
                Map.of("example", "lighthouse", "inputs", Map.of("seed", 7)),
                Map.of("model", "tiny-sd", "params", Map.of("prompt", "a fox"), "inputs", Map.of("seed", 7)));
        List<String> fields = List.of("pipeline", "params", "inputs", "inputs");

        for (int i = 0; i < bodies.size(); i++) {
            Http.Response rejected = post(bodies.get(i), "en");

            assertThat(rejected.status()).as(rejected.body()).isEqualTo(422);
            assertThat(rejected.json().path("code").asString()).as(rejected.body()).isEqualTo("conflicting_fields");
            assertThat(rejected.json().path("field").asString()).as(rejected.body()).isEqualTo(fields.get(i));
        }
        Http.Response sceneWithParams = post(bodies.get(1), "en");
        Http.Response exampleWithInputs = post(bodies.get(2), "zh-CN");
        assertThat(sceneWithParams.json().path("detail").asString())
                .isEqualTo("The field params cannot be used in this request: scene takes only inputs; model takes params and "
                        + "capability, scene and pipeline take inputs, example takes overrides.");
        assertThat(exampleWithInputs.json().path("title").asString()).isEqualTo("字段冲突");
        assertThat(exampleWithInputs.json().path("detail").asString()).contains("example 只接受 overrides");
        assertThat(http.get("/v1/tasks", user).json().path("items")).isEmpty();
    }

    @Test
    @Order(7)
    void urlImageInput_isRejectedAsAUrl_inBothLanguages() {
        Map<String, Object> body = Map.of("scene", "upscale-4x", "inputs", Map.of("image", "https://example.com/cat.png"));

        Http.Response english = post(body, "en");
        Http.Response chinese = post(body, "zh-CN");

        assertThat(english.status()).as(english.body()).isEqualTo(422);
        assertThat(english.json().path("field").asString()).isEqualTo("inputs.image");
        assertThat(english.json().path("label").asString()).isEqualTo("Image");
        assertThat(english.json().path("errors").get(0).path("code").asString()).isEqualTo("url_not_accepted");
        assertThat(english.json().path("detail").asString())
                .startsWith("The input inputs.image (Image) is invalid: it is a URL, and URLs are not accepted")
                .doesNotContain("base64 character");
        assertThat(chinese.status()).isEqualTo(422);
        assertThat(chinese.json().path("label").asString()).isEqualTo("图片");
        assertThat(chinese.json().path("detail").asString()).contains("不接受 URL").doesNotContain("URLs are");
    }

    @Test
    @Order(7)
    void missingAsset_isRejectedAsNotFound_withTheLabel() {
        Map<String, Object> body = Map.of("scene", "upscale-4x", "inputs", Map.of("image", "asset:photos/no-such-photo.jpg"));

        Http.Response english = post(body, "en");
        Http.Response chinese = post(body, "zh-CN");

        assertThat(english.status()).as(english.body()).isEqualTo(422);
        assertThat(english.json().path("errors").get(0).path("code").asString()).isEqualTo("asset_not_found");
        assertThat(english.json().path("value").asString()).isEqualTo("asset:photos/no-such-photo.jpg");
        assertThat(english.json().path("detail").asString())
                .startsWith("The input inputs.image (Image) is invalid: it names a catalog asset that was not found;");
        assertThat(chinese.json().path("detail").asString()).contains("图片").contains("未找到");
    }

    @Test
    @Order(7)
    void notAnImage_readsAsASentence_inBothLanguages() {
        Map<String, Object> body = Map.of("scene", "upscale-4x", "inputs", Map.of("image", "data:image/png;base64,bm90IGFuIGltYWdl"));

        Http.Response english = post(body, "en");
        Http.Response chinese = post(body, "zh-CN");

        assertThat(english.status()).as(english.body()).isEqualTo(422);
        assertThat(english.json().path("errors").get(0).path("code").asString()).isEqualTo("invalid_image");
        assertThat(english.json().path("detail").asString())
                .startsWith("The input inputs.image (Image) is invalid: it is not a usable image, because the file is not an image");
        assertThat(chinese.json().path("detail").asString()).contains("不是可用的图像").doesNotContain("the file");
    }

    @Test
    @Order(7)
    void textThatIsNotBase64_asksForAnImage() {
        Http.Response rejected = http.post("/v1/tasks", Map.of("pipeline", "upload-refine",
                "inputs", Map.of("image", "<not base64>", "prompt", "x")), user);

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(422);
        assertThat(rejected.json().path("errors").get(0).path("code").asString()).isEqualTo("image_expected");
        assertThat(rejected.json().path("detail").asString()).isEqualTo("The input inputs.image is invalid: it must be an image "
                + "as a data: URL or base64 text, or an asset: path of the catalog.");
    }

    @Test
    @Order(7)
    void integerLimits_printWithoutDecimals() {
        Http.Response rejected = http.post("/v1/tasks", Map.of("pipeline", "text-to-image",
                "inputs", Map.of("prompt", "x", "steps", 500)), user);
        JsonNode pipeline = http.get("/v1/catalog/pipelines/text-to-image", user).json();
        JsonNode model = http.get("/v1/catalog/models/tiny-sd", user).json();

        assertThat(rejected.json().path("detail").asString()).endsWith("it must be at most 50.");
        assertThat(pipeline.path("inputs").path("steps").path("max").toString()).isEqualTo("50");
        assertThat(pipeline.path("inputs").path("steps").path("min").toString()).isEqualTo("1");
        JsonNode steps = model.path("versions").get(0).path("parameters").path("steps");
        assertThat(steps.path("max").toString()).isEqualTo("150");
        assertThat(steps.path("min").toString()).isEqualTo("1");
    }

    @Test
    @Order(7)
    void exampleOverrideErrors_nameTheOverridesField() {
        Http.Response rejected = http.post("/v1/tasks", Map.of("example", "lighthouse", "overrides", Map.of("seed", -1)), user);

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(422);
        assertThat(rejected.json().path("field").asString()).isEqualTo("overrides.seed");
        assertThat(rejected.json().path("errors").get(0).path("field").asString()).isEqualTo("overrides.seed");
        assertThat(rejected.json().path("detail").asString()).startsWith("The input overrides.seed");
    }

    // ---------------------------------------------------------------- catalog endpoints

    @Test
    @Order(10)
    void catalogLists_areLocalized_andCoversAreServed() {
        JsonNode english = get("/v1/catalog/scenes", "en").json();
        JsonNode chinese = get("/v1/catalog/scenes/text-to-image", "zh-CN").json();
        Http.Response cover = http.get("/v1/catalog/examples/lighthouse/cover", user);

        assertThat(english.path("items").toString()).contains("\"id\":\"cutout-upscale\"").contains("Text to image");
        assertThat(chinese.path("title").asString()).isEqualTo("文生图（演示模型）");
        assertThat(chinese.path("fields").toString()).contains("画面描述").doesNotContain("\"name\":\"steps\"");
        assertThat(cover.status()).isEqualTo(200);
        assertThat(cover.header("Content-Type")).isEqualTo("image/jpeg");
        for (String kind : List.of("models", "pipelines", "templates", "examples")) {
            assertThat(http.get("/v1/catalog/" + kind, user).json().path("items").size()).as(kind).isPositive();
        }
        assertThat(http.get("/v1/catalog/scenes/nope", user).status()).isEqualTo(404);
    }

    @Test
    @Order(11)
    void adminEndpoints_needTheAdminRole() {
        Http.Response reload = http.post("/v1/admin/catalog/reload", "{}", user);

        assertThat(reload.status()).isEqualTo(403);
    }

    @Test
    @Order(12)
    void validate_checksAProposedChangeWithoutApplyingIt() {
        Http.Response invalid = http.post("/v1/admin/catalog/validate",
                Map.of("files", Map.of("scenes/broken.yaml", "id: broken\nversion: 1\npipeline: missing\n")), Http.TEST_ADMIN_KEY);

        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.json().path("valid").asBoolean()).isFalse();
        assertThat(invalid.json().path("errors").get(0).path("file").asString()).isEqualTo("scenes/broken.yaml");
        assertThat(http.get("/v1/catalog/scenes/broken", user).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- changes (run last)

    @Test
    @Order(20)
    void reload_ofAnInvalidFolder_isRejected_andTheOldCatalogStays() throws IOException {
        Path broken = CATALOG.resolve("scenes/zz-broken.yaml");
        Files.writeString(broken, "id: zz-broken\nversion: 1\npipeline: missing\n");
        try {
            Http.Response rejected = http.post("/v1/admin/catalog/reload", "{}", Http.TEST_ADMIN_KEY);

            assertThat(rejected.status()).isEqualTo(422);
            assertThat(rejected.json().path("code").asString()).isEqualTo("catalog_invalid");
            assertThat(rejected.body()).contains("scenes/zz-broken.yaml");
            assertThat(http.get("/v1/catalog/scenes/text-to-image", user).status()).isEqualTo(200);
        } finally {
            Files.delete(broken);
        }
        assertThat(http.post("/v1/admin/catalog/reload", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    @Order(21)
    void aSceneWrittenAsAFile_appearsWithoutRestart_andRuns() throws IOException {
        String scene = Files.readString(CATALOG.resolve("scenes/text-to-image.yaml"))
                .replace("id: text-to-image", "id: sketch")
                .replace("Text to image (demo model)", "Quick sketch");
        Files.writeString(CATALOG.resolve("scenes/sketch.yaml"), scene);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/v1/catalog/scenes/sketch", user).status() == 200);
        Http.Response accepted = http.post("/v1/tasks", Map.of("scene", "sketch", "inputs", Map.of("prompt", "a tree")), user);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        awaitStatus(accepted.json().get("id").asString(), "succeeded");
    }

    @Test
    @Order(22)
    void aliasSwitch_andRollback_throughTheAdminApi_areRecorded() throws IOException {
        addTinySdVersion2();
        assertThat(http.post("/v1/admin/catalog/reload", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);

        Http.Response switched = http.post("/v1/admin/catalog/models/tiny-sd/aliases/stable",
                Map.of("version", "2", "reason", "try the new version"), Http.TEST_ADMIN_KEY);
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        assertThat(switched.json().path("aliases").path("stable").asString()).isEqualTo("2");
        JsonNode onTwo = awaitStatus(http.post("/v1/tasks", Map.of("scene", "refine", "inputs", Map.of("prompt", "x")), user)
                .json().get("id").asString(), "succeeded");
        Http.Response rolledBack = http.post("/v1/admin/catalog/models/tiny-sd/aliases/stable/rollback", "{}", Http.TEST_ADMIN_KEY);
        JsonNode history = http.get("/v1/admin/catalog/aliases/history", Http.TEST_ADMIN_KEY).json();

        assertThat(onTwo.path("plan").path("stepModels").path("generate").asString()).isEqualTo("tiny-sd@2");
        assertThat(onTwo.path("plan").path("aliasesUsed").path("tiny-sd@stable").asString()).isEqualTo("2");
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().path("aliases").path("stable").asString()).isEqualTo("1");
        assertThat(history.path("items")).hasSize(2);
        assertThat(history.path("items").get(0).path("to").asString()).isEqualTo("2");
        assertThat(history.path("items").get(1).path("rollback").asBoolean()).isTrue();
        assertThat(history.path("items").get(1).path("actor").asString()).isNotBlank();
    }

    @Test
    @Order(23)
    void reproduce_afterTheCatalogChanged_usesTheRecordedVersions() throws IOException {
        JsonNode original = awaitStatus(http.post("/v1/tasks", Map.of("scene", "refine", "inputs", Map.of("prompt", "a hill", "seed", 11)),
                user).json().get("id").asString(), "succeeded");
        Path pipeline = CATALOG.resolve("pipelines/refine.yaml");
        Files.writeString(pipeline, Files.readString(pipeline).replace("version: 1", "version: 2").replace("strength: 0.5", "strength: 0.9"));
        Path scene = CATALOG.resolve("scenes/refine.yaml");
        Files.writeString(scene, Files.readString(scene).replace("version: 1", "version: 2"));
        assertThat(http.post("/v1/admin/catalog/reload", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
        assertThat(http.post("/v1/admin/catalog/models/tiny-sd/aliases/stable", Map.of("version", "2"), Http.TEST_ADMIN_KEY).status())
                .isEqualTo(200);
        JsonNode fresh = awaitStatus(http.post("/v1/tasks", Map.of("scene", "refine", "inputs", Map.of("prompt", "a hill", "seed", 11)),
                user).json().get("id").asString(), "succeeded");

        Http.Response again = http.post("/v1/tasks/" + original.path("id").asString() + "/reproduce", "{}", user);
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        JsonNode reproduced = awaitStatus(again.json().get("id").asString(), "succeeded");

        assertThat(fresh.path("plan").path("pipelineVersion").asInt()).isEqualTo(2);
        assertThat(fresh.path("params").path("strength").asDouble()).isEqualTo(0.9);
        assertThat(reproduced.path("plan").path("pipelineVersion").asInt()).isEqualTo(1);
        assertThat(reproduced.path("plan").path("stepModels")).isEqualTo(original.path("plan").path("stepModels"));
        assertThat(reproduced.path("params").path("strength").asDouble()).isEqualTo(0.5);
        assertThat(recipes(reproduced)).isEqualTo(recipes(original));
    }

    // ---------------------------------------------------------------- helpers

    private static List<JsonNode> recipes(JsonNode task) {
        List<JsonNode> recipes = new ArrayList<>();
        task.path("outputs").forEach(output -> {
            JsonNode recipe = output.path("recipe").deepCopy();
            if (recipe.isObject()) {
                ((tools.jackson.databind.node.ObjectNode) recipe).remove(List.of("duration_ms", "worker", "task_id", "job_id", "created_at"));
            }
            recipes.add(recipe);
        });
        return recipes;
    }

    @Test
    @Order(23)
    void aliasOnAVersionNoBackEndServes_is503AndRunsNothing() throws IOException {
        Path model = CATALOG.resolve("models/tiny-sd.yaml");
        String text = Files.readString(model);
        int start = text.indexOf("  - version: \"1\"");
        int end = text.indexOf("aliases:");
        int next = text.indexOf("  - version:", start + 1);
        String version3 = text.substring(start, next > 0 && next < end ? next : end).replace("version: \"1\"", "version: \"3\"")
                .replaceAll("(?m)^\\s*file_hash:.*\\n", "");
        Files.writeString(model, text.substring(0, end) + version3 + text.substring(end));
        assertThat(http.post("/v1/admin/catalog/reload", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
        Http.Response switched = http.post("/v1/admin/catalog/models/tiny-sd/aliases/stable",
                Map.of("version", "3", "reason", "weights not deployed yet"), Http.TEST_ADMIN_KEY);
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);

        Http.Response rejected = http.post("/v1/tasks", Map.of("scene", "refine", "inputs", Map.of("prompt", "x")), user);
        http.post("/v1/admin/catalog/models/tiny-sd/aliases/stable/rollback", "{}", Http.TEST_ADMIN_KEY);

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(503);
        assertThat(rejected.json().path("code").asString()).isEqualTo("model_unavailable");
        assertThat(rejected.json().path("field").asString()).isEqualTo("steps.generate.model");
        assertThat(rejected.json().path("value").asString()).isEqualTo("tiny-sd@3");
    }

    private void addTinySdVersion2() throws IOException {
        Path model = CATALOG.resolve("models/tiny-sd.yaml");
        String text = Files.readString(model);
        int start = text.indexOf("  - version: \"1\"");
        int end = text.indexOf("aliases:");
        String version2 = text.substring(start, end).replace("version: \"1\"", "version: \"2\"");
        Files.writeString(model, text.substring(0, end) + version2 + text.substring(end));
    }

    private static String jobSuffix(JsonNode task, int step) {
        String id = task.path("id").asString();
        return "job_" + id.substring(id.indexOf('_') + 1) + "_" + step;
    }

    private Http.Response post(Map<String, Object> body, String language) {
        HttpRequest.Builder request = http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .header("Accept-Language", language)
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body)));
        return http.send(request);
    }

    private Http.Response get(String path, String language) {
        return http.send(http.request(path, user).header("Accept-Language", language).GET());
    }

    private JsonNode awaitStatus(String taskId, String status) {
        return awaitTask(taskId, t -> status.equals(t.path("status").asString()));
    }

    private JsonNode awaitTask(String taskId, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = http.get("/v1/tasks/" + taskId, user).json();
            return condition.test(last[0]);
        });
        return last[0];
    }

    private static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the repository's catalog and the test pipelines into a folder the tests may change. */
    private static Path copyCatalog(Path target) {
        try {
            copyTree(Path.of("../catalog"), target);
            copyTree(Path.of("src/test/resources/catalog-extra"), target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path destination = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
