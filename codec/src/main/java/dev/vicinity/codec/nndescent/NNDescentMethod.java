package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.FieldBuild;
import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodEntry;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.MethodQuery;
import dev.vicinity.codec.Parameters;
import dev.vicinity.codec.QueryKnob;
import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.NNDescentParameters;
import dev.vicinity.quantize.Int8Quantizer;

import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code nndescent} index method (PyNNDescent): names, versions, defaults and parameter checks (house rule 1: no
 * algorithm code here; {@link NNDescentFieldWriter} builds and writes, {@link NNDescentFieldReader} reads and
 * searches, {@link NNDescentFieldEntry} documents the layout).
 *
 * <h2>Build parameters</h2>
 *
 * <p>Set in the mapping's {@code method} object; every one is optional. Unset parameters get PyNNDescent's defaults
 * for the number of vectors {@code n} of the segment being built ({@link NNDescentParameters#defaults}):
 * {@code n_neighbors} 30, {@code n_trees} {@code max(3, min(12, round(2·log10 n)))}, {@code leaf_size}
 * {@code max(60, min(256, 5·n_neighbors))}, {@code n_iters} {@code max(5, round(log2 n))}, {@code max_candidates}
 * {@code min(60, n_neighbors)}, {@code delta} 0.001, {@code diversify_prob} 1.0, {@code pruning_degree_multiplier} 1.5,
 * {@code seed} {@value #DEFAULT_SEED}. The resolved values, seed included, are written into the segment's meta entry,
 * so a segment can be read and merged without the mapping. Like every method with a structure, it also takes the
 * generic {@value IndexMethod#EXACT_BELOW}; a segment also needs at least {@code 2·n_neighbors} vectors for a graph.
 *
 * <p>{@code quantization}, {@value #QUANTIZATION_NONE} (default) or {@value #QUANTIZATION_INT8}, is a storage choice
 * rather than a build parameter: with {@code int8} the segment also stores its vectors quantized to one byte per
 * dimension ({@link Int8Quantizer}, a quarter of the float size) and the graph walk measures those, which fetches four
 * times fewer bytes per distance; hits are rescored on the float vectors. Lossless for integer data spanning at most
 * 256 values (MNIST), a recall loss at equal {@code epsilon} otherwise. Only for metrics whose fast distance has a
 * kernel form (euclidean, sqeuclidean, cosine, dot).
 *
 * <h2>Query parameters</h2>
 *
 * <p>{@value #EPSILON} (finite, {@code >= 0}, default {@value NNDescentParameters#DEFAULT_EPSILON}): the walk's
 * backtracking, see {@link NNDescentQuery}.
 */
public final class NNDescentMethod implements IndexMethod {

    /** The single instance, registered in {@code IndexMethods}. */
    public static final NNDescentMethod INSTANCE = new NNDescentMethod();

    public static final String NAME = "nndescent";
    /** Permanent on-disk id. */
    public static final int ID = 2;
    /** Version 1: graph numbered by search-tree position, optional int8 walk vectors, block in the shared data file. */
    static final int VERSION_CURRENT = 1;

    /** Builds of at least this many vectors report each phase and iteration to the build monitor's log. */
    public static final int LOG_PROGRESS_MIN_SIZE = 10_000;

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

    /** The query parameter. */
    public static final String EPSILON = "epsilon";

    /** Every build parameter of the method object, in documentation order. */
    public static final List<String> PARAMETERS = List.of(
        N_NEIGHBORS, N_TREES, LEAF_SIZE, N_ITERS, MAX_CANDIDATES, DELTA, DIVERSIFY_PROB, PRUNING_DEGREE_MULTIPLIER, SEED, QUANTIZATION
    );

    private static final NNDescentQuery DEFAULT_QUERY = new NNDescentQuery(NNDescentParameters.DEFAULT_EPSILON);

    private NNDescentMethod() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int id() {
        return ID;
    }

    @Override
    public boolean buildsStructure() {
        return true;
    }

    @Override
    public int version() {
        return VERSION_CURRENT;
    }

    @Override
    public int minimumVersion() {
        return VERSION_CURRENT;
    }

    @Override
    public List<String> buildParameters() {
        return PARAMETERS;
    }

    @Override
    public void checkBuildParameters(Map<String, String> params, Metric metric) {
        Parameters.checkKnown(params, PARAMETERS, NAME, "parameter");
        if (int8Walk(params) && Int8Quantizer.encodingFor(metric) == 0) {
            throw new IllegalArgumentException("[" + QUANTIZATION + "] [" + QUANTIZATION_INT8 + "] is not supported for metric [" + metric.name()
                + "], only for [euclidean, sqeuclidean, cosine, dot]");
        }
        // Resolving against a size checks every explicit value and its combinations (n_neighbors with the multiplier).
        resolve(params, DEFAULT_EXACT_BELOW);
    }

    @Override
    public boolean canIndex(int n, Map<String, String> params) {
        return n >= 2 * Parameters.intParam(params, N_NEIGHBORS, NNDescentParameters.DEFAULT_N_NEIGHBORS, 1, Integer.MAX_VALUE);
    }

    @Override
    public List<String> queryParameters() {
        return List.of(EPSILON);
    }

    @Override
    public MethodQuery parseQuery(Map<String, ?> params) {
        Parameters.checkKnown(params, queryParameters(), NAME, "query parameter");
        float epsilon = Parameters.floatQueryParam(params, EPSILON, NNDescentParameters.DEFAULT_EPSILON);
        if (epsilon < 0) { // named as the query gave it
            throw new IllegalArgumentException("[" + EPSILON + "] must be a finite number >= [0] but was [" + params.get(EPSILON) + "]");
        }
        return new NNDescentQuery(epsilon);
    }

    @Override
    public MethodQuery defaultQuery() {
        return DEFAULT_QUERY;
    }

    /**
     * {@code epsilon} from 0 (a greedy walk) up: 0.1 is the default, and beyond 4 a walk explores about as much as
     * a scan of the segment would measure.
     */
    @Override
    public QueryKnob queryKnob() {
        return KNOB;
    }

    private static final QueryKnob KNOB = new QueryKnob(EPSILON, 0, NNDescentParameters.DEFAULT_EPSILON, 4, false);

    @Override
    public MethodEntry build(FieldBuild build) throws IOException {
        return NNDescentFieldWriter.write(build, resolve(build.params(), build.size()), int8Walk(build.params()));
    }

    @Override
    public MethodEntry readEntry(IndexInput meta, int version, FieldMeta field, int size, long blockLength) throws IOException {
        return NNDescentFieldEntry.read(meta, field, size, blockLength);
    }

    @Override
    public MethodField open(FieldMeta field, MethodEntry entry, IndexInput block) throws IOException {
        return new NNDescentFieldReader((NNDescentFieldEntry) entry, field, block);
    }

    /** The parameters a segment of {@code n} vectors is built with: the explicit ones, PyNNDescent's defaults for the rest. */
    static NNDescentParameters resolve(Map<String, String> params, int n) {
        int nNeighbors = Parameters.intParam(params, N_NEIGHBORS, NNDescentParameters.DEFAULT_N_NEIGHBORS, Integer.MIN_VALUE, Integer.MAX_VALUE);
        long seed = Parameters.longParam(params, SEED, DEFAULT_SEED);
        NNDescentParameters p = NNDescentParameters.defaults(n, nNeighbors, seed);
        if (params.containsKey(N_TREES)) {
            p = p.withNTrees(Parameters.intParam(params, N_TREES, 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        if (params.containsKey(LEAF_SIZE)) {
            p = p.withLeafSize(Parameters.intParam(params, LEAF_SIZE, 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        if (params.containsKey(N_ITERS)) {
            p = p.withNIters(Parameters.intParam(params, N_ITERS, 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        if (params.containsKey(MAX_CANDIDATES)) {
            p = p.withMaxCandidates(Parameters.intParam(params, MAX_CANDIDATES, 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        if (params.containsKey(DELTA)) {
            p = p.withDelta(Parameters.floatParam(params, DELTA, 0));
        }
        if (params.containsKey(DIVERSIFY_PROB)) {
            p = p.withDiversifyProb(Parameters.floatParam(params, DIVERSIFY_PROB, 0));
        }
        if (params.containsKey(PRUNING_DEGREE_MULTIPLIER)) {
            p = p.withPruningDegreeMultiplier(Parameters.floatParam(params, PRUNING_DEGREE_MULTIPLIER, 0));
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
}
