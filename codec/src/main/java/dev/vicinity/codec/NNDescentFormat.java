package dev.vicinity.codec;

import dev.vicinity.metric.Metric;
import dev.vicinity.quantize.Int8Quantizer;

import dev.vicinity.nndescent.NNDescentParameters;

import java.util.List;
import java.util.Map;

/**
 * Names, file extension, versions, defaults and parameter checks of the {@code nndescent} index method (house rule 1:
 * no algorithm code here; {@link NNDescentFieldWriter} writes, {@link NNDescentFieldReader} reads).
 *
 * <h2>Build parameters</h2>
 *
 * <p>Set in the mapping's {@code method} object and recorded as field attributes ({@link VicinityFieldType}); every
 * one is optional. Unset parameters get PyNNDescent's defaults for the number of vectors {@code n} of the segment
 * being built ({@link NNDescentParameters#defaults}): {@code n_neighbors} 30, {@code n_trees}
 * {@code max(3, min(12, round(2·log10 n)))}, {@code leaf_size} {@code max(60, min(256, 5·n_neighbors))},
 * {@code n_iters} {@code max(5, round(log2 n))}, {@code max_candidates} {@code min(60, n_neighbors)}, {@code delta}
 * 0.001, {@code diversify_prob} 1.0, {@code pruning_degree_multiplier} 1.5, {@code seed} {@value #DEFAULT_SEED}.
 * The resolved values, seed included, are written into the segment's {@code .vem} entry (see
 * {@link NNDescentFieldEntry}), so a segment can be read and merged without the mapping.
 *
 * <p>{@code quantization}, {@value #QUANTIZATION_NONE} (default) or {@value #QUANTIZATION_INT8}, is a storage choice
 * rather than a build parameter: with {@code int8} the segment also stores its vectors quantized to one byte per
 * dimension ({@link dev.vicinity.quantize.Int8Quantizer}, a quarter of the float size) and the graph walk measures
 * those, which fetches four times fewer bytes per distance; hits are rescored on the float vectors. Lossless for
 * integer data spanning at most 256 values (MNIST), a recall loss at equal {@code epsilon} otherwise. Only for the
 * metrics the quantizer encodes: euclidean, sqeuclidean, cosine, dot.
 *
 * <h2>When a segment is searched exactly</h2>
 *
 * <ul>
 *   <li>A segment with fewer than {@value #MIN_GRAPH_SIZE} vectors (or fewer than {@code 2·n_neighbors}) gets no
 *       graph: building one costs more than scanning it, and the {@code .vem} entry says so.
 *   <li>A search whose accept-docs (deletions plus the user's filter) admit fewer than
 *       {@value #EXACT_FILTER_MIN_FACTOR}{@code ·k} documents, or less than {@code 1/}{@value #EXACT_FILTER_FRACTION}
 *       of the segment, scores the accepted documents exactly: under such filters the graph walk degenerates towards
 *       a scan while risking to miss accepted documents.
 *   <li>A graph search that returns fewer than {@code min(k, accepted)} hits without having hit the visit limit is
 *       redone exactly, so a filtered query returns {@code k} hits whenever {@code k} documents are accepted.
 * </ul>
 */
public final class NNDescentFormat {

    static final String DATA_CODEC_NAME = "VicinityNNDescentData";
    static final String DATA_EXTENSION = "vex";

    /** Segments with fewer vectors than this are not graphed and are searched exactly. */
    public static final int MIN_GRAPH_SIZE = 1000;
    /** Exact search when fewer than this many times {@code k} documents are accepted. */
    public static final int EXACT_FILTER_MIN_FACTOR = 10;
    /** Exact search when less than one in this many documents of the segment is accepted. */
    public static final int EXACT_FILTER_FRACTION = 10;
    /** Builds of at least this many vectors log their progress to the InfoStream component {@value #INFO_COMPONENT}. */
    public static final int LOG_PROGRESS_MIN_SIZE = 10_000;
    static final String INFO_COMPONENT = "VICINITY_NND";

    /** The seed of a mapping that sets none; fixed so that every flush, merge and replica builds alike. */
    public static final long DEFAULT_SEED = 42L;

    public static final String N_NEIGHBORS = "n_neighbors";
    public static final String N_TREES = "n_trees";
    public static final String LEAF_SIZE = "leaf_size";
    public static final String N_ITERS = "n_iters";
    public static final String MAX_CANDIDATES = "max_candidates";
    public static final String DELTA = "delta";
    public static final String DIVERSIFY_PROB = "diversify_prob";
    public static final String PRUNING_DEGREE_MULTIPLIER = "pruning_degree_multiplier";
    public static final String SEED = "seed";
    public static final String QUANTIZATION = "quantization";
    public static final String QUANTIZATION_NONE = "none";
    public static final String QUANTIZATION_INT8 = "int8";

