package dev.easel.engine.sd;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Converts between {@link BufferedImage}s and NCHW float tensors in [-1, 1].
 */
final class ImageConversion {

    private ImageConversion() {
    }

    /**
     * Writes {@code image}, resized to {@code width x height} with bilinear filtering when its size
     * differs, into {@code target} as image {@code index} of an NCHW tensor: {@code 2 * (p / 255) - 1}.
     */
    static void toTensor(BufferedImage image, int width, int height, float[] target, int index) {
        BufferedImage rgb = toRgb(image, width, height);
        int[] pixels = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int plane = width * height;
        int base = index * 3 * plane;
        for (int p = 0; p < plane; p++) {
            int argb = pixels[p];
            target[base + p] = ((argb >> 16) & 0xff) / 255f * 2f - 1f;
            target[base + plane + p] = ((argb >> 8) & 0xff) / 255f * 2f - 1f;
            target[base + 2 * plane + p] = (argb & 0xff) / 255f * 2f - 1f;
        }
    }

    /** Returns image {@code index} of a decoded NCHW tensor as an RGB image: {@code round(clamp(x / 2 + 0.5, 0, 1) * 255)}. */
    static BufferedImage toImage(float[] tensor, int index, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int plane = width * height;
        int base = index * 3 * plane;
        for (int p = 0; p < plane; p++) {
            int r = toByte(tensor[base + p]);
            int g = toByte(tensor[base + plane + p]);
            int b = toByte(tensor[base + 2 * plane + p]);
            pixels[p] = (r << 16) | (g << 8) | b;
        }
        return image;
    }

    private static int toByte(float value) {
        float unit = Math.max(0f, Math.min(1f, value / 2f + 0.5f));
        return (int) Math.rint(unit * 255f);
    }

    private static BufferedImage toRgb(BufferedImage image, int width, int height) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB && image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }
}
