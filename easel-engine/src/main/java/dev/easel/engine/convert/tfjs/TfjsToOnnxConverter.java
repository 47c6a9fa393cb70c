package dev.easel.engine.convert.tfjs;

import dev.easel.engine.convert.ModelConversionException;
import dev.easel.engine.onnx.proto.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Converts a TensorFlow.js layers model (a Keras 2 functional model as written by the
 * TensorFlow.js converter) into an ONNX model.
 *
 * <p>The ONNX model takes one float32 NCHW tensor named {@code input} and returns one named
 * {@code output}. The Keras model's NHWC layout becomes NCHW, and values keep the Keras
 * model's range. With {@code clipMax} set, the output is clipped to [0, clipMax].
 *
 * <p>Supported layers: InputLayer, Conv2D ({@code same} or {@code valid} padding, one group,
 * linear or ReLU activation), Activation (linear, ReLU), Add, Concatenate over the channel axis,
 * and UpSampling2D with nearest interpolation. Anything else raises
 * {@link ModelConversionException}. Stateless and thread-safe.
 *
 * <p>Implementation notes: Keras stores a Conv2D kernel as {@code [kh, kw, in, out]}, and ONNX
 * wants {@code [out, in, kh, kw]}. Keras {@code same} padding puts the odd pixel at the end,
 * which is ONNX's {@code SAME_UPPER}. Keras's nearest UpSampling2D repeats each pixel, which is
 * ONNX Resize with {@code asymmetric} coordinates and {@code floor} rounding.
 */
public final class TfjsToOnnxConverter {

    static final int OPSET = 17;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsToOnnxConverter() {
    }

