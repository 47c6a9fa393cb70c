package dev.easel.engine.sd;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * Builds input tensors in the element type and rank that a session declares, so exports with
 * different signatures take the same pipeline.
 *
 * <p>optimum 1.6 to 1.23 export {@code input_ids} as int32 and {@code timestep} as int64 of shape
 * {@code [1]}; later exports take int64 ids and a float32 scalar timestep. Both are supported,
 * as are the other two combinations of rank 0/1 and int64/float32 for the timestep.
 */
final class Tensors {

    private Tensors() {
    }

    /** Returns a float tensor over a copy of {@code values}. */
    static OnnxTensor floats(OrtEnvironment env, float[] values, long... shape) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
    }

    /** Returns a float tensor over a direct buffer without copying it; the buffer must stay unchanged until the tensor is closed. */
    static OnnxTensor floats(OrtEnvironment env, FloatBuffer direct, long... shape) throws OrtException {
        return OnnxTensor.createTensor(env, direct.rewind(), shape);
    }

    /** Returns a new direct float buffer in native byte order. */
    static FloatBuffer directFloats(int length) {
        return ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Returns a {@code [rows, length]} tensor of token ids in {@code type}.
     *
     * @throws IllegalArgumentException when {@code type} is neither INT32 nor INT64
     */
    static OnnxTensor tokenIds(OrtEnvironment env, OnnxJavaType type, int[][] rows) throws OrtException {
        int length = rows[0].length;
        long[] shape = {rows.length, length};
        if (type == OnnxJavaType.INT32) {
            IntBuffer buffer = IntBuffer.allocate(rows.length * length);
            for (int[] row : rows) {
                buffer.put(row);
            }
            return OnnxTensor.createTensor(env, buffer.rewind(), shape);
        }
        if (type == OnnxJavaType.INT64) {
            LongBuffer buffer = LongBuffer.allocate(rows.length * length);
            for (int[] row : rows) {
                for (int id : row) {
                    buffer.put(id);
                }
            }
            return OnnxTensor.createTensor(env, buffer.rewind(), shape);
        }
        throw new IllegalArgumentException("input_ids element type must be INT32 or INT64, was " + type);
    }

    /**
     * Returns a timestep tensor: rank 1 makes shape {@code [1]} (the graph broadcasts it over the
     * batch), rank 0 a scalar. An int64 timestep truncates a fractional value, as NumPy's
     * {@code astype(np.int64)} does in optimum's pipelines.
     *
     * @throws IllegalArgumentException when {@code type} is neither INT64 nor FLOAT, or the rank is above 1
     */
    static OnnxTensor timestep(OrtEnvironment env, OnnxJavaType type, int rank, double timestep) throws OrtException {
        if (rank > 1) {
            throw new IllegalArgumentException("timestep rank must be 0 or 1, was " + rank);
        }
        long[] shape = rank == 0 ? new long[0] : new long[] {1};
        if (type == OnnxJavaType.INT64) {
            return OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {(long) timestep}), shape);
        }
        if (type == OnnxJavaType.FLOAT) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {(float) timestep}), shape);
        }
        throw new IllegalArgumentException("timestep element type must be INT64 or FLOAT, was " + type);
    }

    /** Returns the tensor's values as a new array. */
    static float[] toArray(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0 && buffer.remaining() == buffer.array().length) {
            return buffer.array(); // ONNX Runtime already returned a heap copy, so no second copy is needed
        }
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }
}
