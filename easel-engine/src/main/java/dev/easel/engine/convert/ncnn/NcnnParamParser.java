package dev.easel.engine.convert.ncnn;

import dev.easel.engine.convert.ModelConversionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the text form of an ncnn {@code .param} file.
 *
 * <p>Implementation notes: the file starts with the magic number {@code 7767517}, then a line
 * with the layer and blob counts, then one line per layer:
 * {@code type name bottomCount topCount bottoms... tops... id=value...}. A parameter id at or
 * below {@code -23300} marks an array: the real id is {@code -id - 23300} and the value is
 * {@code count,v1,v2,...}. Integer and float values share one representation here (float), which
 * is exact for the small integers ncnn stores in parameters.
 */
final class NcnnParamParser {

    private static final String MAGIC = "7767517";
    private static final int ARRAY_ID_BASE = -23300;

    private NcnnParamParser() {
    }

    static List<NcnnLayer> parse(String text) {
        String[] lines = text.strip().split("\\R");
        if (lines.length < 2 || !lines[0].strip().equals(MAGIC)) {
            throw new ModelConversionException("not an ncnn .param file: the first line must be " + MAGIC);
        }
        int layerCount = Integer.parseInt(lines[1].strip().split("\\s+")[0]);
        if (lines.length - 2 != layerCount) {
            throw new ModelConversionException("ncnn .param declares " + layerCount + " layers but has " + (lines.length - 2) + " layer lines");
        }

        List<NcnnLayer> layers = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            layers.add(parseLayer(lines[i].strip(), i + 1));
        }
        return layers;
    }

    private static NcnnLayer parseLayer(String line, int lineNumber) {
        String[] tokens = line.split("\\s+");
        try {
            int bottomCount = Integer.parseInt(tokens[2]);
            int topCount = Integer.parseInt(tokens[3]);
            int first = 4;
            List<String> bottoms = Arrays.asList(tokens).subList(first, first + bottomCount);
            List<String> tops = Arrays.asList(tokens).subList(first + bottomCount, first + bottomCount + topCount);

            Map<Integer, float[]> params = new HashMap<>();
            for (int t = first + bottomCount + topCount; t < tokens.length; t++) {
                String[] keyValue = tokens[t].split("=", 2);
                int id = Integer.parseInt(keyValue[0]);
                if (id <= ARRAY_ID_BASE) {
                    params.put(-id + ARRAY_ID_BASE, parseArray(keyValue[1]));
                } else {
                    params.put(id, new float[] {Float.parseFloat(keyValue[1])});
                }
            }
            return new NcnnLayer(tokens[0], tokens[1], bottoms, tops, params);
        } catch (RuntimeException e) {
            throw new ModelConversionException("malformed ncnn .param line " + lineNumber + ": " + line, e);
        }
    }

    private static float[] parseArray(String text) {
        String[] parts = text.split(",");
        int count = Integer.parseInt(parts[0]);
        if (parts.length != count + 1) {
            throw new IllegalArgumentException("array declares " + count + " values but has " + (parts.length - 1));
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = Float.parseFloat(parts[i + 1]);
        }
        return values;
    }
}
