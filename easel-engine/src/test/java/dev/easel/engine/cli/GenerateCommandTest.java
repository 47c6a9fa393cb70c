package dev.easel.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.Recipe;
import dev.easel.engine.png.RecipePng;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
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
        return execute(true, args.toArray(String[]::new));
    }

    /** Runs the command as {@code easel generate} does, with the usage-error handler installed. */
    private static Run execute(boolean showProgress, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        GenerateCommand generate = new GenerateCommand();
        generate.showProgress = showProgress;
        CommandLine command = UsageErrorHandler.applyTo(new CommandLine(generate));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
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
        Recipe printed = RecipePng.fromJson(run.out());
        assertThat(printed.seed()).isEqualTo(recipe.seed());
        assertThat(printed.parameters()).containsEntry("images", 2L);
        assertThat(recipe.parameters()).containsEntry("images", 1L);
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

        Run run = execute(false, "--model", missing.toString(), "--prompt", "x", "--out", temp.toString());

        assertOneErrorLine(run, 2, "error: invalid --model " + missing + ": model folder not found");
    }

    @Test
    void modelIsAFile_saysSo() throws IOException {
        Path file = Files.writeString(temp.resolve("README.md"), "# not a model");

        Run run = execute(false, "--model", file.toString(), "--prompt", "x", "--out", temp.resolve("out").toString());

        assertOneErrorLine(run, 2, "error: invalid --model " + file + ": is a file, not a model folder");
    }

    @Test
    void missingFile_oneErrorLine() throws IOException {
        Path copy = dev.easel.engine.sd.TinyModel.copyTo(temp.resolve("model"));
        Files.delete(copy.resolve("tokenizer/merges.txt"));

        Run run = execute(false, "--model", copy.toString(), "--prompt", "x", "--out", temp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("error: invalid --model " + copy + ": tokenizer/merges.txt: file not found");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void corruptOnnxFile_oneErrorLine() throws IOException {
        Path copy = dev.easel.engine.sd.TinyModel.copyTo(temp.resolve("model"));
        Files.writeString(copy.resolve("vae_decoder/model.onnx"), "garbage");

        Run run = execute(false, "--model", copy.toString(), "--prompt", "x", "--out", temp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .startsWith("error: invalid --model " + copy + ": vae_decoder/model.onnx: ONNX Runtime cannot load this file, it is not a valid ONNX model");
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ");
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
    void strengthAboveOne_oneErrorLine() throws IOException {
        Path init = initImage();

        assertOneErrorLine(generate("--init-image", init.toString(), "--strength", "1.5"), 2,
                "error: invalid --strength 1.5: must be greater than 0 and at most 1");
    }

    @Test
    void strengthBelowZero_oneErrorLine() throws IOException {
        Path init = initImage();

        assertOneErrorLine(generate("--init-image", init.toString(), "--strength", "-0.1"), 2,
                "error: invalid --strength -0.1: must be greater than 0 and at most 1");
    }

    @Test
    void strengthZero_rejectedWithInitImage() throws IOException {
        Path init = initImage();

        assertOneErrorLine(generate("--init-image", init.toString(), "--strength", "0"), 2,
                "error: invalid --strength 0.0: must be greater than 0 and at most 1");
    }

    @Test
    void strengthWithoutInitImage_rejected() {
        assertOneErrorLine(generate("--strength", "0"), 2, "error: invalid --strength 0.0: applies only to img2img; give --init-image too");
    }

    @Test
    void negativeThreads_oneErrorLine() {
        Run run = execute(false, "--model", MODEL, "--prompt", "x", "--threads", "-1", "--out", temp.toString());

        assertOneErrorLine(run, 2, "error: invalid --threads -1: must be 0 (automatic) to 256");
    }

    @Test
    void threadsAboveCap_rejectedBeforeLoading() {
        Run run = execute(false, "--model", MODEL, "--prompt", "x", "--threads", "100000", "--out", temp.toString());

        assertOneErrorLine(run, 2, "error: invalid --threads 100000: must be 0 (automatic) to 256");
    }

    @Test
    void initImageWithoutVaeEncoder_oneErrorLine() throws IOException {
        Path init = initImage();
        Path copy = dev.easel.engine.sd.TinyModel.copyTo(temp.resolve("model"));
        Files.delete(copy.resolve("vae_encoder/model.onnx"));

        Run run = execute(false, "--model", copy.toString(), "--prompt", "x", "--init-image", init.toString(), "--out", temp.toString());

        assertOneErrorLine(run, 2, "error: invalid capability img2img: is not offered by model model; offered: [txt2img]");
    }

    @Test
    void missingInitImage_oneErrorLine() {
        Path missing = temp.resolve("missing.png");

        assertOneErrorLine(generate("--init-image", missing.toString()), 2, "error: invalid --init-image " + missing + ": file not found");
    }

    @Test
    void initImageDeclaringHugeSize_rejectedBeforeDecoding() throws IOException {
        Path bomb = Files.write(temp.resolve("bomb.png"), pngHeaderOnly(20_000, 20_000));

        assertOneErrorLine(generate("--init-image", bomb.toString()), 2, "error: invalid --init-image " + bomb
                + ": the image is 20000x20000 = 400000000 pixels, more than the limit of 40000000");
    }

    @Test
    void initImageFolder_saysItIsAFolder() {
        assertOneErrorLine(generate("--init-image", temp.toString()), 2, "error: invalid --init-image " + temp + ": is a folder, not an image file");
    }

    @Test
    void initImageTiff_runsImg2Img() throws IOException {
        Path tiff = temp.resolve("init.tiff");
        assertThat(ImageIO.write(ImageIO.read(initImage().toFile()), "tiff", tiff.toFile())).isTrue();

        Run run = generate("--seed", "2", "--steps", "2", "--init-image", tiff.toString(), "--strength", "1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(RecipePng.fromJson(run.out()).capability()).isEqualTo("img2img");
    }

    @Test
    void outIsAFile_rejectedBeforeLoading() throws IOException {
        Path file = Files.writeString(temp.resolve("README.md"), "text");

        Run run = execute(false, "--model", MODEL, "--prompt", "x", "--out", file.toString());

        assertOneErrorLine(run, 2, "error: invalid --out " + file + ": is a file, not a folder");
    }

    @Test
    void outUnderAFile_namesTheFile() throws IOException {
        Path file = Files.writeString(temp.resolve("text.png"), "text");
        Path out = file.resolve("images");

        Run run = execute(false, "--model", MODEL, "--prompt", "x", "--out", out.toString());

        assertOneErrorLine(run, 2, "error: invalid --out " + out + ": " + file + " is a file, not a folder");
    }

    @Test
    void images_eachPngRecordsItsOwnSeed() throws IOException {
        Run run = generate("--seed", "7", "--steps", "2", "--images", "2");

        Recipe second = RecipePng.readRecipe(Files.readAllBytes(temp.resolve("out/tiny-sd-8.png"))).orElseThrow();
        Recipe printed = RecipePng.fromJson(run.out());
        assertThat(second.seed()).isEqualTo(8);
        assertThat(second.parameters()).containsEntry("seed", 8L).containsEntry("images", 1L);
        assertThat(printed.seed()).isEqualTo(7);
        assertThat(printed.parameters()).containsEntry("seed", 7L).containsEntry("images", 2L);
    }

    @Test
    void progress_withoutConsole_drawsNoBar() {
        Run run = execute(false, "--model", MODEL, "--prompt", "x", "--steps", "2", "--seed", "1", "--out", temp.resolve("out").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).doesNotContain("\r").doesNotContain("steps").contains("wrote ");
    }

    @Test
    void sameSeedTwice_saysTheFileWasReplaced() {
        generate("--seed", "3", "--steps", "2");

        Run second = generate("--seed", "3", "--steps", "2");

        assertThat(second.err()).contains("tiny-sd-3.png (replaced the existing file)");
    }

    @Test
    void parseError_printsTwoLinesAndExits2() {
        Run run = generate("--seed", "abc");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(
                "error: invalid value for option '--seed': 'abc' is not a long",
                "Run 'easel generate --help' for usage.");
    }

    @Test
    void missingRequiredOption_printsTwoLinesAndExits2() {
        Run run = execute(false, "--model", MODEL, "--out", temp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(2);
        assertThat(run.err()).startsWith("error: missing required option: '--prompt=<prompt>'").contains("Run 'easel generate --help' for usage.");
    }

    /** Returns a 64x64 image made by the tiny model, for img2img. */
    private Path initImage() throws IOException {
        Path init = temp.resolve("init/tiny-sd-1.png");
        if (!Files.exists(init)) {
            Run run = execute(false, "--model", MODEL, "--prompt", "x", "--seed", "1", "--steps", "2", "--out", temp.resolve("init").toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        }
        return init;
    }

    /** Returns a PNG signature and a valid IHDR chunk declaring the size, with no image data. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}).putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
