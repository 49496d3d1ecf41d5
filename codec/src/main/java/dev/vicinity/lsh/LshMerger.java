package dev.vicinity.lsh;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;

import java.util.List;

/**
 * Builds the tables of a merged segment from its sources. Entries whose functions are fixed by the seed
 * ({@link HashSpec#trained()} false) and that every source built with the same specification keep their keys: each
 * source's (key, ordinal) pairs are read sequentially, the ordinals mapped to the merged segment (deleted documents
 * dropped), and the pairs sorted into the merged tables, without hashing anything. Every other entry (PCA, centred,
 * fitted widths, or sources built differently) is fitted and hashed again from the merged vectors. Either way the
 * result equals, array for array, what {@link LshBuilder#build} makes of the merged vectors.
 */
public final class LshMerger {

    private LshMerger() {}

    /**
     * One segment being merged.
     *
     * @param parameters what the source was built with (as read from the segment)
     * @param tables     its tables
     * @param ordMap     source ordinal to merged ordinal, {@code -1} for a deleted document; length {@code tables.size()}
     */
    public record Source(LshParameters parameters, TableAccess tables, int[] ordMap) {
        public Source {
            if (ordMap.length != tables.size()) {
                throw new IllegalArgumentException("the ordinal map has [" + ordMap.length + "] entries but the source has [" + tables.size() + "] vectors");
            }
        }
    }

    /**
     * @param merged the merged segment's vectors (ordinals as in the maps); read only for entries that are hashed again
     */
    public static LshIndex merge(LshParameters parameters, Metric metric, List<Source> sources, VectorSource merged, BuildMonitor monitor) {
        BuildMonitor m = monitor == null ? BuildMonitor.NONE : monitor;
        int n = merged.size();
        int live = 0;
        java.util.BitSet taken = new java.util.BitSet(n);
        for (Source source : sources) {
            for (int ord : source.ordMap()) {
                if (ord >= n) {
                    throw new IllegalArgumentException("the ordinal map points to [" + ord + "] but the merged segment has [" + n + "] vectors");
                }
                if (ord >= 0) {
                    if (taken.get(ord)) {
                        throw new IllegalArgumentException("the ordinal maps send two vectors to merged ordinal [" + ord + "]");
                    }
                    taken.set(ord);
                    live++;
                }
            }
        }
        if (live != n) {
            throw new IllegalArgumentException("the ordinal maps keep [" + live + "] vectors but the merged segment has [" + n + "]");
        }
        m.phase("lsh_train");
        HashFunctions functions = HashFunctions.train(parameters, merged, metric, m);
        int entries = functions.entryCount();
        boolean[] rehash = new boolean[entries];
        TableLayout.Table[] tables = new TableLayout.Table[functions.tableCount()];
        int firstTable = 0;
        for (int e = 0; e < entries; e++) {
            HashSpec spec = parameters.hashes().get(e);
            rehash[e] = spec.trained() || sameEntryEverywhere(parameters, e, sources) == false;
            if (rehash[e] == false) {
                m.phase("lsh_combine");
                for (int t = firstTable; t < firstTable + spec.tables(); t++) {
                    tables[t] = combine(functions, t, sources, n, m);
                }
            }
            firstTable += spec.tables();
        }
        boolean any = false;
        for (boolean r : rehash) {
            any |= r;
        }
        if (any) {
            LshBuilder.hashEntries(functions, rehash, merged, tables, m);
        }
        return new LshIndex(metric, parameters, functions, LshBuilder.assemble(n, tables));
    }

    /** Whether every source built entry {@code e} as {@code parameters} does, at the same table numbers. */
    private static boolean sameEntryEverywhere(LshParameters parameters, int e, List<Source> sources) {
        for (Source source : sources) {
            List<HashSpec> theirs = source.parameters().hashes();
            if (theirs.size() <= e || theirs.get(e).equals(parameters.hashes().get(e)) == false) {
                return false;
            }
            for (int i = 0; i < e; i++) {
                if (theirs.get(i).tables() != parameters.hashes().get(i).tables()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static TableLayout.Table combine(HashFunctions functions, int table, List<Source> sources, int n, BuildMonitor m) {
        long[] packed = new long[n];
        int count = 0;
        int[] buffer = new int[LshBuilder.ABORT_CHECK_BLOCK];
        for (Source source : sources) {
            TableAccess tables = source.tables();
            int[] map = source.ordMap();
            int size = tables.size();
            for (int from = 0; from < size; from += buffer.length) {
                if (m.aborted()) {
                    throw new BuildAbortedException("lsh_combine");
                }
                int to = Math.min(size, from + buffer.length);
                tables.ords(table, from, to, buffer, 0);
                for (int p = from; p < to; p++) {
                    int ord = map[buffer[p - from]];
                    if (ord >= 0) {
                        packed[count++] = TableLayout.pack(tables.key(table, p), ord);
                    }
                }
            }
        }
        return LshBuilder.layout(functions, table, packed, count);
    }
}
