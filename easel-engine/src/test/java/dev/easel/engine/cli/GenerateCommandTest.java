package dev.easel.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.Recipe;
import dev.easel.engine.png.RecipePng;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    private static final String MODEL = System.getProperty("easel.tinySd");

    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {
    }

    private Run generate(String... extra) {
        List<String> args = new ArrayList<>(List.of("--model", MODEL, "--prompt", "a red fox in the snow", "--out", temp.resolve("out").toString(),
                "--threads", "1"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static void assertOneErrorLine(Run run, int exitCode, String expected) {
        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.err().strip()).isEqualTo(expected);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void generate_tinyModel_writesPngsAndPrintsRecipe() throws IOException {
        Run run = generate("--seed", "42", "--steps", "8", "--images", "2");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.err()).contains("] 8/8 steps").contains("wrote ");
        Path first = temp.resolve("out/tiny-sd-42.png");
        Path second = temp.resolve("out/tiny-sd-43.png");
        assertThat(first).exists();
        assertThat(second).exists();
        Recipe recipe = RecipePng.readRecipe(Files.readAllBytes(first)).orElseThrow();
        assertThat(recipe.parameters()).containsEntry("steps", 8L).containsEntry("prompt", "a red fox in the snow");
        assertThat(RecipePng.fromJson(run.out())).isEqualTo(recipe);
    }

    @Test
    void generate_initImage_runsImg2Img() throws IOException {
        generate("--seed", "1", "--steps", "4");
        Path init = temp.resolve("out/tiny-sd-1.png");

        Run run = generate("--seed", "5", "--steps", "10", "--init-image", init.toString(), "--strength", "0.5");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.err()).contains("] 5/5 steps");
        assertThat(RecipePng.fromJson(run.out()).capability()).isEqualTo("img2img");
    }

    @Test
    void unknownModelFolder_oneErrorLine() {
        Path missing = temp.resolve("nope").toAbsolutePath();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--model", missing.toString(), "--prompt", "x", "--out", temp.toString());

        assertOneErrorLine(new Run(exitCode, "", err.toString()), 2, "error: " + missing + ": model folder not found");
    }

    @Test
    void missingFile_oneErrorLine() throws IOException {
        Path copy = dev.easel.engine.sd.TinyModel.copyTo(temp.resolve("model"));
        Files.delete(copy.resolve("tokenizer/merges.txt"));
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--model", copy.toString(), "--prompt", "x", "--out", temp.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: " + copy.toAbsolutePath().resolve("tokenizer/merges.txt") + ": file not found");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void corruptOnnxFile_oneErrorLine() throws IOException {
        Path copy = dev.easel.engine.sd.TinyModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve("vae_decoder/model.onnx"), "garbage");
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--model", copy.toString(), "--prompt", "x", "--out", temp.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("error: " + copy.toAbsolutePath().resolve("vae_decoder/model.onnx") + ": ONNX Runtime cannot load this file, it is not a valid ONNX model");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void unsupportedWidth_oneErrorLine() {
        assertOneErrorLine(generate("--width", "70"), 2, "error: invalid --width 70: must be a multiple of 16");
    }

    @Test
    void unsupportedHeight_oneErrorLine() {
        assertOneErrorLine(generate("--height", "8"), 2, "error: invalid --height 8: must be at least 16");
    }

    @Test
    void zeroSteps_oneErrorLine() {
        assertOneErrorLine(generate("--steps", "0"), 2, "error: invalid --steps 0: must be at least 1");
    }

    @Test
    void negativeGuidance_oneErrorLine() {
        assertOneErrorLine(generate("--guidance", "-2"), 2, "error: invalid --guidance -2.0: must be at least 0.0");
    }

    @Test
    void strengthAboveOne_oneErrorLine() {
        assertOneErrorLine(generate("--strength", "1.5"), 2, "error: invalid --strength 1.5: must be at most 1.0");
    }

    @Test
    void strengthBelowZero_oneErrorLine() {
        assertOneErrorLine(generate("--strength", "-0.1"), 2, "error: invalid --strength -0.1: must be at least 0.0");
    }

    @Test
    void negativeThreads_oneErrorLine() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--model", MODEL, "--prompt", "x", "--threads", "-1", "--out", temp.toString());

        assertOneErrorLine(new Run(exitCode, "", err.toString()), 2, "error: invalid --threads -1: must be 0 (automatic) or more");
    }

    @Test
    void initImageWithoutVaeEncoder_oneErrorLine() throws IOException {
        generate("--seed", "1", "--steps", "2");
        Path init = temp.resolve("out/tiny-sd-1.png");
        Path copy = dev.easel.engine.sd.TinyModel.copyTo(temp.resolve("model"));
        Files.delete(copy.resolve("vae_encoder/model.onnx"));
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--model", copy.toString(), "--prompt", "x", "--init-image", init.toString(), "--out", temp.toString());

        assertOneErrorLine(new Run(exitCode, "", err.toString()), 2,
                "error: invalid capability img2img: is not offered by model model; offered: [txt2img]");
    }

    @Test
    void missingInitImage_oneErrorLine() {
        Path missing = temp.resolve("missing.png");

        assertOneErrorLine(generate("--init-image", missing.toString()), 2, "error: invalid --init-image " + missing + ": file not found");
    }
}
