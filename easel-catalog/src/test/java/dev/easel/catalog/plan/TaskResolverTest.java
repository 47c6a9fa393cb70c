package dev.easel.catalog.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.catalog.FixtureCatalog;
import dev.easel.catalog.LiveCatalog;
import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.UnknownObjectException;
import dev.easel.catalog.input.InputError;
import dev.easel.catalog.input.InvalidInputsException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class TaskResolverTest {

    @TempDir
    Path folder;

    private FixtureCatalog fixture;
    private LiveCatalog live;
    private TaskResolver resolver;
    private final AtomicLong seeds = new AtomicLong(1000);

    @BeforeEach
    void open() {
        fixture = FixtureCatalog.copyInto(folder);
        live = fixture.open();
        resolver = new TaskResolver(live, seeds::incrementAndGet);
    }

    private static Map<String, Object> inputs(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static List<InputError> inputErrors(Runnable call) {
        try {
            call.run();
        } catch (InvalidInputsException e) {
            return e.errors();
        }
        throw new AssertionError("the inputs were accepted");
    }

    @Test
    void resolveScene_rendersTemplatesAndFillsDefaults() {
        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox", "style", "oil", "seed", 5), null));

        assertThat(plan.steps()).hasSize(1);
        PlannedStep step = plan.steps().get(0);
        assertThat(step.id()).isEqualTo("generate");
        assertThat(step.capability()).isEqualTo("txt2img");
        assertThat(step.model().versionedId()).isEqualTo("toy-sd@1");
        assertThat(step.costPriorSeconds()).isEqualTo(0.5);
        assertThat(step.image()).isNull();
        assertThat(step.parameters()).containsExactly(
                Map.entry("prompt", "a red fox, oil painting"),
                Map.entry("negative_prompt", "blurry, monochrome"),
                Map.entry("steps", 10L),
                Map.entry("seed", 5L),
                Map.entry("width", 64L));

        PlanRecord record = plan.record();
        assertThat(record.pipelineId()).isEqualTo("generate");
        assertThat(record.pipelineVersion()).isEqualTo(1);
        assertThat(record.templateVersions()).containsExactly(Map.entry("style-prompt", 1), Map.entry("style-negative", 1));
        assertThat(record.stepModels()).containsExactly(Map.entry("generate", "toy-sd@1"));
        assertThat(record.aliasesUsed()).containsExactly(Map.entry("toy-sd@stable", "1"));
        assertThat(record.sceneId()).isEqualTo("poster");
        assertThat(record.sceneVersion()).isEqualTo(1);
        assertThat(record.exampleId()).isNull();
        assertThat(record.inputs()).containsExactly(
                Map.entry("subject", "a red fox"), Map.entry("style", "oil"), Map.entry("steps", 10L), Map.entry("seed", 5L));
        assertThat(record.catalogRevision()).isEqualTo(1);
    }

    @Test
    void resolveScene_missingSeed_isDrawn() {
        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox"), null));

        assertThat(plan.record().inputs()).containsEntry("seed", 1001L);
        assertThat(plan.steps().get(0).parameters()).containsEntry("seed", 1001L);
    }

    @Test
    void presets_perUserGroup_setHiddenSteps() {
        Map<String, Object> form = inputs("subject", "a red fox", "seed", 1);

        assertThat(stepsFor(form, "pro")).isEqualTo(40L);
        assertThat(stepsFor(form, "free")).isEqualTo(8L);
        assertThat(stepsFor(form, "team-without-preset")).isEqualTo(10L);
        assertThat(stepsFor(form, null)).isEqualTo(10L);
    }

    private Object stepsFor(Map<String, Object> form, String group) {
        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForScene("poster", form, group));
        assertThat(plan.record().group()).isEqualTo(group);
        return plan.steps().get(0).parameters().get("steps");
    }

    @Test
    void hiddenField_setByUser_isRejected() {
        List<InputError> errors = inputErrors(() -> resolver.resolve(
                new TaskRequest.ForScene("poster", inputs("subject", "a red fox", "steps", 60), "free")));

        assertThat(errors).containsExactly(new InputError("steps", new LocalizedText("Steps", "步数"), "not_editable", 60, null,
                "is set by the scene and cannot be changed"));
        assertThat(errors.get(0).message()).isEqualTo("steps (\"Steps\"): is set by the scene and cannot be changed, was 60");
    }

    @Test
    void badInputs_allReportedWithLabels() {
        List<InputError> errors = inputErrors(() -> resolver.resolve(
                new TaskRequest.ForScene("poster", inputs("subject", "a", "style", "pastel", "seed", -3, "mood", "calm"), null)));

        assertThat(errors).extracting(InputError::field).containsExactly("mood", "subject", "style", "seed");
        assertThat(errors).extracting(InputError::code).containsExactly("unknown_field", "too_short", "not_a_choice", "out_of_range");
        assertThat(errors.get(1).label()).isEqualTo(new LocalizedText("Subject", "主体"));
        assertThat(errors.get(1).limit()).isEqualTo(2);
        assertThat(errors.get(1).message()).isEqualTo("subject (\"Subject\"): must be at least 2 characters, was 1");
        assertThat(errors.get(2).message()).isEqualTo("style (\"Style\"): must be one of none, ink, oil, was \"pastel\"");
        assertThat(errors.get(3).message()).isEqualTo("seed (\"Seed\"): must be from 0 to 4294967295, was -3");
        assertThat(errors.get(0).message()).isEqualTo("mood: is not a field of this form; fields: subject, style, steps, seed");
    }

    @Test
    void missingRequiredField_isReported() {
        List<InputError> errors = inputErrors(() -> resolver.resolve(new TaskRequest.ForScene("poster", Map.of(), null)));

        assertThat(errors).containsExactly(new InputError("subject", new LocalizedText("Subject", "主体"), "required", null, null, "is required"));
    }

    @Test
    void wrongTypes_areReported() {
        List<InputError> errors = inputErrors(() -> resolver.resolve(
                new TaskRequest.ForScene("cutout", inputs("photo", 12, "scale", 2.5), null)));

        assertThat(errors).extracting(InputError::code).containsExactly("wrong_type", "not_integer");
    }

    @Test
    void resolvePipeline_twoSteps_secondReadsFirstOutput() {
        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForPipeline("cut-up", inputs("photo", "upload-17")));

        assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("cut", "up");
        PlannedStep cut = plan.steps().get(0);
        PlannedStep up = plan.steps().get(1);
        assertThat(cut.image()).isEqualTo(new ImageSource.TaskImage("photo", "upload-17"));
        assertThat(cut.parameters()).containsExactly(Map.entry("mask_only", false));
        assertThat(cut.model().versionedId()).isEqualTo("toy-cut@a");
        assertThat(up.image()).isEqualTo(new ImageSource.StepOutput("cut"));
        assertThat(up.parameters()).containsExactly(Map.entry("scale", 4L));
        assertThat(plan.record().aliasesUsed()).containsExactly(Map.entry("toy-cut@stable", "a"));
        assertThat(plan.record().sceneId()).isNull();
    }

    @Test
    void resolvePipeline_unsetOptionalInput_takesModelDefault() {
        fixture.edit("pipelines/generate.yaml", "max: 60, default: 20}", "max: 60}");
        TaskResolver fresh = new TaskResolver(fixture.open(), seeds::incrementAndGet);

        ResolvedPlan plan = fresh.resolve(new TaskRequest.ForPipeline("generate", inputs("subject", "a red fox", "seed", 3)));

        assertThat(plan.record().inputs()).doesNotContainKey("steps");
        assertThat(plan.steps().get(0).parameters()).containsEntry("steps", 20L);
    }

    @Test
    void resolvePipeline_errorsNameThePipelineInputs() {
        List<InputError> errors = inputErrors(() -> resolver.resolve(new TaskRequest.ForPipeline("cut-up", inputs("scale", 9))));

        assertThat(errors).extracting(InputError::message).containsExactly(
                "photo: is required",
                "scale: must be at most 4, was 9");
    }

    @Test
    void resolveExample_withOverrides() {
        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForExample("ink-cat", inputs("style", "oil"), "pro"));

        assertThat(plan.steps().get(0).parameters())
                .containsEntry("prompt", "a cat, oil painting")
                .containsEntry("seed", 1234L)
                .containsEntry("steps", 40L);
        assertThat(plan.record().exampleId()).isEqualTo("ink-cat");
        assertThat(plan.record().exampleVersion()).isEqualTo(1);
        assertThat(plan.record().sceneId()).isEqualTo("poster");
    }

    @Test
    void resolveExample_overridingAHiddenField_isRejected() {
        List<InputError> errors = inputErrors(() -> resolver.resolve(new TaskRequest.ForExample("ink-cat", inputs("steps", 50), null)));

        assertThat(errors).extracting(InputError::code).containsExactly("not_editable");
    }

    @Test
    void unknownObjects_areReportedByKindAndId() {
        assertThatThrownBy(() -> resolver.resolve(new TaskRequest.ForScene("flyer", Map.of(), null)))
                .isInstanceOf(UnknownObjectException.class).hasMessage("scene \"flyer\" does not exist");
        assertThatThrownBy(() -> resolver.resolve(new TaskRequest.ForPipeline("nope", Map.of())))
                .isInstanceOf(UnknownObjectException.class).hasMessage("pipeline \"nope\" does not exist");
        assertThatThrownBy(() -> resolver.resolve(new TaskRequest.ForExample("nope", Map.of(), null)))
                .isInstanceOf(UnknownObjectException.class).hasMessage("example \"nope\" does not exist");
    }

    @Test
    void aliasSwitch_appliesAtSubmitTime() {
        ResolvedPlan before = resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox", "seed", 1), null));
        live.switchAlias("toy-sd", "stable", "2", "alice", null);
        ResolvedPlan after = resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox", "seed", 1), null));

        assertThat(before.steps().get(0).model().versionedId()).isEqualTo("toy-sd@1");
        assertThat(after.steps().get(0).model().versionedId()).isEqualTo("toy-sd@2");
        assertThat(after.record().aliasesUsed()).containsExactly(Map.entry("toy-sd@stable", "2"));
    }

    @Test
    void inputBeyondModelLimit_namesSceneField() {
        String model = fixture.read("models/toy-sd.yaml").replace("aliases:", """
                  - version: "4-short"
                    backend: onnx-sd
                    remote: toy-sd-4
                    capabilities: [txt2img]
                    cost_prior_seconds: 0.3
                    parameters:
                      prompt: {type: string, max_length: 200}
                      negative_prompt: {type: string, max_length: 200, default: ""}
                      steps: {type: integer, default: 10, min: 1, max: 30}
                      seed: {type: integer, min: 0, max: 4294967295}
                      width: {type: integer, default: 64, min: 16, max: 256, multiple_of: 16}
                aliases:""");
        fixture.write("models/toy-sd.yaml", model);
        live.reload();
        live.switchAlias("toy-sd", "stable", "4-short", "alice", null);

        List<InputError> errors = inputErrors(() -> resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox"), "pro")));

        assertThat(errors).containsExactly(new InputError("steps", new LocalizedText("Steps", "步数"), "too_large", 40L, 30.0,
                "must be at most 30 for model toy-sd@4-short"));
    }

    @Test
    void reproduce_afterCatalogChange_samePlan() {
        ResolvedPlan original = resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox", "style", "ink"), "pro"));

        fixture.write("templates/style-prompt.yaml", fixture.read("templates/style-prompt.yaml")
                .replace("version: 1", "version: 2").replace(", ink wash painting", ", sumi-e"));
        fixture.write("pipelines/generate.yaml", fixture.read("pipelines/generate.yaml")
                .replace("version: 1", "version: 2").replace("width: 64", "width: 128"));
        fixture.write("scenes/poster.yaml", fixture.read("scenes/poster.yaml")
                .replace("version: 1", "version: 2").replace("steps: 40", "steps: 50"));
        live.reload();
        live.switchAlias("toy-sd", "stable", "2", "alice", "new weights");

        ResolvedPlan fresh = resolver.resolve(new TaskRequest.ForScene("poster",
                inputs("subject", "a red fox", "style", "ink", "seed", original.record().inputs().get("seed")), "pro"));
        ResolvedPlan reproduced = resolver.reproduce(original.record());

        assertThat(fresh.steps().get(0).model().versionedId()).isEqualTo("toy-sd@2");
        assertThat(fresh.steps().get(0).parameters()).containsEntry("prompt", "a red fox, sumi-e")
                .containsEntry("width", 128L).containsEntry("steps", 50L);
        assertThat(fresh.record().pipelineVersion()).isEqualTo(2);

        assertThat(reproduced).isEqualTo(original);
        assertThat(reproduced.steps().get(0).model().versionedId()).isEqualTo("toy-sd@1");
        assertThat(reproduced.steps().get(0).parameters()).containsEntry("prompt", "a red fox, ink wash painting")
                .containsEntry("width", 64L).containsEntry("steps", 40L);
    }

    @Test
    void reproduce_fromRecordStoredAsJson() {
        ResolvedPlan original = resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox", "style", "oil"), "free"));
        JsonMapper json = JsonMapper.builder().build();

        String stored = json.writeValueAsString(original.record());
        PlanRecord loaded = json.readValue(stored, PlanRecord.class);
        live.switchAlias("toy-sd", "stable", "2", "alice", null);

        assertThat(resolver.reproduce(loaded).steps()).isEqualTo(original.steps());
    }

    @Test
    void reproduce_versionNotInArchive_isReported() {
        ResolvedPlan original = resolver.resolve(new TaskRequest.ForScene("poster", inputs("subject", "a red fox"), null));
        fixture.write("pipelines/generate.yaml", fixture.read("pipelines/generate.yaml").replace("version: 1", "version: 2"));
        LiveCatalog restarted = fixture.open();

        TaskResolver afterRestart = new TaskResolver(restarted, seeds::incrementAndGet);

        assertThatThrownBy(() -> afterRestart.reproduce(original.record()))
                .isInstanceOf(UnknownObjectException.class)
                .hasMessage("pipeline generate version 1 is not in the catalog archive");
    }

    @Test
    void taskRequest_nullInputs_countAsEmpty() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("subject", "a red fox");
        withNull.put("style", null);

        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForScene("poster", withNull, null));

        assertThat(plan.record().inputs()).containsEntry("style", "none");
        assertThat(new TaskRequest.ForPipeline("cut-up", null).inputs()).isEmpty();
    }
}
