package dev.easel.engine.fetch;

import java.nio.file.Path;

/**
 * Outcome of {@link ModelFetcher#ensureAll} for one model.
 *
 * @param id        model id
 * @param status    what happened
 * @param directory the model folder
 * @param licence   SPDX id of the weights' licence
 */
public record FetchResult(String id, Status status, Path directory, String licence) {

    /** Outcome for one model. */
    public enum Status {
        /** Fetched and converted now. */
        INSTALLED,
        /** Already installed; every file matched its recorded SHA-256. */
        UP_TO_DATE,
        /** Left out by {@link FetchOptions#skipAgpl()}. */
        SKIPPED
    }
}
