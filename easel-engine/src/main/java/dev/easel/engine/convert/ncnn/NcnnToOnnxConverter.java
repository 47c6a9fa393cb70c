package dev.easel.engine.convert.ncnn;

import dev.easel.engine.convert.ModelConversionException;
import dev.easel.engine.onnx.proto.OnnxGraphBuilder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts an ncnn model ({@code .param} text and {@code .bin} weights) into an ONNX model with
 * one float32 NCHW input named {@code input} and one output named {@code output}.
 *
 * <p>Supported layers: Input, Split, Convolution (float16, float32 or codebook weights; fused
 * ReLU, LeakyReLU or Sigmoid), ReLU, PReLU, PixelShuffle, Interp (nearest or bilinear, by scale),
 * BinaryOp (add, sub, mul, div, max, min, pow; tensor or scalar operand), Eltwise (product, sum
 * with optional coefficients, max) and Concat. Any other layer, and any byte of the {@code .bin}
 * file left unread after the last layer, raises {@link ModelConversionException}: a model whose
 * weights are not fully accounted for was misread. Stateless and thread-safe.
 *
 * <p>Implementation notes: ncnn blob shapes leave out the batch axis, so an ncnn axis {@code a >= 0}
 * is ONNX axis {@code a + 1}. Weights keep ncnn's {@code [out][in][kh][kw]} order, which is ONNX's.
 * Split only copies a blob, so its outputs become aliases of its input instead of nodes.
 */
public final class NcnnToOnnxConverter {

    /** ONNX operator set the output uses. */
    static final int OPSET = 17;

    private static final int SAME_UPPER = -233;
    private static final int SAME_LOWER = -234;
    private static final String[] BINARY_OPS = {"Add", "Sub", "Mul", "Div", "Max", "Min", "Pow"};

    private NcnnToOnnxConverter() {
    }

    /**
     * Converts one model.
     *
     * @param paramText       the {@code .param} file's text
     * @param bin             the whole {@code .bin} file
     * @param clipToUnitRange whether to clip the output to [0, 1] (image models trained on that range)
     * @param description     stored as the ONNX model's doc string, for example the source package
     * @return the serialised ONNX model
     * @throws ModelConversionException when the files are malformed or use an unsupported feature
     */
    public static byte[] convert(String paramText, byte[] bin, boolean clipToUnitRange, String description) {
        List<NcnnLayer> layers = NcnnParamParser.parse(paramText);
        Conversion conversion = new Conversion(new NcnnWeightReader(bin));
        for (NcnnLayer layer : layers) {
            conversion.add(layer);
        }
        if (conversion.weights.remaining() != 0) {
            throw new ModelConversionException("ncnn .bin has " + conversion.weights.remaining() + " bytes left after the last layer; the .param and .bin files do not match");
        }
        return conversion.finish(clipToUnitRange, description);
    }

    /** Convenience overload for {@code .param} bytes as read from disk (UTF-8 text). */
    public static byte[] convert(byte[] paramBytes, byte[] bin, boolean clipToUnitRange, String description) {
        return convert(new String(paramBytes, StandardCharsets.UTF_8), bin, clipToUnitRange, description);
    }

    /** The state of one conversion: the graph so far and the blob names seen. */
    private static final class Conversion {

        private final NcnnWeightReader weights;
        private final OnnxGraphBuilder graph = new OnnxGraphBuilder("ncnn");
        private final Map<String, String> aliases = new HashMap<>();
        private final Set<String> produced = new LinkedHashSet<>();
        private final Set<String> consumed = new HashSet<>();
        private int constants;

        Conversion(NcnnWeightReader weights) {
            this.weights = weights;
        }

        void add(NcnnLayer layer) {
            layer.bottoms().forEach(bottom -> consumed.add(resolve(bottom)));
            switch (layer.type()) {
                case "Input" -> input(layer);
                case "Split" -> layer.tops().forEach(top -> aliases.put(top, resolve(layer.input())));
                case "Convolution" -> convolution(layer);
                case "ReLU" -> relu(layer);
                case "PReLU" -> prelu(layer);
                case "PixelShuffle" -> pixelShuffle(layer);
                case "Interp" -> interp(layer);
                case "BinaryOp" -> binaryOp(layer);
                case "Eltwise" -> eltwise(layer);
                case "Concat" -> concat(layer);
                default -> throw new ModelConversionException("ncnn layer type " + layer.type() + " (layer " + layer.name() + ") is not supported");
            }
        }

        byte[] finish(boolean clipToUnitRange, String description) {
            List<String> outputs = produced.stream().filter(blob -> !consumed.contains(blob)).toList();
            if (outputs.size() != 1) {
                throw new ModelConversionException("ncnn model must have exactly one output blob, has " + outputs);
            }
            if (clipToUnitRange) {
                graph.node("Clip", List.of(outputs.get(0), scalar(0f), scalar(1f)), List.of("output"));
            } else {
                graph.node("Identity", List.of(outputs.get(0)), List.of("output"));
            }
            graph.output("output", OnnxGraphBuilder.FLOAT, "batch", "out_channels", "out_height", "out_width");
            return graph.toModelBytes("easel", "ncnn-converter", OPSET, description);
        }

