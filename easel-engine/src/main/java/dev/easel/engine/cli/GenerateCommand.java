package dev.easel.engine.cli;

import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.EngineException;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.OutputImage;
import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.onnx.OnnxSettings;
import dev.easel.engine.png.RecipePng;
import dev.easel.engine.sd.StableDiffusionBackend;
import dev.easel.engine.sd.StableDiffusionBackend.ModelSource;
import dev.easel.engine.sd.StableDiffusionSchema;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code easel generate}: makes images with a Stable Diffusion model folder in process, shows a
 * progress bar on standard error, writes PNG files that carry their recipe, and prints the recipe
 * as JSON on standard output.
 *
 * <p>Exit codes: 0 on success, 2 for invalid input (a parameter, the model folder, the init
 * image), 1 for any other failure. Each failure prints one line, {@code error: ...}, on standard
 * error.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generates images with a Stable Diffusion model folder (Hugging Face optimum ONNX layout) on ONNX Runtime.")
public final class GenerateCommand implements Callable<Integer> {

    static final int EXIT_INVALID_INPUT = 2;
    static final int EXIT_FAILURE = 1;

    /** Parameter names that have a command-line option of the same name. */
    private static final java.util.Set<String> OPTION_FIELDS = java.util.Set.of(
            StableDiffusionSchema.PROMPT, StableDiffusionSchema.NEGATIVE_PROMPT, StableDiffusionSchema.WIDTH, StableDiffusionSchema.HEIGHT,
            StableDiffusionSchema.STEPS, StableDiffusionSchema.GUIDANCE, StableDiffusionSchema.SAMPLER, StableDiffusionSchema.SEED,
            StableDiffusionSchema.IMAGES, StableDiffusionSchema.STRENGTH, "init_image", "threads");

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder: model_index.json, text_encoder/, unet/, vae_decoder/, tokenizer/, scheduler/.")
    private Path model;

    @Option(names = "--prompt", required = true, description = "What the image shows.")
    private String prompt;

    @Option(names = "--negative-prompt", description = "What the image should not show.")
    private String negativePrompt;

    @Option(names = "--width", description = "Image width in pixels, a multiple of the model's size multiple (default: the model's native size).")
    private Integer width;

    @Option(names = "--height", description = "Image height in pixels (default: the model's native size).")
    private Integer height;

    @Option(names = "--steps", description = "Denoising steps (default: 20).")
    private Integer steps;

    @Option(names = "--guidance", description = "Classifier-free guidance scale; 1 or less turns it off (default: 7.5).")
    private Double guidance;

    @Option(names = "--sampler", description = "euler, euler_ancestral, ddim or lcm (default: from the model's scheduler config).")
    private String sampler;

    @Option(names = "--seed", description = "Seed of the first image; image k uses seed + k (default: random).")
    private Long seed;

    @Option(names = "--images", description = "Number of images, 1 to 4 (default: 1).")
    private Integer images;

    @Option(names = "--init-image", paramLabel = "FILE", description = "Start from this image (img2img); it is resized to the output size.")
    private Path initImage;

    @Option(names = "--strength", description = "img2img: how far to move from the init image, 0 to 1 (default: 0.8).")
    private Double strength;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the PNG files; created when missing.")
    private Path out;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (default: 0).")
    private int threads;

    @Option(names = "--cuda", description = "Run on the CUDA execution provider when the ONNX Runtime build has it (the onnxruntime_gpu artifact).")
    private boolean cuda;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return generate(spec.commandLine().getOut(), err);
        } catch (InvalidParametersException e) {
            err.println("error: invalid " + optionName(e.field()) + (e.value() == null ? "" : " " + e.value()) + ": " + e.rule());
            return EXIT_INVALID_INPUT;
        } catch (dev.easel.engine.ModelLoadException e) {
            err.println("error: " + e.getMessage());
            return EXIT_INVALID_INPUT;
        } catch (EngineException | IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILURE;
        } finally {
            err.flush();
        }
    }

    private int generate(PrintWriter out, PrintWriter err) throws IOException {
        if (threads < 0) {
            throw new InvalidParametersException("threads", threads, "must be 0 (automatic) or more");
        }
        BufferedImage init = readInitImage();
        OnnxSettings settings = new OnnxSettings(threads, 0, cuda, 0);
        ModelSource source = ModelSource.of(model);

        try (StableDiffusionBackend backend = new StableDiffusionBackend(List.of(source), new OnnxSessionFactory(settings), 1)) {
            Capability capability = init == null ? Capability.TXT2IMG : Capability.IMG2IMG;
            BatchRequest request = new BatchRequest(source.id(), capability, List.of(new JobInput("cli", parameters(), init)));
            ProgressBar bar = new ProgressBar(err);
            JobOutput output = backend.run(request, bar, new CancellationSignal()).get(0);
            bar.finish();

            Files.createDirectories(this.out);
            for (OutputImage image : output.images()) {
                Path file = this.out.resolve(source.id() + "-" + image.seed() + ".png");
                Files.write(file, image.bytes());
                err.println("wrote " + file);
            }
            out.println(RecipePng.toPrettyJson(output.recipe()));
            out.flush();
            return 0;
        }
    }

    private Map<String, Object> parameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(StableDiffusionSchema.PROMPT, prompt);
        putIfSet(values, StableDiffusionSchema.NEGATIVE_PROMPT, negativePrompt);
        putIfSet(values, StableDiffusionSchema.WIDTH, width);
        putIfSet(values, StableDiffusionSchema.HEIGHT, height);
        putIfSet(values, StableDiffusionSchema.STEPS, steps);
        putIfSet(values, StableDiffusionSchema.GUIDANCE, guidance);
        putIfSet(values, StableDiffusionSchema.SAMPLER, sampler);
        putIfSet(values, StableDiffusionSchema.SEED, seed);
        putIfSet(values, StableDiffusionSchema.IMAGES, images);
        putIfSet(values, StableDiffusionSchema.STRENGTH, strength);
        return values;
    }

    private static void putIfSet(Map<String, Object> values, String name, Object value) {
        if (value != null) {
            values.put(name, value);
        }
    }

    private BufferedImage readInitImage() {
        if (initImage == null) {
            return null;
        }
        if (!Files.isRegularFile(initImage)) {
            throw new InvalidParametersException("init_image", initImage, "file not found");
        }
        try {
            BufferedImage image = ImageIO.read(initImage.toFile());
            if (image == null) {
                throw new InvalidParametersException("init_image", initImage, "is not a PNG, JPEG, BMP or GIF image");
            }
            return image;
        } catch (IOException e) {
            throw new InvalidParametersException("init_image", initImage, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Returns the command-line option for a parameter name, for example {@code --negative-prompt},
     * or the name itself for a field that has no option (such as {@code capability}).
     */
    static String optionName(String field) {
        String option = "--" + field.replace('_', '-');
        return OPTION_FIELDS.contains(field) ? option : field;
    }
}
