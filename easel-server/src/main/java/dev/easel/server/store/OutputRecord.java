package dev.easel.server.store;

import dev.easel.engine.Recipe;

/**
 * One stored output image; the file is fully on disk before this record exists.
 *
 * @param id        output id, for example {@code out_01JE...}
 * @param taskId    the task
 * @param jobId     the job that made it
 * @param index     position among the job's images, from 0
 * @param path      file path relative to the output folder, with forward slashes
 * @param mediaType for example {@code image/png}
 * @param sizeBytes file size
 * @param sha256    hex sha256 of the file, used as its entity tag
 * @param width     pixels
 * @param height    pixels
 * @param seed      seed of this image, or -1
 * @param recipe    how it was made
 * @param createdAt milliseconds since the epoch
 */
public record OutputRecord(
        String id,
        String taskId,
        String jobId,
        int index,
        String path,
        String mediaType,
        long sizeBytes,
        String sha256,
        int width,
        int height,
        long seed,
        Recipe recipe,
        long createdAt) {
}
