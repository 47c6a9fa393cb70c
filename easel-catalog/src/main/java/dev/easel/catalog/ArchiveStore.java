package dev.easel.catalog;

import java.util.List;

/**
 * Durable storage of the object versions a {@link CatalogArchive} holds, so that tasks stay
 * reproducible after the catalog changed and the process restarted.
 *
 * <p>A version, once saved, never changes: saving a key that is already stored leaves the stored
 * row as it is. Implementations must be thread-safe.
 */
public interface ArchiveStore {

    /** A store that keeps nothing: old versions then live only as long as the process. */
    ArchiveStore NONE = new ArchiveStore() {
        @Override
        public List<ArchivedVersion> load() {
            return List.of();
        }

        @Override
        public void save(List<ArchivedVersion> versions) {
            // Nothing is kept.
        }
    };

    /** Returns every stored version. */
    List<ArchivedVersion> load();

    /**
     * Stores versions that are not stored yet and skips the others. Returns once they are durable.
     *
     * @throws RuntimeException when the storage fails; the caller then does not put the versions in force
     */
    void save(List<ArchivedVersion> versions);
}
