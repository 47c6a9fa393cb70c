package dev.easel.engine.convert.ncnn;

import dev.easel.engine.convert.ModelConversionException;
import java.util.List;
import java.util.Map;

/**
 * One layer line of an ncnn {@code .param} file.
 *
 * @param type    layer type, for example {@code Convolution}
 * @param name    layer name
 * @param bottoms input blob names
 * @param tops    output blob names
 * @param params  parameters by id; scalars are one-element arrays, array parameters keep all values
 */
record NcnnLayer(String type, String name, List<String> bottoms, List<String> tops, Map<Integer, float[]> params) {

    NcnnLayer {
        bottoms = List.copyOf(bottoms);
        tops = List.copyOf(tops);
        params = Map.copyOf(params);
    }

    int intParam(int id, int fallback) {
        float[] value = params.get(id);
        return value == null ? fallback : (int) value[0];
    }

    float floatParam(int id, float fallback) {
        float[] value = params.get(id);
        return value == null ? fallback : value[0];
    }

    float[] arrayParam(int id) {
        float[] value = params.get(id);
        return value == null ? new float[0] : value.clone();
    }

    String input() {
        if (bottoms.size() != 1) {
            throw new ModelConversionException("ncnn layer " + name + " (" + type + ") must have one input, has " + bottoms.size());
        }
        return bottoms.get(0);
    }

    String output() {
        if (tops.size() != 1) {
            throw new ModelConversionException("ncnn layer " + name + " (" + type + ") must have one output, has " + tops.size());
        }
        return tops.get(0);
    }
}
