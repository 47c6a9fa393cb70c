package dev.easel.engine.sd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bundled model's optimum 1.6-1.23 signature into the later one, so the tests can run
 * both on real sessions: the text encoder then takes int64 {@code input_ids}, and the UNet a
 * float32 scalar {@code timestep}. Each graph gets a new input of the new type and a Cast (plus an
 * Unsqueeze for the timestep) that feeds the original graph, whose nodes now read the renamed
 * tensor.
 *
 * <p>Implementation notes: it edits the ONNX protobuf at the wire level (field numbers from
 * {@code onnx.proto}: ModelProto.graph 7; GraphProto.node 1, initializer 5, input 11; NodeProto
 * input 1, output 2, op_type 4, attribute 5; ValueInfoProto name 1, type 2). Fields it does not
 * change are copied byte for byte.
 */
final class OnnxSignatureRewriter {

    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int FLOAT = 1;

    private OnnxSignatureRewriter() {
    }

    /** Rewrites {@code text_encoder/model.onnx} and {@code unet/model.onnx} of a model folder copy in place. */
    static void toNewOptimumSignature(Path modelFolder) {
        rewrite(modelFolder.resolve("text_encoder/model.onnx"), "input_ids",
                valueInfo("input_ids", INT64, dynamicShape("batch_size", "sequence_length")),
                List.of(cast("input_ids", "input_ids_int32", INT32)),
                List.of(), "input_ids_int32");
        rewrite(modelFolder.resolve("unet/model.onnx"), "timestep",
                valueInfo("timestep", FLOAT, new byte[0]),
                List.of(cast("timestep", "timestep_int64", INT64),
                        node("Unsqueeze", List.of("timestep_int64", "easel_axis_zero"), "timestep_rank_one", null)),
                List.of(int64Tensor("easel_axis_zero", 0)), "timestep_rank_one");
    }

    /**
     * Adds an unused float input {@code timestep_cond} of shape {@code [batch_size, size]} to the
     * UNet of a model folder copy, which makes it look like an LCM-distilled UNet to the loader.
     * The graph ignores the input, so guidance only changes images through classifier-free guidance.
     */
    static void addGuidanceEmbeddingInput(Path modelFolder, int size) {
        Path file = modelFolder.resolve("unet/model.onnx");
        byte[] shape = concat(bytesField(1, stringField(2, "batch_size")), bytesField(1, varintField(1, size)));
        try {
            byte[] model = Files.readAllBytes(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 256);
            for (Field field : parse(model)) {
                if (field.number == 7) {
                    byte[] graph = concat(field.payload, bytesField(11, valueInfo("timestep_cond", FLOAT, shape)));
                    out.writeBytes(bytesField(7, graph));
                } else {
                    out.writeBytes(field.raw);
                }
            }
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(Path file, String input, byte[] newInput, List<byte[]> newNodes, List<byte[]> initializers, String renamed) {
        try {
            byte[] model = Files.readAllBytes(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 1024);
            for (Field field : parse(model)) {
                out.writeBytes(field.number == 7 ? bytesField(7, rewriteGraph(field.payload, input, newInput, newNodes, initializers, renamed)) : field.raw);
            }
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] rewriteGraph(byte[] graph, String input, byte[] newInput, List<byte[]> newNodes, List<byte[]> initializers, String renamed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(graph.length + 1024);
        for (byte[] node : newNodes) {
            out.writeBytes(bytesField(1, node));
        }
        for (Field field : parse(graph)) {
            if (field.number == 1) {
                out.writeBytes(bytesField(1, renameNodeInput(field.payload, input, renamed)));
            } else if (field.number == 11 && input.equals(nameOf(field.payload))) {
                out.writeBytes(bytesField(11, newInput));
            } else {
                out.writeBytes(field.raw);
            }
        }
        for (byte[] tensor : initializers) {
            out.writeBytes(bytesField(5, tensor));
        }
        return out.toByteArray();
    }

    private static byte[] renameNodeInput(byte[] node, String from, String to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(node.length + 16);
        for (Field field : parse(node)) {
            boolean isRenamedInput = field.number == 1 && from.equals(new String(field.payload, StandardCharsets.UTF_8));
            out.writeBytes(isRenamedInput ? stringField(1, to) : field.raw);
        }
        return out.toByteArray();
    }

    private static String nameOf(byte[] valueInfo) {
        for (Field field : parse(valueInfo)) {
            if (field.number == 1) {
                return new String(field.payload, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ---- builders ----

    private static byte[] cast(String input, String output, int to) {
        byte[] attribute = concat(stringField(1, "to"), varintField(3, to), varintField(20, 2)); // type INT
        return node("Cast", List.of(input), output, attribute);
    }

    private static byte[] node(String opType, List<String> inputs, String output, byte[] attribute) {
        List<byte[]> parts = new ArrayList<>();
        for (String input : inputs) {
            parts.add(stringField(1, input));
        }
        parts.add(stringField(2, output));
        parts.add(stringField(3, "easel_" + output));
        parts.add(stringField(4, opType));
        if (attribute != null) {
            parts.add(bytesField(5, attribute));
        }
        return concat(parts.toArray(byte[][]::new));
    }

    private static byte[] valueInfo(String name, int elementType, byte[] shape) {
        byte[] tensorType = concat(varintField(1, elementType), bytesField(2, shape));
        return concat(stringField(1, name), bytesField(2, bytesField(1, tensorType)));
    }

    private static byte[] dynamicShape(String... dimensionNames) {
        List<byte[]> dims = new ArrayList<>();
        for (String name : dimensionNames) {
            dims.add(bytesField(1, stringField(2, name)));
        }
        return concat(dims.toArray(byte[][]::new));
    }

    private static byte[] int64Tensor(String name, long value) {
        return concat(varintField(1, 1), varintField(2, INT64), varintField(7, value), stringField(8, name));
    }

    // ---- wire format ----

    private record Field(int number, byte[] raw, byte[] payload) {
    }

    private static List<Field> parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] position = {0};
        while (position[0] < message.length) {
            int start = position[0];
            long tag = readVarint(message, position);
            int wireType = (int) (tag & 7);
            byte[] payload = null;
            switch (wireType) {
                case 0 -> readVarint(message, position);
                case 1 -> position[0] += 8;
                case 5 -> position[0] += 4;
                case 2 -> {
                    int length = (int) readVarint(message, position);
                    payload = java.util.Arrays.copyOfRange(message, position[0], position[0] + length);
                    position[0] += length;
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType + " at byte " + start);
            }
            fields.add(new Field((int) (tag >>> 3), java.util.Arrays.copyOfRange(message, start, position[0]), payload));
        }
        return fields;
    }

    private static long readVarint(byte[] bytes, int[] position) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    private static byte[] varintField(int number, long value) {
        return concat(varint((long) number << 3), varint(value));
    }

    private static byte[] bytesField(int number, byte[] payload) {
        return concat(varint(((long) number << 3) | 2), varint(payload.length), payload);
    }

    private static byte[] stringField(int number, String value) {
        return bytesField(number, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
