package dev.easel.engine.convert.ncnn;

import dev.easel.engine.convert.ModelConversionException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads weight arrays from an ncnn {@code .bin} file in the order the layers consume them.
 *
 * <p>Implementation notes: ncnn stores arrays back to back with no index. An array read "with a
 * storage flag" starts with a 4-byte little-endian tag: {@code 0x01306B47} for float16 values,
 * {@code 0x0002C056} or zero for float32 values, and any other non-zero tag for a 256-entry
 * float32 codebook followed by one uint8 index per value. Float16 and index data are padded to a
 * multiple of 4 bytes. An array read "raw" (biases, PReLU slopes) is plain float32 with no tag.
 * Int8-quantised arrays ({@code 0x000D4B38}) need per-channel scales and are rejected.
 */
final class NcnnWeightReader {

    private static final int TAG_FLOAT16 = 0x01306B47;
    private static final int TAG_INT8 = 0x000D4B38;
    private static final int TAG_FLOAT32 = 0x0002C056;
    private static final int CODEBOOK_SIZE = 256;

    private final ByteBuffer data;

    NcnnWeightReader(byte[] bin) {
        this.data = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads {@code count} values that start with a storage flag (convolution weights). */
    float[] readFlagged(int count, String layer) {
        try {
            int tag = data.getInt();
            if (tag == TAG_FLOAT16) {
                return readFloat16(count);
            }
            if (tag == TAG_FLOAT32 || tag == 0) {
                return readFloat32(count);
            }
            if (tag == TAG_INT8) {
                throw new ModelConversionException("ncnn layer " + layer + " has int8-quantised weights, which are not supported");
            }
            return readCodebook(count);
        } catch (BufferUnderflowException e) {
            throw truncated(layer, count);
        }
    }

    /** Reads {@code count} plain float32 values (biases, PReLU slopes). */
    float[] readRaw(int count, String layer) {
        try {
            return readFloat32(count);
        } catch (BufferUnderflowException e) {
            throw truncated(layer, count);
        }
    }

    /** Returns how many bytes of the file have not been read yet. */
    int remaining() {
        return data.remaining();
    }

    private float[] readFloat16(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = halfToFloat(data.getShort());
        }
        skipPadding(count * 2);
        return values;
    }

    private float[] readFloat32(int count) {
        float[] values = new float[count];
        data.asFloatBuffer().get(values);
        data.position(data.position() + count * Float.BYTES);
        return values;
    }

    private float[] readCodebook(int count) {
        float[] codebook = readFloat32(CODEBOOK_SIZE);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = codebook[Byte.toUnsignedInt(data.get())];
        }
        skipPadding(count);
        return values;
    }

    /** Widens an IEEE 754 binary16 value; {@code Float.float16ToFloat} needs Java 20. */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private void skipPadding(int bytesRead) {
        int padding = (4 - bytesRead % 4) % 4;
        if (padding > data.remaining()) {
            throw new BufferUnderflowException();
        }
        data.position(data.position() + padding);
    }

    private ModelConversionException truncated(String layer, int count) {
        return new ModelConversionException("ncnn .bin ends early: layer " + layer + " needs " + count + " more values at byte offset " + data.position());
    }
}