    /** Every parameter name of the method object, in documentation order. */
    public static final List<String> PARAMETERS = List.of(
        N_NEIGHBORS, N_TREES, LEAF_SIZE, N_ITERS, MAX_CANDIDATES, DELTA, DIVERSIFY_PROB, PRUNING_DEGREE_MULTIPLIER, SEED, QUANTIZATION
    );

    private NNDescentFormat() {}

    /**
     * Checks mapping parameters without a segment size: unknown names, unparsable values and out-of-range values fail.
     *
     * @throws IllegalArgumentException naming the parameter and value
     */
    static void checkParameters(Map<String, String> params, Metric metric) {
        for (String name : params.keySet()) {
            if (PARAMETERS.contains(name) == false) {
                throw new IllegalArgumentException("unknown parameter [" + name + "] for index method [nndescent], expected one of " + PARAMETERS);
            }
        }
        if (int8Walk(params) && Int8Quantizer.encodingFor(metric) == 0) {
            throw new IllegalArgumentException("[" + QUANTIZATION + "] [" + QUANTIZATION_INT8 + "] is not supported for metric [" + metric.name()
                + "], only for [euclidean, sqeuclidean, cosine, dot]");
        }
        // Resolving against a size checks every explicit value and its combinations (n_neighbors with the multiplier).
        resolve(params, MIN_GRAPH_SIZE);
    }

    /** The parameters a segment of {@code n} vectors is built with: the explicit ones, PyNNDescent's defaults for the rest. */
    static NNDescentParameters resolve(Map<String, String> params, int n) {
        int nNeighbors = intParam(params, N_NEIGHBORS, NNDescentParameters.DEFAULT_N_NEIGHBORS);
        long seed = longParam(params, SEED, DEFAULT_SEED);
        NNDescentParameters p = NNDescentParameters.defaults(n, nNeighbors, seed);
        if (params.containsKey(N_TREES)) {
            p = p.withNTrees(intParam(params, N_TREES, 0));
        }
        if (params.containsKey(LEAF_SIZE)) {
            p = p.withLeafSize(intParam(params, LEAF_SIZE, 0));
        }
        if (params.containsKey(N_ITERS)) {
            p = p.withNIters(intParam(params, N_ITERS, 0));
        }
        if (params.containsKey(MAX_CANDIDATES)) {
            p = p.withMaxCandidates(intParam(params, MAX_CANDIDATES, 0));
        }
        if (params.containsKey(DELTA)) {
            p = p.withDelta(floatParam(params, DELTA));
        }
        if (params.containsKey(DIVERSIFY_PROB)) {
            p = p.withDiversifyProb(floatParam(params, DIVERSIFY_PROB));
        }
        if (params.containsKey(PRUNING_DEGREE_MULTIPLIER)) {
            p = p.withPruningDegreeMultiplier(floatParam(params, PRUNING_DEGREE_MULTIPLIER));
        }
        return p;
    }

    /**
     * Whether the walk measures int8 vectors ({@code quantization: int8}).
     *
     * @throws IllegalArgumentException naming the value when it is neither {@code none} nor {@code int8}
     */
    static boolean int8Walk(Map<String, String> params) {
        String value = params.getOrDefault(QUANTIZATION, QUANTIZATION_NONE);
        return switch (value) {
            case QUANTIZATION_NONE -> false;
            case QUANTIZATION_INT8 -> true;
            default -> throw new IllegalArgumentException("[" + QUANTIZATION + "] must be one of [" + QUANTIZATION_NONE + ", " + QUANTIZATION_INT8
                + "] but was [" + value + "]");
        };
    }

    /** Whether a segment of {@code n} vectors built with {@code params} gets a graph. */
    static boolean graphed(int n, NNDescentParameters params) {
        return n >= MIN_GRAPH_SIZE && n >= 2 * params.nNeighbors();
    }

    /** Whether a search accepting about {@code accepted} of {@code n} documents should be exact (see the class javadoc). */
    static boolean exactForFilter(long accepted, int n, int k) {
        return accepted < (long) EXACT_FILTER_MIN_FACTOR * k || accepted * EXACT_FILTER_FRACTION < n;
    }

    private static int intParam(Map<String, String> params, String name, int defaultValue) {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + name + "] must be an integer but was [" + value + "]", e);
        }
    }

    private static long longParam(Map<String, String> params, String name, long defaultValue) {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + name + "] must be an integer but was [" + value + "]", e);
        }
    }

    private static float floatParam(Map<String, String> params, String name) {
        String value = params.get(name);
        float f;
        try {
            f = Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + name + "] must be a number but was [" + value + "]", e);
        }
        if (Float.isFinite(f) == false) {
            throw new IllegalArgumentException("[" + name + "] must be a finite number but was [" + value + "]");
        }
        return f;
    }
}
