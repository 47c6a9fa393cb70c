package dev.easel.engine.upscale;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Carries an image's alpha channel over to an upscaled copy of its colours. */
final class AlphaChannel {

    private AlphaChannel() {
    }

    /** Returns {@code rgb} as ARGB with the alpha of {@code source} resized bilinearly to its size. */
    static BufferedImage withResizedAlpha(BufferedImage rgb, BufferedImage source) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = resized.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(source, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }

        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] colours = rgb.getRGB(0, 0, width, height, null, 0, width);
        int[] alphas = resized.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < colours.length; i++) {
            colours[i] = (alphas[i] & 0xFF000000) | (colours[i] & 0x00FFFFFF);
        }
        result.setRGB(0, 0, width, height, colours, 0, width);
        return result;
    }
}
