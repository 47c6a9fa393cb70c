package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.png.RecipePng;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The {@link ModelBackend} contract, run against each image-to-image back end of the pretrained
 * models. A subclass supplies the back end, the model and the expected output size.
 */
public abstract class PretrainedBackendContract {

    /** Returns the back end under test, shared by the subclass's tests. */
    protected abstract ModelBackend backend();

    protected abstract String modelId();

    protected abstract Capability capability();

    /** Returns the parameters of a job, already resolved. */
    protected abstract Map<String, Object> parameters();

    /** Returns the expected output width and height for an input of this size. */
    protected abstract int[] outputSize(int width, int height);

    /**
     * Returns whether a recipe records the same weights hash as {@link ModelInfo#fileHash()}.
     * A model with one weights file per setting records the file it ran, which may differ.
     */
    protected boolean isRecipeHashTheModelHash() {
        return true;
    }

    @Test
    void models_listModelWithVersionLicenceAndHash() {
        ModelInfo model = info();

        assertThat(model.version()).isNotBlank();
        assertThat(model.licence()).isNotBlank();
        assertThat(model.fileHash()).matches("[0-9a-f]{64}");
        assertThat(model.capabilities()).contains(capability());
        assertThat(model.schema().resolve(Map.of())).containsOnlyKeys(parameters().keySet());
    }

    @Test
    void run_twoJobs_returnsOneOutputPerJobInOrder() throws IOException {
        List<JobInput> jobs = List.of(new JobInput("first", parameters(), picture(40, 30)), new JobInput("second", parameters(), picture(30, 40)));
        List<int[]> steps = new ArrayList<>();

        List<JobOutput> outputs = backend().run(new BatchRequest(modelId(), capability(), jobs), (step, total) -> steps.add(new int[] {step, total}),
                new CancellationSignal());

        assertThat(outputs).extracting(JobOutput::jobId).containsExactly("first", "second");
        assertOutput(outputs.get(0), 40, 30);
        assertOutput(outputs.get(1), 30, 40);
        assertThat(steps).isNotEmpty();
        assertThat(steps.get(steps.size() - 1)[0]).isEqualTo(steps.get(steps.size() - 1)[1]);
    }

    @Test
    void run_cancelledBeforeStart_throwsCancelled() {
        CancellationSignal cancellation = new CancellationSignal();
        cancellation.cancel();
        BatchRequest request = new BatchRequest(modelId(), capability(), List.of(new JobInput("job", parameters(), picture(16, 16))));

        assertThatThrownBy(() -> backend().run(request, ProgressListener.NONE, cancellation)).isInstanceOf(CancelledException.class);
    }

    @Test
    void run_unknownModel_rejectsNamingIt() {
        BatchRequest request = new BatchRequest("no-such-model", capability(), List.of(new JobInput("job", parameters(), picture(16, 16))));

        assertThatThrownBy(() -> backend().run(request, ProgressListener.NONE, new CancellationSignal()))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.field()).isEqualTo("model"))
                .hasMessageContaining("no-such-model");
    }

    @Test
    void run_jobWithoutImage_rejectsNamingTheField() {
        BatchRequest request = new BatchRequest(modelId(), capability(), List.of(new JobInput("job", parameters(), null)));

        assertThatThrownBy(() -> backend().run(request, ProgressListener.NONE, new CancellationSignal()))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.field()).isEqualTo("image"));
    }

    private void assertOutput(JobOutput output, int width, int height) throws IOException {
        int[] expected = outputSize(width, height);
        OutputImage image = output.images().get(0);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));

        assertThat(image.mediaType()).isEqualTo("image/png");
        assertThat(decoded.getWidth()).isEqualTo(expected[0]).isEqualTo(image.width());
        assertThat(decoded.getHeight()).isEqualTo(expected[1]).isEqualTo(image.height());
        assertThat(output.recipe().modelId()).isEqualTo(modelId());
        assertThat(output.recipe().backend()).isEqualTo(backend().id());
        assertThat(output.recipe().capability()).isEqualTo(capability().wireName());
        assertThat(output.recipe().fileHash()).matches("[0-9a-f]{64}");
        if (isRecipeHashTheModelHash()) {
            assertThat(output.recipe().fileHash()).isEqualTo(info().fileHash());
        }
        assertThat(new HashMap<>(output.recipe().parameters())).containsAllEntriesOf(parameters());
        assertThat(RecipePng.readRecipe(image.bytes())).hasValueSatisfying(recipe -> assertThat(recipe.modelId()).isEqualTo(modelId()));
    }

    private ModelInfo info() {
        return backend().models().stream().filter(model -> model.id().equals(modelId())).findFirst().orElseThrow();
    }

    /** Returns a small picture: a dark square on a light background. */
    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(230, 225, 210));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(new Color(40, 60, 120));
        graphics.fillRect(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        return image;
    }
}
