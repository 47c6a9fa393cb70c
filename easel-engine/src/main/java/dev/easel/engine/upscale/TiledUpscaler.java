package dev.easel.engine.upscale;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.ProgressListener;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs a fully convolutional upscaling model over an image tile by tile, so memory depends on
 * the tile size and not on the image size.
 *
 * <p>Implementation notes: the image is cut into a grid of {@code tile × tile} cores. Each core is
 * run with up to {@code overlap} pixels of its neighbours around it (clipped at the image edge),
 * and only the upscaled core is kept. A convolutional network's output pixel depends on a
 * window of input pixels around it, so once {@code overlap} covers most of that window the seams
 * vanish; an image no larger than one tile runs in one piece and is exact. Pixels go in as RGB
 * {@code value / 255 * valueRange} in NCHW order and come out clamped and rounded to 0..255.
 * Not thread-safe for one instance; the session itself may be shared.
 */
final class TiledUpscaler {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int scale;
    private final float valueRange;
    private final int tile;
    private final int overlap;

    TiledUpscaler(OrtEnvironment environment, OrtSession session, int scale, float valueRange, int tile, int overlap) {
        if (tile < 1 || overlap < 0) {
            throw new IllegalArgumentException("tile must be at least 1 and overlap at least 0, were " + tile + " and " + overlap);
        }
        this.environment = environment;
        this.session = session;
        this.scale = scale;
        this.valueRange = valueRange;
        this.tile = tile;
        this.overlap = overlap;
    }

    /** Returns the number of tiles an image of this size is cut into, the {@code total} of progress steps. */
    int tileCount(int width, int height) {
        return ceilDiv(width, tile) * ceilDiv(height, tile);
    }

    /**
     * Upscales the RGB channels of {@code image}; the result is {@code TYPE_INT_RGB}.
     *
     * @throws ai.onnxruntime.OrtException when ONNX Runtime fails
     */
    BufferedImage upscale(BufferedImage image, ProgressListener progress, CancellationSignal cancellation) throws OrtException {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage result = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        int total = tileCount(width, height);
        int done = 0;
        for (int top = 0; top < height; top += tile) {
            for (int left = 0; left < width; left += tile) {
                cancellation.throwIfCancelled();
                int coreWidth = Math.min(tile, width - left);
                int coreHeight = Math.min(tile, height - top);
                runTile(image, result, left, top, coreWidth, coreHeight);
                progress.onStep(++done, total);
            }
        }
        return result;
    }

    private void runTile(BufferedImage image, BufferedImage result, int left, int top, int coreWidth, int coreHeight) throws OrtException {
        int x0 = Math.max(0, left - overlap);
        int y0 = Math.max(0, top - overlap);
        int x1 = Math.min(image.getWidth(), left + coreWidth + overlap);
        int y1 = Math.min(image.getHeight(), top + coreHeight + overlap);
        int w = x1 - x0;
        int h = y1 - y0;

        float[] input = toPlanes(image, x0, y0, w, h);
        String inputName = session.getInputNames().iterator().next();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), new long[] {1, 3, h, w});
             OrtSession.Result output = session.run(Map.of(inputName, tensor))) {
            FloatBuffer planes = ((OnnxTensor) output.get(0)).getFloatBuffer();
            writeCore(planes, w * scale, h * scale, result, (left - x0) * scale, (top - y0) * scale, left * scale, top * scale, coreWidth * scale, coreHeight * scale);
        }
    }

    private float[] toPlanes(BufferedImage image, int x0, int y0, int w, int h) {
        int[] argb = image.getRGB(x0, y0, w, h, null, 0, w);
        int plane = w * h;
        float[] values = new float[3 * plane];
        float factor = valueRange / 255f;
        for (int i = 0; i < plane; i++) {
            values[i] = ((argb[i] >> 16) & 0xFF) * factor;
            values[plane + i] = ((argb[i] >> 8) & 0xFF) * factor;
            values[2 * plane + i] = (argb[i] & 0xFF) * factor;
        }
        return values;
    }

    private void writeCore(FloatBuffer planes, int outWidth, int outHeight, BufferedImage result,
                           int fromX, int fromY, int toX, int toY, int width, int height) {
        int plane = outWidth * outHeight;
        if (planes.remaining() != 3 * plane) {
            throw new IllegalStateException("model returned " + planes.remaining() + " values, expected " + 3 * plane + " for a " + outWidth + "x" + outHeight + " RGB image");
        }
        float factor = 255f / valueRange;
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int base = (fromY + y) * outWidth + fromX;
            for (int x = 0; x < width; x++) {
                int i = base + x;
                row[x] = (toByte(planes.get(i) * factor) << 16) | (toByte(planes.get(plane + i) * factor) << 8) | toByte(planes.get(2 * plane + i) * factor);
            }
            result.setRGB(toX, toY + y, width, 1, row, 0, width);
        }
    }

    private static int toByte(float value) {
        return Math.round(Math.max(0f, Math.min(255f, value)));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
