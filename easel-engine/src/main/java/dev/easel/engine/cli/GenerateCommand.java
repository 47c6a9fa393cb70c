package dev.easel.engine.cli;

import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelLoadException;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ProgressListener;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code easel generate}: makes images with a Stable Diffusion model folder in process, shows a
 * progress bar on standard error when a console is attached, writes PNG files that carry their
 * recipe, and prints the job's recipe as JSON on standard output.
 *
 * <p>Exit codes and the error line as in {@link CommandFailures}. A model folder given with
 * {@code --model} that is missing, incomplete or corrupt is invalid input (2), because the user
 * named it on the command line.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate images with a Stable Diffusion model folder (Hugging Face optimum ONNX layout) on ONNX Runtime.")
public final class GenerateCommand implements Callable<Integer> {

    /** Parameter names that have a command-line option of the same name. */
    private static final Set<String> OPTION_FIELDS = Set.of(
            StableDiffusionSchema.PROMPT, StableDiffusionSchema.NEGATIVE_PROMPT, StableDiffusionSchema.WIDTH, StableDiffusionSchema.HEIGHT,
            StableDiffusionSchema.STEPS, StableDiffusionSchema.GUIDANCE, StableDiffusionSchema.SAMPLER, StableDiffusionSchema.SEED,
            StableDiffusionSchema.IMAGES, StableDiffusionSchema.STRENGTH);

    /** Engine parameter names and their command-line names. */
    private static final Map<String, String> OPTION_NAMES = optionNames();

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder: model_index.json, text_encoder/, unet/, vae_decoder/, tokenizer/, scheduler/.")
    private Path model;

    @Option(names = "--prompt", required = true, description = "What the image shows.")
    private String prompt;

    @Option(names = "--negative-prompt", description = "What the image should not show.")
    private String negativePrompt;

    @Option(names = "--width", description = "Image width in pixels: a multiple of the model's size step (16 for tiny-sd), at most 4 times its native size"
            + " (256 for tiny-sd); an invalid value prints the model's limits (default: the native size).")
    private Integer width;

    @Option(names = "--height", description = "Image height in pixels, with the same limits as --width (default: the native size).")
    private Integer height;

    @Option(names = "--steps", description = "Denoising steps, 1 to 150 (default: 20).")
    private Integer steps;

    @Option(names = "--guidance", description = "Classifier-free guidance scale, 0 to 30; 1 or less turns it off (default: 7.5).")
    private Double guidance;

    @Option(names = "--sampler", description = "euler, euler_ancestral, ddim or lcm (default: from the model's scheduler config).")
    private String sampler;

    @Option(names = "--seed", description = "Seed of the first image, 0 to 2^53-1; image k uses seed + k. -1 or no --seed picks a random seed.")
    private Long seed;

    @Option(names = "--images", description = "Number of images, 1 to 4 (default: 1).")
    private Integer images;

    @Option(names = "--init-image", paramLabel = "FILE", description = "Start from this image (img2img): PNG, JPEG, GIF, BMP or TIFF; it is resized to the output size.")
    private Path initImage;

    @Option(names = "--strength", description = "img2img only: how far to move from the init image, greater than 0 and at most 1 (default: 0.8).")
    private Double strength;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the PNG files, named MODEL-SEED.png; created when missing.")
    private Path out;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads, 0 to " + OnnxSettings.MAX_THREADS + "; 0 lets ONNX Runtime choose (default: 0).")
    private int threads;

    @Option(names = "--cuda", description = "Run on the CUDA execution provider when the ONNX Runtime build has it (the onnxruntime_gpu artifact).")
    private boolean cuda;

    /**
     * Whether to draw the progress bar. Only on a console: redraws with carriage returns would
     * fill a log file or a pipe. Note that on Java 17 {@link System#console()} is {@code null}
     * as soon as standard output is redirected, even when standard error is a terminal.
     */
    boolean showProgress = System.console() != null;

    @Override
    public Integer call() {
        return CommandFailures.run(spec.commandLine().getErr(), OPTION_NAMES, () -> generate(spec.commandLine().getOut(), spec.commandLine().getErr()));
    }

    private int generate(PrintWriter out, PrintWriter err) throws IOException {
        // 1. Options, the output folder and the init image, before the model loads.
        checkOptions();
        OutputLocations.prepareFolder(this.out, "--out");
        BufferedImage init = initImage == null ? null : ImageFiles.read(initImage, "--init-image").image();
        OnnxSettings settings = new OnnxSettings(threads, 0, cuda, 0);

        // 2. The model and the run.
        ModelSource source = modelSource();
        try (StableDiffusionBackend backend = openBackend(source, settings)) {
            Capability capability = init == null ? Capability.TXT2IMG : Capability.IMG2IMG;
            BatchRequest request = new BatchRequest(source.id(), capability, List.of(new JobInput("cli", parameters(), init)));
            ProgressBar bar = new ProgressBar(err);
            JobOutput output = backend.run(request, showProgress ? bar : ProgressListener.NONE, new CancellationSignal()).get(0);
            bar.finish();

            // 3. The files and the recipe.
            for (OutputImage image : output.images()) {
                Path file = this.out.resolve(source.id() + "-" + image.seed() + ".png");
                boolean replaced = Files.exists(file);
                Files.write(file, image.bytes());
                err.println("wrote " + file + (replaced ? " (replaced the existing file)" : ""));
            }
            out.println(RecipePng.toPrettyJson(output.recipe()));
            out.flush();
            return CommandFailures.EXIT_OK;
        }
    }

    private void checkOptions() {
        if (threads < 0 || threads > OnnxSettings.MAX_THREADS) {
            throw new InvalidParametersException("--threads", threads, "must be 0 (automatic) to " + OnnxSettings.MAX_THREADS);
        }
        if (strength == null) {
            return;
        }
        if (initImage == null) {
            throw new InvalidParametersException("--strength", strength, "applies only to img2img; give --init-image too");
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new InvalidParametersException("--strength", strength, "must be greater than 0 and at most 1");
        }
    }

    private ModelSource modelSource() {
        try {
            return ModelSource.of(model);
        } catch (ModelLoadException e) {
            throw invalidModel(e);
        }
    }

    private StableDiffusionBackend openBackend(ModelSource source, OnnxSettings settings) {
        try {
            return new StableDiffusionBackend(List.of(source), new OnnxSessionFactory(settings), 1);
        } catch (ModelLoadException e) {
            throw invalidModel(e);
        }
    }

    /** Returns the load failure as an error of {@code --model}, naming a file inside the folder relative to it. */
    private InvalidParametersException invalidModel(ModelLoadException e) {
        Path folder = model.toAbsolutePath().normalize();
        Path failed = e.path() == null ? folder : e.path().toAbsolutePath().normalize();
        String where = failed.equals(folder) ? "" : (failed.startsWith(folder) ? folder.relativize(failed) : failed) + ": ";
        return new InvalidParametersException("--model", model, where + e.reason());
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

    private static Map<String, String> optionNames() {
        Map<String, String> names = new HashMap<>();
        for (String field : OPTION_FIELDS) {
            names.put(field, optionName(field));
        }
        names.put(StableDiffusionSchema.IMAGE, "--init-image");
        return Map.copyOf(names);
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
