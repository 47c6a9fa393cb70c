package dev.easel.engine.upscale;

import java.nio.file.Path;
import java.util.Map;

/**
 * One installed upscaling model: its ONNX file per scale and how its values are scaled.
 *
 * @param id         model id, for example {@code realesrgan-x4fast}
 * @param version    version label recorded in recipes (the source package's version)
 * @param files      ONNX file per supported scale factor
 * @param valueRange what pixel value 255 is in the model's input and output: 1 for models
 *                   trained on [0, 1], 255 for models trained on [0, 255]
 * @param licence    SPDX id of the weights' licence
 */
record UpscaleModel(String id, String version, Map<Integer, Path> files, float valueRange, String licence) {

    UpscaleModel {
        files = Map.copyOf(files);
    }

    int minScale() {
        return files.keySet().stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    int maxScale() {
        return files.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
