package dev.easel.engine.bgremoval;

import java.awt.image.BufferedImage;

/**
 * IS-Net's pre- and post-processing.
 *
 * <p>Input: the image resized bilinearly to {@value #SIZE} × {@value #SIZE} regardless of its
 * aspect ratio, RGB, each value mapped to {@code (v - 128) / 256}, NCHW. Output: the model's
 * {@code [1, 1, 1024, 1024]} foreground probability, resized back to the source size and used
 * as alpha.
 */
final class IsnetImages {

    /** Edge of the square the model runs on. */
    static final int SIZE = 1024;

    private IsnetImages() {
    }

    static float[] toInput(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[] input = new float[3 * SIZE * SIZE];
        for (int channel = 0; channel < 3; channel++) {
            int shift = 16 - 8 * channel;
            float[] plane = new float[argb.length];
            for (int i = 0; i < argb.length; i++) {
                plane[i] = (argb[i] >> shift) & 0xFF;
            }
            float[] resized = Bilinear.resize(plane, width, height, SIZE, SIZE);
            int offset = channel * SIZE * SIZE;
            for (int i = 0; i < resized.length; i++) {
                input[offset + i] = (resized[i] - 128f) / 256f;
            }
        }
        return input;
    }

    /** Returns the image as ARGB with {@code mask} (one value per pixel, in [0, 1]) multiplied into its alpha. */
    static BufferedImage withAlpha(BufferedImage image, float[] mask) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < argb.length; i++) {
            int alpha = Math.round(((argb[i] >>> 24) & 0xFF) * clamp(mask[i]));
            argb[i] = (alpha << 24) | (argb[i] & 0x00FFFFFF);
        }
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        result.setRGB(0, 0, width, height, argb, 0, width);
        return result;
    }

    /** Returns the mask as an 8-bit greyscale image, white for foreground. */
    static BufferedImage maskImage(float[] mask, int width, int height) {
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            pixels[i] = (byte) Math.round(clamp(mask[i]) * 255f);
        }
        result.getRaster().setDataElements(0, 0, width, height, pixels);
        return result;
    }

    private static float clamp(float value) {
        return Float.isNaN(value) ? 0f : Math.max(0f, Math.min(1f, value));
    }
}