        private void input(NcnnLayer layer) {
            graph.input("input", OnnxGraphBuilder.FLOAT, "batch", "channels", "height", "width");
            aliases.put(layer.output(), "input");
        }

        private void convolution(NcnnLayer layer) {
            if (layer.intParam(8, 0) != 0 || layer.intParam(19, 0) != 0) {
                throw new ModelConversionException("ncnn Convolution " + layer.name() + " uses int8 scales or dynamic weights, which are not supported");
            }
            if (layer.floatParam(18, 0f) != 0f) {
                throw new ModelConversionException("ncnn Convolution " + layer.name() + " pads with a non-zero value, which ONNX Conv cannot express");
            }
            int outChannels = layer.intParam(0, 0);
            int kernelW = layer.intParam(1, 0);
            int kernelH = layer.intParam(11, kernelW);
            int weightCount = layer.intParam(6, 0);
            if (outChannels <= 0 || kernelW <= 0 || weightCount % (outChannels * kernelW * kernelH) != 0) {
                throw new ModelConversionException("ncnn Convolution " + layer.name() + " has inconsistent sizes: " + weightCount + " weights for " + outChannels + " outputs of " + kernelH + "x" + kernelW);
            }
            int inChannels = weightCount / (outChannels * kernelW * kernelH);

            String weightName = layer.name() + ".weight";
            graph.initializer(weightName, weights.readFlagged(weightCount, layer.name()), outChannels, inChannels, kernelH, kernelW);
            List<String> inputs = List.of(resolve(layer.input()), weightName);
            if (layer.intParam(5, 0) != 0) {
                String biasName = layer.name() + ".bias";
                graph.initializer(biasName, weights.readRaw(outChannels, layer.name()), outChannels);
                inputs = List.of(inputs.get(0), weightName, biasName);
            }

            int activation = layer.intParam(9, 0);
            String convOutput = activation == 0 ? blob(layer.output()) : blob(layer.output()) + ".preact";
            OnnxGraphBuilder.Node conv = graph.node("Conv", inputs, List.of(convOutput))
                    .attribute("kernel_shape", new long[] {kernelH, kernelW})
                    .attribute("strides", new long[] {layer.intParam(13, layer.intParam(3, 1)), layer.intParam(3, 1)})
                    .attribute("dilations", new long[] {layer.intParam(12, layer.intParam(2, 1)), layer.intParam(2, 1)});
            padding(layer, conv);
            activation(layer, activation, convOutput);
            produced.add(blob(layer.output()));
        }

        private static void padding(NcnnLayer layer, OnnxGraphBuilder.Node conv) {
            int left = layer.intParam(4, 0);
            if (left == SAME_UPPER || left == SAME_LOWER) {
                conv.attribute("auto_pad", left == SAME_UPPER ? "SAME_UPPER" : "SAME_LOWER");
                return;
            }
            int right = layer.intParam(15, left);
            int top = layer.intParam(14, left);
            int bottom = layer.intParam(16, top);
            if (left < 0 || right < 0 || top < 0 || bottom < 0) {
                throw new ModelConversionException("ncnn Convolution " + layer.name() + " has unsupported padding " + List.of(left, right, top, bottom));
            }
            conv.attribute("pads", new long[] {top, left, bottom, right});
        }

        private void activation(NcnnLayer layer, int type, String preActivation) {
            float[] params = layer.arrayParam(10);
            switch (type) {
                case 0 -> { }
                case 1 -> graph.node("Relu", List.of(preActivation), List.of(blob(layer.output())));
                case 2 -> graph.node("LeakyRelu", List.of(preActivation), List.of(blob(layer.output())))
                        .attribute("alpha", params.length > 0 ? params[0] : 0f);
                case 4 -> graph.node("Sigmoid", List.of(preActivation), List.of(blob(layer.output())));
                default -> throw new ModelConversionException("ncnn Convolution " + layer.name() + " has fused activation type " + type + ", which is not supported");
            }
        }

        private void relu(NcnnLayer layer) {
            float slope = layer.floatParam(0, 0f);
            if (slope == 0f) {
                graph.node("Relu", List.of(resolve(layer.input())), List.of(blob(layer.output())));
            } else {
                graph.node("LeakyRelu", List.of(resolve(layer.input())), List.of(blob(layer.output()))).attribute("alpha", slope);
            }
            produced.add(blob(layer.output()));
        }

        private void prelu(NcnnLayer layer) {
            int count = layer.intParam(0, 1);
            String slopeName = layer.name() + ".slope";
            float[] slope = weights.readRaw(count, layer.name());
            if (count == 1) {
                graph.initializer(slopeName, slope, 1);
            } else {
                graph.initializer(slopeName, slope, count, 1, 1);
            }
            graph.node("PRelu", List.of(resolve(layer.input()), slopeName), List.of(blob(layer.output())));
            produced.add(blob(layer.output()));
        }

