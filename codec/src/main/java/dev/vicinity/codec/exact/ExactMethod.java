package dev.vicinity.codec.exact;

import dev.vicinity.codec.FieldBuild;
import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodEntry;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.MethodQuery;
import dev.vicinity.codec.Parameters;
import dev.vicinity.metric.Metric;

import org.apache.lucene.store.IndexInput;

import java.util.List;
import java.util.Map;

/**
 * The {@code exact} index method: raw vectors only, every search scores every accepted vector of every segment (the
 * generic exact search, which the other methods fall back on too). It takes no build and no query parameters, writes
 * nothing beyond the raw vectors and the common meta entry, and is the default of a mapping that names no method.
 */
public final class ExactMethod implements IndexMethod {

    public static final ExactMethod INSTANCE = new ExactMethod();
    public static final String NAME = "exact";
    /** Permanent on-disk id. */
    public static final int ID = 1;

    private static final MethodQuery QUERY = new ExactQuery();

    /** An exact search has no parameters. */
    private record ExactQuery() implements MethodQuery {
        @Override
        public IndexMethod method() {
            return INSTANCE;
        }
    }

    private ExactMethod() {}

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
        return false;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public int minimumVersion() {
        return 1;
    }

    @Override
    public List<String> buildParameters() {
        return List.of();
    }

    @Override
    public void checkBuildParameters(Map<String, String> params, Metric metric) {
        if (params.isEmpty() == false) {
            throw new IllegalArgumentException("index method [exact] takes no parameters but got " + params.keySet().stream().sorted().toList());
        }
    }

    @Override
    public boolean canIndex(int n, Map<String, String> params) {
        return false;
    }

    @Override
    public List<String> queryParameters() {
        return List.of();
    }

    @Override
    public MethodQuery parseQuery(Map<String, ?> params) {
        Parameters.checkKnown(params, List.of(), NAME, "query parameter");
        return QUERY;
    }

    @Override
    public MethodQuery defaultQuery() {
        return QUERY;
    }

    /** Never called: the generic writer builds nothing for a method without a structure. */
    @Override
    public MethodEntry build(FieldBuild build) {
        throw new UnsupportedOperationException("index method [exact] builds no structure");
    }

    /** Never called: a segment records no structure for this method, and a corrupt one is refused before. */
    @Override
    public MethodEntry readEntry(IndexInput meta, int version, FieldMeta field, int size, long blockLength) {
        throw new UnsupportedOperationException("index method [exact] has no structure to read");
    }

    @Override
    public MethodField open(FieldMeta field, MethodEntry entry, IndexInput block) {
        throw new UnsupportedOperationException("index method [exact] has no structure to open");
    }
}
