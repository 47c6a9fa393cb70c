package dev.easel.engine.bgremoval;

/**
 * Bilinear resampling of one channel stored row-major in a float array.
 *
 * <p>Implementation notes: pixel centres are aligned ("half-pixel" convention): output pixel
 * {@code x} samples the input at {@code (x + 0.5) * inWidth / outWidth - 0.5}, clamped to the
 * image, and blends the four nearest input pixels. This is the convention of most image
 * libraries' bilinear resize without antialiasing; strong downscales therefore skip pixels
 * rather than average them.
 */
final class Bilinear {

    private Bilinear() {
    }

    static float[] resize(float[] input, int inWidth, int inHeight, int outWidth, int outHeight) {
        float[] output = new float[outWidth * outHeight];
        int[] x0 = new int[outWidth];
        int[] x1 = new int[outWidth];
        float[] fx = new float[outWidth];
        for (int x = 0; x < outWidth; x++) {
            float source = clamp((x + 0.5f) * inWidth / outWidth - 0.5f, inWidth - 1);
            x0[x] = (int) source;
            x1[x] = Math.min(x0[x] + 1, inWidth - 1);
            fx[x] = source - x0[x];
        }
        for (int y = 0; y < outHeight; y++) {
            float sourceY = clamp((y + 0.5f) * inHeight / outHeight - 0.5f, inHeight - 1);
            int y0 = (int) sourceY;
            int y1 = Math.min(y0 + 1, inHeight - 1);
            float fy = sourceY - y0;
            int row0 = y0 * inWidth;
            int row1 = y1 * inWidth;
            int out = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                float top = input[row0 + x0[x]] + (input[row0 + x1[x]] - input[row0 + x0[x]]) * fx[x];
                float bottom = input[row1 + x0[x]] + (input[row1 + x1[x]] - input[row1 + x0[x]]) * fx[x];
                output[out + x] = top + (bottom - top) * fy;
            }
        }
        return output;
    }

    private static float clamp(float value, int max) {
        return Math.max(0f, Math.min(max, value));
    }
}
