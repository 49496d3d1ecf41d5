package dev.vicinity.codec;

import dev.vicinity.metric.Metric;

import java.util.Map;
import java.util.TreeMap;

/**
 * The build parameters every method with a structure takes, handled by the generic writer rather than by each
 * method: today {@value IndexMethod#EXACT_BELOW} (segments with fewer vectors get no structure and are searched
 * exactly, default {@value IndexMethod#DEFAULT_EXACT_BELOW}).
 */
final class GenericParameters {

    /** The largest {@value IndexMethod#EXACT_BELOW}: beyond what a segment can hold, every segment is searched exactly. */
    static final int MAX_EXACT_BELOW = Integer.MAX_VALUE;

    private GenericParameters() {}

    /**
     * Checks a mapping's build parameters: the generic ones here, the rest by the method.
     *
     * @throws IllegalArgumentException naming the parameter and the value
     */
    static void check(IndexMethod method, Map<String, String> params, Metric metric) {
        if (method.buildsStructure()) {
            exactBelow(params);
        }
        method.checkBuildParameters(method.buildsStructure() ? methodParams(params) : params, metric);
    }

    /** {@value IndexMethod#EXACT_BELOW}, or its default. */
    static int exactBelow(Map<String, String> params) {
        return Parameters.intParam(params, IndexMethod.EXACT_BELOW, IndexMethod.DEFAULT_EXACT_BELOW, 0, MAX_EXACT_BELOW);
    }

    /** The parameters without the generic ones. */
    static Map<String, String> methodParams(Map<String, String> params) {
        if (params.containsKey(IndexMethod.EXACT_BELOW) == false) {
            return params;
        }
        Map<String, String> own = new TreeMap<>(params);
        own.remove(IndexMethod.EXACT_BELOW);
        return Map.copyOf(own);
    }
}