        private void pixelShuffle(NcnnLayer layer) {
            int mode = layer.intParam(1, 0);
            if (mode != 0 && mode != 1) {
                throw new ModelConversionException("ncnn PixelShuffle " + layer.name() + " has unknown mode " + mode);
            }
            // Mode 0 orders channels as PyTorch's PixelShuffle does, which is ONNX's CRD order.
            graph.node("DepthToSpace", List.of(resolve(layer.input())), List.of(blob(layer.output())))
                    .attribute("blocksize", (long) layer.intParam(0, 1))
                    .attribute("mode", mode == 0 ? "CRD" : "DCR");
            produced.add(blob(layer.output()));
        }

        private void interp(NcnnLayer layer) {
            int type = layer.intParam(0, 0);
            if ((type != 1 && type != 2) || layer.intParam(3, 0) != 0 || layer.intParam(4, 0) != 0) {
                throw new ModelConversionException("ncnn Interp " + layer.name() + " must be nearest or bilinear by scale factor; resize_type " + type + " with a fixed output size is not supported");
            }
            String scales = constant(new float[] {1f, 1f, layer.floatParam(1, 1f), layer.floatParam(2, 1f)}, 4);
            OnnxGraphBuilder.Node resize = graph.node("Resize", List.of(resolve(layer.input()), "", scales), List.of(blob(layer.output())));
            if (type == 1) {
                // ncnn's nearest interpolation reads source pixel floor(x / scale).
                resize.attribute("mode", "nearest").attribute("coordinate_transformation_mode", "asymmetric").attribute("nearest_mode", "floor");
            } else {
                boolean alignCorners = layer.intParam(6, 0) != 0;
                resize.attribute("mode", "linear").attribute("coordinate_transformation_mode", alignCorners ? "align_corners" : "half_pixel");
            }
            produced.add(blob(layer.output()));
        }

        private void binaryOp(NcnnLayer layer) {
            int op = layer.intParam(0, 0);
            if (op < 0 || op >= BINARY_OPS.length) {
                throw new ModelConversionException("ncnn BinaryOp " + layer.name() + " has operation " + op + ", which is not supported");
            }
            List<String> operands = layer.intParam(1, 0) != 0
                    ? List.of(resolve(layer.input()), scalar(layer.floatParam(2, 0f)))
                    : layer.bottoms().stream().map(this::resolve).toList();
            graph.node(BINARY_OPS[op], operands, List.of(blob(layer.output())));
            produced.add(blob(layer.output()));
        }

        private void eltwise(NcnnLayer layer) {
            int op = layer.intParam(0, 1);
            List<String> operands = layer.bottoms().stream().map(this::resolve).toList();
            float[] coefficients = layer.arrayParam(1);
            if (op == 1 && coefficients.length > 0) {
                operands = scaled(layer, operands, coefficients);
            }
            String onnxOp = switch (op) {
                case 0 -> "Mul";
                case 1 -> "Sum";
                case 2 -> "Max";
                default -> throw new ModelConversionException("ncnn Eltwise " + layer.name() + " has operation " + op + ", which is not supported");
            };
            if (onnxOp.equals("Mul")) {
                String product = operands.get(0);
                for (int i = 1; i < operands.size(); i++) {
                    String next = i == operands.size() - 1 ? blob(layer.output()) : layer.name() + ".product" + i;
                    graph.node("Mul", List.of(product, operands.get(i)), List.of(next));
                    product = next;
                }
            } else {
                graph.node(onnxOp, operands, List.of(blob(layer.output())));
            }
            produced.add(blob(layer.output()));
        }

        private List<String> scaled(NcnnLayer layer, List<String> operands, float[] coefficients) {
            if (coefficients.length != operands.size()) {
                throw new ModelConversionException("ncnn Eltwise " + layer.name() + " has " + coefficients.length + " coefficients for " + operands.size() + " inputs");
            }
            String[] scaled = new String[operands.size()];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = layer.name() + ".scaled" + i;
                graph.node("Mul", List.of(operands.get(i), scalar(coefficients[i])), List.of(scaled[i]));
            }
            return List.of(scaled);
        }

        private void concat(NcnnLayer layer) {
            int axis = layer.intParam(0, 0);
            graph.node("Concat", layer.bottoms().stream().map(this::resolve).toList(), List.of(blob(layer.output())))
                    .attribute("axis", (long) (axis >= 0 ? axis + 1 : axis));
            produced.add(blob(layer.output()));
        }

        /** Returns the ONNX value name of an ncnn blob; the prefix keeps blob names apart from {@code input} and {@code output}. */
        private String resolve(String blob) {
            return aliases.getOrDefault(blob, blob(blob));
        }

        private static String blob(String ncnnName) {
            return "blob/" + ncnnName;
        }

        private String scalar(float value) {
            return constant(new float[] {value});
        }

        private String constant(float[] values, long... dims) {
            String name = "const" + constants++;
            graph.initializer(name, values, dims);
            return name;
        }
    }
}
