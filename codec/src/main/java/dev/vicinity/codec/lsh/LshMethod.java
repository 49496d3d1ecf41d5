package dev.vicinity.codec.lsh;

import dev.vicinity.codec.FieldBuild;
import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodEntry;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.MethodQuery;
import dev.vicinity.codec.Parameters;
import dev.vicinity.codec.QueryKnob;
import dev.vicinity.lsh.LshParameters;
import dev.vicinity.metric.Metric;

import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code lsh} index method (NearPy's locality-sensitive hashing, with FALCONN's cross-polytope hash, multi-probe
 * and candidate voting): names, versions and parameter checks (house rule 1: {@link LshFieldWriter} builds and
 * writes, {@link LshFieldReader} reads and searches, {@link LshFieldEntry} documents the layout).
 *
 * <h2>Build parameters</h2>
 * <p>{@code seed} and a list of {@code hashes} entries, each one hash family making {@code tables} tables; a mapping
 * writes the list as JSON ({@code "hashes": [{"type": "cross_polytope", "tables": 32}]}), which arrives here flattened
 * as {@code hashes.0.type}, {@code hashes.0.tables}, ... Families, their parameters, defaults and ranges are
 * documented on {@link LshParameters} and in {@code docs/methods/lsh.md}; without {@code hashes} a field gets 64
 * cross-polytope tables. The resolved values, seeds included, and the fitted state of trained families are written
 * into each segment. Plus the generic {@value IndexMethod#EXACT_BELOW}.
 *
 * <h2>Query parameters</h2>
 * <ul>
 *   <li>{@value #PROBES}: buckets read over all tables, at least 1; default two per table
 *   <li>{@value #CANDIDATES}: the most candidates that get an exact distance, 0 for no cap; default {@code 100 · k}
 * </ul>
 */
public final class LshMethod implements IndexMethod {

    public static final LshMethod INSTANCE = new LshMethod();

    public static final String NAME = "lsh";
    /** Permanent on-disk id. */
    public static final int ID = 4;
    /** Version 1: resolved parameters and table shapes in the entry; hash states and sorted tables in the block. */
    static final int VERSION_CURRENT = 1;

    public static final String PROBES = "probes";
    public static final String CANDIDATES = "candidates";
    /** The most probes a query may ask for. */
    public static final int MAX_PROBES = 1 << 20;

    private static final LshQuery DEFAULT_QUERY = new LshQuery(0, -1);

    private LshMethod() {}

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

    /** The top-level names; a {@code hashes} entry's own names are {@code hashes.<i>.<name>}, see {@link LshParameters}. */
    @Override
    public List<String> buildParameters() {
        return List.of("hashes", "seed");
    }

    @Override
    public void checkBuildParameters(Map<String, String> params, Metric metric) {
        LshParameters.parse(params, metric);
    }

    @Override
    public boolean canIndex(int n, Map<String, String> params) {
        return n >= 2;
    }

    @Override
    public List<String> queryParameters() {
        return List.of(PROBES, CANDIDATES);
    }

    @Override
    public MethodQuery parseQuery(Map<String, ?> params) {
        Parameters.checkKnown(params, queryParameters(), NAME, "query parameter");
        LshQuery query = new LshQuery(Parameters.intQueryParam(params, PROBES, 0, 1, MAX_PROBES),
            Parameters.intQueryParam(params, CANDIDATES, -1, 0, Integer.MAX_VALUE));
        return query.equals(DEFAULT_QUERY) ? DEFAULT_QUERY : query;
    }

    @Override
    public MethodQuery defaultQuery() {
        return DEFAULT_QUERY;
    }

    /**
     * {@code probes} from 1 up, with the cap on exact distances ({@code candidates}) widened along, {@code max(2·k,
     * 16·probes)}: the cap, not the probes, is most of a search's cost, so a level that probes little must measure
     * little too (with the default cap of {@code 100·k} a small segment is scanned whatever the probes). MNIST's best
     * pairs lie on or near this line (probes 64 with 1,000 candidates; see the method's page). Probing more than
     * 65,536 buckets per query costs more than a scan.
     */
    @Override
    public QueryKnob queryKnob() {
        return KNOB;
    }

    private static final QueryKnob KNOB = new QueryKnob(PROBES, 1, 64, 1 << 16, true,
        (level, k) -> Map.of(CANDIDATES, Math.max(2L * k, 16 * Math.round(level))));

    @Override
    public MethodEntry build(FieldBuild build) throws IOException {
        return LshFieldWriter.write(build, LshParameters.parse(build.params(), build.metric()));
    }

    @Override
    public MethodEntry readEntry(IndexInput meta, int version, FieldMeta field, int size, long blockLength) throws IOException {
        return LshFieldEntry.read(meta, field, size, blockLength);
    }

    @Override
    public MethodField open(FieldMeta field, MethodEntry entry, IndexInput block) throws IOException {
        return new LshFieldReader((LshFieldEntry) entry, field, block);
    }
}
