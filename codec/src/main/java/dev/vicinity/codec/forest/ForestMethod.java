package dev.vicinity.codec.forest;

import dev.vicinity.codec.FieldBuild;
import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodEntry;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.MethodQuery;
import dev.vicinity.codec.Parameters;
import dev.vicinity.codec.QueryKnob;
import dev.vicinity.forest.ForestParameters;
import dev.vicinity.forest.SplitSpace;
import dev.vicinity.metric.Metric;

import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code forest} index method (Annoy's forests of random-projection trees, with sparse hyperplanes and optional
 * votes): names, versions, defaults and parameter checks (house rule 1: {@link ForestFieldWriter} builds and writes,
 * {@link ForestFieldReader} reads and searches, {@link ForestFieldEntry} documents the layout).
 *
 * <h2>Build parameters</h2>
 * <ul>
 *   <li>{@value #N_TREES}: the number of trees, 1 to 1024, or -1 for Annoy's rule (trees until the forest has as many
 *       nodes as points); default {@value ForestParameters#DEFAULT_N_TREES}
 *   <li>{@value #LEAF_SIZE}: the most points of a leaf, 2 to 4096; default {@value ForestParameters#DEFAULT_LEAF_SIZE}
 *   <li>{@value #SPLIT_DIMS}: the coordinates each hyperplane keeps, 0 for all, -1 (default) for all up to
 *       {@value ForestParameters#DENSE_UP_TO_DIMS} dimensions and the {@value ForestParameters#DEFAULT_SPARSE_DIMS}
 *       largest above
 *   <li>{@value #SEED}: default {@value ForestParameters#DEFAULT_SEED}
 * </ul>
 * plus the generic {@value IndexMethod#EXACT_BELOW}. The resolved values are written into each segment's entry.
 *
 * <h2>Query parameters</h2>
 * <ul>
 *   <li>{@value #SEARCH_K}: candidate slots gathered over all trees (duplicates counted, as Annoy counts them), 1 to
 *       2^26; default {@code 16 · k · n_trees} per segment
 *   <li>{@value #VOTES}: the fewest trees a candidate must be found in, 1 to 1024; default 1 (every candidate)
 * </ul>
 */
public final class ForestMethod implements IndexMethod {

    public static final ForestMethod INSTANCE = new ForestMethod();

    public static final String NAME = "forest";
    /** Permanent on-disk id. */
    public static final int ID = 3;
    /** Version 1: trees as flat arrays (roots, children, hyperplane rows, leaf bounds, points) in one block. */
    static final int VERSION_CURRENT = 1;

    public static final String N_TREES = "n_trees";
    public static final String LEAF_SIZE = "leaf_size";
    public static final String SPLIT_DIMS = "split_dims";
    public static final String SEED = "seed";
    public static final List<String> PARAMETERS = List.of(N_TREES, LEAF_SIZE, SPLIT_DIMS, SEED);

    public static final String SEARCH_K = "search_k";
    public static final String VOTES = "votes";

    private static final ForestQuery DEFAULT_QUERY = new ForestQuery(0, ForestParameters.DEFAULT_VOTES);

    private ForestMethod() {}

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
        SplitSpace.forMetric(metric);
        resolve(params);
    }

    @Override
    public boolean canIndex(int n, Map<String, String> params) {
        return n >= 2;
    }

    @Override
    public List<String> queryParameters() {
        return List.of(SEARCH_K, VOTES);
    }

    @Override
    public MethodQuery parseQuery(Map<String, ?> params) {
        Parameters.checkKnown(params, queryParameters(), NAME, "query parameter");
        int searchK = Parameters.intQueryParam(params, SEARCH_K, 0, 1, ForestParameters.MAX_SEARCH_K);
        int votes = Parameters.intQueryParam(params, VOTES, ForestParameters.DEFAULT_VOTES, 1, ForestParameters.MAX_VOTES);
        ForestQuery query = new ForestQuery(searchK, votes);
        return query.equals(DEFAULT_QUERY) ? DEFAULT_QUERY : query;
    }

    @Override
    public MethodQuery defaultQuery() {
        return DEFAULT_QUERY;
    }

    /**
     * {@code search_k} from 10 candidate slots up; 1,000 is where MNIST's and GloVe's recall curves turn (see the
     * method's page), and 4,194,304 slots cost more than scanning any segment the method is meant for.
     */
    @Override
    public QueryKnob queryKnob() {
        return KNOB;
    }

    private static final QueryKnob KNOB = new QueryKnob(SEARCH_K, 10, 1000, 1 << 22, true);

    @Override
    public MethodEntry build(FieldBuild build) throws IOException {
        return ForestFieldWriter.write(build, resolve(build.params()));
    }

    @Override
    public MethodEntry readEntry(IndexInput meta, int version, FieldMeta field, int size, long blockLength) throws IOException {
        return ForestFieldEntry.read(meta, field, size, blockLength);
    }

    @Override
    public MethodField open(FieldMeta field, MethodEntry entry, IndexInput block) throws IOException {
        return new ForestFieldReader((ForestFieldEntry) entry, block);
    }

    /** The explicit parameters, the defaults for the rest; every explicit value checked. */
    static ForestParameters resolve(Map<String, String> params) {
        return new ForestParameters(
            Parameters.intParam(params, N_TREES, ForestParameters.DEFAULT_N_TREES, Integer.MIN_VALUE, Integer.MAX_VALUE),
            Parameters.intParam(params, LEAF_SIZE, ForestParameters.DEFAULT_LEAF_SIZE, Integer.MIN_VALUE, Integer.MAX_VALUE),
            Parameters.intParam(params, SPLIT_DIMS, ForestParameters.AUTO_SPLIT_DIMS, Integer.MIN_VALUE, Integer.MAX_VALUE),
            Parameters.longParam(params, SEED, ForestParameters.DEFAULT_SEED)
        );
    }
}
