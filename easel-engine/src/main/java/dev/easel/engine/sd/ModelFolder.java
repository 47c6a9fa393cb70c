package dev.easel.engine.sd;

import dev.easel.engine.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a Stable Diffusion pipeline in the layout that Hugging Face optimum exports:
 * {@code model_index.json}, {@code text_encoder/model.onnx}, {@code unet/model.onnx},
 * {@code vae_decoder/model.onnx}, optional {@code vae_encoder/model.onnx},
 * {@code tokenizer/vocab.json} and {@code merges.txt}, {@code scheduler/scheduler_config.json}.
 *
 * @param root the folder
 */
record ModelFolder(Path root) {

    static final List<String> REQUIRED_FILES = List.of(
            "model_index.json",
            "text_encoder/model.onnx",
            "unet/model.onnx",
            "vae_decoder/model.onnx",
            "tokenizer/vocab.json",
            "tokenizer/merges.txt",
            "scheduler/scheduler_config.json");

    /**
     * Checks that the folder exists and has every required file.
     *
     * @throws ModelLoadException naming the folder or the first missing file
     */
    static ModelFolder check(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        if (Files.isRegularFile(absolute)) {
            throw new ModelLoadException(absolute, "is a file, not a model folder", null);
        }
        if (!Files.isDirectory(absolute)) {
            throw new ModelLoadException(absolute, "model folder not found", null);
        }
        for (String file : REQUIRED_FILES) {
            if (!Files.isRegularFile(absolute.resolve(file))) {
                throw new ModelLoadException(absolute.resolve(file), "file not found; a Stable Diffusion folder in the optimum ONNX layout needs "
                        + String.join(", ", REQUIRED_FILES), null);
            }
        }
        return new ModelFolder(absolute);
    }

    Path textEncoder() {
        return root.resolve("text_encoder/model.onnx");
    }

    Path unet() {
        return root.resolve("unet/model.onnx");
    }

    Path vaeDecoder() {
        return root.resolve("vae_decoder/model.onnx");
    }

    Path vaeEncoder() {
        return root.resolve("vae_encoder/model.onnx");
    }

    boolean hasVaeEncoder() {
        return Files.isRegularFile(vaeEncoder());
    }

    Path tokenizer() {
        return root.resolve("tokenizer");
    }

    Path samplerConfig() {
        return root.resolve("scheduler/scheduler_config.json");
    }

    Path unetConfig() {
        return root.resolve("unet/config.json");
    }

    Path vaeConfig() {
        return root.resolve("vae_decoder/config.json");
    }

    /**
     * Returns the files whose bytes make up the model's hash: every regular file under the
     * component folders (so external-data weight files count too), sorted by relative path.
     */
    List<Path> hashedFiles() {
        List<Path> files = new ArrayList<>();
        for (String component : List.of("scheduler", "text_encoder", "tokenizer", "unet", "vae_decoder", "vae_encoder")) {
            Path folder = root.resolve(component);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            } catch (IOException e) {
                throw new ModelLoadException(folder, "cannot list files: " + e.getMessage(), e);
            }
        }
        files.sort(Comparator.comparing(file -> root.relativize(file).toString()));
        return files;
    }
}
