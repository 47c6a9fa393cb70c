package dev.easel.engine.image;

/**
 * Limits applied before an image is decoded.
 *
 * @param maxPixels largest width × height accepted. It is checked against the header before any
 *                  pixel data is decoded, so a small file that declares a huge image (a
 *                  decompression bomb) costs nothing.
 * @param maxBytes  largest encoded file accepted, in bytes
 */
public record ImageLimits(long maxPixels, long maxBytes) {

    /**
     * 40 megapixels (for example 8000 × 5000, more than most phone cameras write) and 50 MiB.
     * A decoded 40-megapixel image takes 160 MB of heap as 32-bit pixels.
     */
    public static final ImageLimits DEFAULT = new ImageLimits(40_000_000L, 50L * 1024 * 1024);

    public ImageLimits {
        if (maxPixels < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxPixels and maxBytes must be positive, were " + maxPixels + " and " + maxBytes);
        }
    }
}
