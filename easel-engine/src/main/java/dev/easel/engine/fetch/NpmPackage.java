package dev.easel.engine.fetch;

/**
 * One version of an npm registry package, pinned by its tarball's integrity.
 *
 * @param name      package name, for example {@code @upscalerjs/esrgan-slim}
 * @param version   exact version, for example {@code 1.0.0}
 * @param integrity the tarball's npm integrity string ({@code sha512-} and base64), as the
 *                  registry's {@code dist.integrity} field shows it
 */
record NpmPackage(String name, String version, String integrity) {

    /** Returns the spec {@code npm pack} takes, {@code name@version}. */
    String spec() {
        return name + "@" + version;
    }

    /** Returns the file name {@code npm pack} writes, for example {@code upscalerjs-esrgan-slim-1.0.0.tgz}. */
    String tarballName() {
        return name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
    }
}
