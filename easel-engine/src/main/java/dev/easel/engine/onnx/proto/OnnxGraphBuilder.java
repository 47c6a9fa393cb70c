package dev.easel.engine.onnx.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a single-graph ONNX model and serialises it as an ONNX {@code ModelProto}.
 *
 * <p>Only what the model converters need is covered: float32 and int64 tensors, graph inputs and
 * outputs with fixed or symbolic dimensions, initializers stored as {@code raw_data}, and nodes of
 * the default operator domain with int, float, string, ints and floats attributes. Not thread-safe.
 *
 * <p>Implementation notes: the field numbers below are those of {@code onnx/onnx.proto} (ONNX
 * 1.14). Repeated scalar fields are written unpacked, because {@code onnx.proto} is a proto2
 * file that declares them without {@code packed=true}. Parsers accept either form.
 */
public final class OnnxGraphBuilder {

    /** ONNX {@code TensorProto.DataType.FLOAT}. */
    public static final int FLOAT = 1;
    /** ONNX {@code TensorProto.DataType.INT64}. */
    public static final int INT64 = 7;

    /** IR version 8 goes with opset 17 and below; ONNX Runtime 1.29 reads it. */
    private static final long IR_VERSION = 8;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto and its AttributeType values
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_S = 4;
    private static final int ATTR_FLOATS = 7;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int TYPE_FLOAT = 1;
    private static final int TYPE_INT = 2;
    private static final int TYPE_STRING = 3;
    private static final int TYPE_FLOATS = 6;
    private static final int TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final String graphName;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private int nodeCount;

    public OnnxGraphBuilder(String graphName) {
        this.graphName = Objects.requireNonNull(graphName, "graphName");
    }

    /**
     * Declares a graph input.
     *
     * @param dims each a {@code Number} (fixed size) or a {@code String} (symbolic size, such as {@code "height"})
     */
    public OnnxGraphBuilder input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** Declares a graph output; {@code dims} as in {@link #input}. */
    public OnnxGraphBuilder output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** Adds a float32 constant tensor; {@code data.length} must equal the product of {@code dims}. */
    public OnnxGraphBuilder initializer(String name, float[] data, long... dims) {
        checkSize(name, data.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        initializers.add(tensor(name, FLOAT, raw.array(), dims));
        return this;
    }

    /** Adds an int64 constant tensor; {@code data.length} must equal the product of {@code dims}. */
    public OnnxGraphBuilder initializer(String name, long[] data, long... dims) {
        checkSize(name, data.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(data);
        initializers.add(tensor(name, INT64, raw.array(), dims));
        return this;
    }

    /**
     * Adds a node of the default ONNX domain. Nodes must be added in topological order.
     *
     * @param inputs input value names; an empty string marks an optional input left out
     * @return the node, to add attributes to
     */
    public Node node(String opType, List<String> inputs, List<String> outputs) {
        Node node = new Node(opType + "_" + nodeCount++, opType, inputs, outputs);
        nodes.add(node.proto);
        return node;
    }

    /** Serialises the model with one opset import of the default domain. */
    public byte[] toModelBytes(String producerName, String producerVersion, int opsetVersion, String docString) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(node -> graph.message(GRAPH_NODE, node));
        graph.string(GRAPH_NAME, graphName);
        initializers.forEach(tensor -> graph.message(GRAPH_INITIALIZER, tensor));
        inputs.forEach(input -> graph.message(GRAPH_INPUT, input));
        outputs.forEach(output -> graph.message(GRAPH_OUTPUT, output));

        ProtoWriter opset = new ProtoWriter().string(OPSET_DOMAIN, "").int64(OPSET_VERSION, opsetVersion);
        return new ProtoWriter()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, producerName)
                .string(MODEL_PRODUCER_VERSION, producerVersion)
                .string(MODEL_DOC_STRING, docString)
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, opset)
                .toByteArray();
    }

    private static ProtoWriter valueInfo(String name, int elemType, Object[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object dim : dims) {
            ProtoWriter dimension = new ProtoWriter();
            if (dim instanceof Number size) {
                dimension.int64(DIM_VALUE, size.longValue());
            } else if (dim instanceof String symbol) {
                dimension.string(DIM_PARAM, symbol);
            } else {
                throw new IllegalArgumentException("dimension of " + name + " must be a Number or a String, was " + dim);
            }
            shape.message(SHAPE_DIM, dimension);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(TENSOR_TYPE_ELEM_TYPE, elemType).message(TENSOR_TYPE_SHAPE, shape);
        ProtoWriter type = new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType);
        return new ProtoWriter().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
    }

    private static ProtoWriter tensor(String name, int dataType, byte[] raw, long[] dims) {
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.int64(TENSOR_DIMS, dim);
        }
        return tensor.int64(TENSOR_DATA_TYPE, dataType).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw);
    }

    private static void checkSize(String name, int length, long[] dims) {
        long expected = 1;
        for (long dim : dims) {
            expected *= dim;
        }
        if (expected != length) {
            throw new IllegalArgumentException("initializer " + name + " has " + length + " values but its shape has " + expected);
        }
    }

    /** One node under construction; attributes are appended in call order. */
    public static final class Node {

        private final ProtoWriter proto = new ProtoWriter();

        private Node(String name, String opType, List<String> inputs, List<String> outputs) {
            inputs.forEach(input -> proto.string(NODE_INPUT, input));
            outputs.forEach(output -> proto.string(NODE_OUTPUT, output));
            proto.string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
        }

        public Node attribute(String name, long value) {
            return add(new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, TYPE_INT).int64(ATTR_I, value));
        }

        public Node attribute(String name, float value) {
            return add(new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, TYPE_FLOAT).float32(ATTR_F, value));
        }

        public Node attribute(String name, String value) {
            return add(new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, TYPE_STRING).string(ATTR_S, value));
        }

        public Node attribute(String name, long[] values) {
            ProtoWriter attribute = new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, TYPE_INTS);
            for (long value : values) {
                attribute.int64(ATTR_INTS, value);
            }
            return add(attribute);
        }

        public Node attribute(String name, float[] values) {
            ProtoWriter attribute = new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, TYPE_FLOATS);
            for (float value : values) {
                attribute.float32(ATTR_FLOATS, value);
            }
            return add(attribute);
        }

        private Node add(ProtoWriter attribute) {
            proto.message(NODE_ATTRIBUTE, attribute);
            return this;
        }
    }
}
