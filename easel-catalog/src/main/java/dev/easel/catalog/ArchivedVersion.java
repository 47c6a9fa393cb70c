package dev.easel.catalog;

import java.util.Objects;

/**
 * One object version as {@link ArchiveStore} keeps it: the YAML file it was read from, so that it
 * can be read again after a restart.
 *
 * @param key         object version, for example {@code pipeline:cutout@2} or {@code model:tiny-sd@1}
 * @param file        file path relative to the catalog root, for example {@code pipelines/cutout.yaml}
 * @param fingerprint sha256 of the object's content, as the loader computes it to detect in-place edits
 * @param source      the whole file's YAML text when the version was first loaded; for a model, the
 *                    file that contains every version of it
 */
public record ArchivedVersion(String key, String file, String fingerprint, String source) {

    public ArchivedVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(source, "source");
    }
}
