package dev.easel.engine;

/**
 * One encoded image.
 *
 * @param bytes     the encoded file (PNG unless {@code mediaType} says otherwise)
 * @param mediaType for example {@code image/png}
 * @param width     width in pixels
 * @param height    height in pixels
 * @param seed      seed of this image, or -1 when the capability uses none
 */
public record OutputImage(byte[] bytes, String mediaType, int width, int height, long seed) {
}
