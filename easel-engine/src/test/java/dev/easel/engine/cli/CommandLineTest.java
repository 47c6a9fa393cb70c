package dev.easel.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.fetch.FetchedModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(err.toString()).isEqualTo("error: invalid IN = " + empty + ": the file is empty" + System.lineSeparator());
    }

    @Test
    void upscale_scaleNotOffered_namesTheLimit() {
        int exit = run(new UpscaleCommand(), photo("chelsea").toString(), temp.resolve("out.png").toString(),
                "--scale", "8", "--model", "esrgan-slim", "--models-dir", models());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: invalid scale = 8: must be one of [2, 3, 4] for model esrgan-slim").doesNotContain("\tat ");
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

    private int run(Object command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static String models() {
        return FetchedModels.modelsDir().toString();
    }

    private static Path photo(String name) {
        return Path.of(System.getProperty("easel.repoRoot"), "samples", "photos", name + ".png");
    }
}