    /**
     * Converts the model described by {@code modelJson}, reading its weight shards from the same folder.
     *
     * @param clipMax     upper clip bound of the output, or {@code null} to leave it unclipped
     * @param description stored as the ONNX model's doc string
     * @return the serialised ONNX model
     * @throws ModelConversionException when the model is malformed or uses an unsupported layer
     * @throws IOException              when a file cannot be read
     */
    public static byte[] convert(Path modelJson, Float clipMax, String description) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(modelJson));
        } catch (JacksonException e) {
            throw new ModelConversionException("TensorFlow.js model " + modelJson + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!"layers-model".equals(root.path("format").asString(""))) {
            throw new ModelConversionException("TensorFlow.js model " + modelJson + " has format " + root.path("format") + "; only layers-model is supported");
        }
        JsonNode topology = root.path("modelTopology");
        JsonNode config = (topology.has("model_config") ? topology.path("model_config") : topology).path("config");
        TfjsWeights weights = TfjsWeights.read(root.path("weightsManifest"), modelJson.toAbsolutePath().getParent());

        Conversion conversion = new Conversion(weights);
        for (JsonNode layer : config.path("layers")) {
            conversion.add(layer);
        }
        JsonNode outputs = config.path("output_layers");
        if (outputs.size() != 1) {
            throw new ModelConversionException("TensorFlow.js model must have one output layer, has " + outputs.size());
        }
        return conversion.finish(outputs.get(0).get(0).asString(), clipMax, description);
    }

    /** The state of one conversion: the graph so far and the ONNX name of each Keras layer's output. */
    private static final class Conversion {

        private final TfjsWeights weights;
        private final OnnxGraphBuilder graph = new OnnxGraphBuilder("tfjs");
        private final Map<String, String> outputs = new HashMap<>();
        private int constants;

        Conversion(TfjsWeights weights) {
            this.weights = weights;
        }

        void add(JsonNode layer) {
            String type = layer.path("class_name").asString();
            String name = layer.path("config").path("name").asString(layer.path("name").asString());
            JsonNode config = layer.path("config");
            List<String> inputs = inputs(layer, name);
            switch (type) {
                case "InputLayer" -> input(name);
                case "Conv2D" -> conv2d(name, config, single(inputs, name));
                case "Activation" -> activation(name, config.path("activation").asString(), single(inputs, name), value(name));
                case "Add" -> outputs.put(name, node("Sum", inputs, value(name)));
                case "Concatenate" -> concatenate(name, config, inputs);
                case "UpSampling2D" -> upsampling(name, config, single(inputs, name));
                default -> throw new ModelConversionException("TensorFlow.js layer type " + type + " (layer " + name + ") is not supported");
            }
        }

        byte[] finish(String outputLayer, Float clipMax, String description) {
            String last = outputs.get(outputLayer);
            if (clipMax != null) {
                graph.node("Clip", List.of(last, scalar(0f), scalar(clipMax)), List.of("output"));
            } else {
                graph.node("Identity", List.of(last), List.of("output"));
            }
            graph.output("output", OnnxGraphBuilder.FLOAT, "batch", "out_channels", "out_height", "out_width");
            return graph.toModelBytes("easel", "tfjs-converter", OPSET, description);
        }

        private void input(String name) {
            graph.input("input", OnnxGraphBuilder.FLOAT, "batch", "channels", "height", "width");
            outputs.put(name, "input");
        }

        private void conv2d(String name, JsonNode config, String input) {
            checkEquals(name, "data_format", config.path("data_format").asString("channels_last"), "channels_last");
            checkEquals(name, "groups", config.path("groups").asString("1"), "1");
            TfjsWeights.Weight kernel = require(name, "kernel");
            int kh = kernel.shape()[0];
            int kw = kernel.shape()[1];
            int in = kernel.shape()[2];
            int out = kernel.shape()[3];
            graph.initializer(name + ".weight", toOutInHeightWidth(kernel.values(), kh, kw, in, out), out, in, kh, kw);

            List<String> nodeInputs = new ArrayList<>(List.of(input, name + ".weight"));
            if (config.path("use_bias").asBoolean(true)) {
                graph.initializer(name + ".bias", require(name, "bias").values(), out);
                nodeInputs.add(name + ".bias");
            }

            String activation = config.path("activation").asString("linear");
            String convOutput = value(name) + (activation.equals("linear") ? "" : ".preact");
            OnnxGraphBuilder.Node conv = graph.node("Conv", nodeInputs, List.of(convOutput))
                    .attribute("kernel_shape", new long[] {kh, kw})
                    .attribute("strides", longs(config.path("strides"), 2))
                    .attribute("dilations", longs(config.path("dilation_rate"), 2));
            String padding = config.path("padding").asString("valid");
            switch (padding) {
                case "same" -> conv.attribute("auto_pad", "SAME_UPPER");
                case "valid" -> conv.attribute("pads", new long[] {0, 0, 0, 0});
                default -> throw new ModelConversionException("TensorFlow.js Conv2D " + name + " has padding " + padding + "; only same and valid are supported");
            }
            outputs.put(name, convOutput);
            if (!activation.equals("linear")) {
                activation(name, activation, convOutput, value(name));
            }
        }

        private void activation(String name, String activation, String input, String outputValue) {
            switch (activation) {
                case "linear" -> outputs.put(name, input);
                case "relu" -> outputs.put(name, node("Relu", List.of(input), outputValue));
                default -> throw new ModelConversionException("TensorFlow.js layer " + name + " has activation " + activation + "; only linear and relu are supported");
            }
        }

        private void concatenate(String name, JsonNode config, List<String> inputs) {
            int axis = config.path("axis").asInt(-1);
            if (axis != -1 && axis != 3) {
                throw new ModelConversionException("TensorFlow.js Concatenate " + name + " joins axis " + axis + "; only the channel axis (3 or -1) is supported");
            }
            graph.node("Concat", inputs, List.of(value(name))).attribute("axis", 1L);
            outputs.put(name, value(name));
        }

        private void upsampling(String name, JsonNode config, String input) {
            checkEquals(name, "interpolation", config.path("interpolation").asString("nearest"), "nearest");
            long[] size = longs(config.path("size"), 2);
            String scales = constant(new float[] {1f, 1f, size[0], size[1]}, 4);
            graph.node("Resize", List.of(input, "", scales), List.of(value(name)))
                    .attribute("mode", "nearest")
                    .attribute("coordinate_transformation_mode", "asymmetric")
                    .attribute("nearest_mode", "floor");
            outputs.put(name, value(name));
        }

        private List<String> inputs(JsonNode layer, String name) {
            List<String> names = new ArrayList<>();
            JsonNode nodes = layer.path("inbound_nodes");
            if (nodes.size() > 1) {
                throw new ModelConversionException("TensorFlow.js layer " + name + " is called " + nodes.size() + " times; shared layers are not supported");
            }
            for (JsonNode node : nodes) {
                for (JsonNode inbound : node) {
                    String source = inbound.get(0).asString();
                    String value = outputs.get(source);
                    if (value == null) {
                        throw new ModelConversionException("TensorFlow.js layer " + name + " reads layer " + source + " before it is defined");
                    }
                    names.add(value);
                }
            }
            return names;
        }

        /** Returns the ONNX value name of a Keras layer's output; the prefix keeps layer names apart from {@code input} and {@code output}. */
        private static String value(String layerName) {
            return "layer/" + layerName;
        }

        private String node(String opType, List<String> inputs, String output) {
            graph.node(opType, inputs, List.of(output));
            return output;
        }

        private TfjsWeights.Weight require(String layer, String kind) {
            TfjsWeights.Weight weight = weights.find(layer, kind);
            if (weight == null) {
                throw new ModelConversionException("TensorFlow.js weights have no " + layer + "/" + kind);
            }
            return weight;
        }

        private String scalar(float value) {
            return constant(new float[] {value});
        }

        private String constant(float[] values, long... dims) {
            String name = "const" + constants++;
            graph.initializer(name, values, dims);
            return name;
        }

        private static String single(List<String> inputs, String name) {
            if (inputs.size() != 1) {
                throw new ModelConversionException("TensorFlow.js layer " + name + " must have one input, has " + inputs.size());
            }
            return inputs.get(0);
        }

        private static void checkEquals(String layer, String field, String actual, String expected) {
            if (!expected.equals(actual)) {
                throw new ModelConversionException("TensorFlow.js layer " + layer + " has " + field + " " + actual + "; only " + expected + " is supported");
            }
        }

        private static long[] longs(JsonNode array, int expected) {
            if (array.size() != expected) {
                throw new ModelConversionException("expected " + expected + " values, got " + array);
            }
            long[] values = new long[expected];
            for (int i = 0; i < expected; i++) {
                values[i] = array.get(i).asLong();
            }
            return values;
        }

        private static float[] toOutInHeightWidth(float[] kernel, int kh, int kw, int in, int out) {
            float[] result = new float[kernel.length];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) {
                            result[((o * in + i) * kh + y) * kw + x] = kernel[((y * kw + x) * in + i) * out + o];
                        }
                    }
                }
            }
            return result;
        }
    }
}
