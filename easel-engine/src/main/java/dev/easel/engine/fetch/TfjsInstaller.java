package dev.easel.engine.fetch;

import dev.easel.engine.convert.tfjs.TfjsToOnnxConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Installs an UpscalerJS model package: converts {@code models/x<scale>/model.json} for each
 * scale to {@code x<scale>.onnx}, and copies the package's {@code assets/} (a fixture image and
 * the library's own upscaled results) and its licence beside them.
 *
 * <p>The package tarball is pinned by hash, so its weights need no separate check.
 */
final class TfjsInstaller implements ModelInstaller {

    private static final String PACKAGE = "package/";
    /** UpscalerJS models take and return RGB values in 0 to 255. */
    private static final float OUTPUT_MAX = 255f;

    private final List<Integer> scales;

    TfjsInstaller(List<Integer> scales) {
        this.scales = List.copyOf(scales);
    }

    /** Returns the ONNX file name of one scale, for example {@code x4.onnx}. */
    static String modelFile(int scale) {
        return "x" + scale + ".onnx";
    }

    @Override
    public void install(Path tarball, Path work, Path target) throws IOException {
        TarballReader.extract(tarball, name -> {
            if (name.startsWith(PACKAGE + "models/")) {
                return TarballReader.inside(work, name.substring(PACKAGE.length()));
            }
            if (name.startsWith(PACKAGE + "assets/") || name.equals(PACKAGE + "LICENSE")) {
                return TarballReader.inside(target, name.substring(PACKAGE.length()));
            }
            return null;
        });

        for (int scale : scales) {
            Path modelJson = work.resolve("models/x" + scale + "/model.json");
            if (!Files.isRegularFile(modelJson)) {
                throw new ModelFetchException("npm package " + tarball.getFileName() + " has no models/x" + scale + "/model.json");
            }
            byte[] onnx = TfjsToOnnxConverter.convert(modelJson, OUTPUT_MAX, "converted by Easel from " + tarball.getFileName() + ":models/x" + scale);
            Files.write(target.resolve(modelFile(scale)), onnx);
        }
    }
}
