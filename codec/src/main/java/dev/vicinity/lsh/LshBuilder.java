package dev.vicinity.lsh;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;

/**
 * Builds the hash tables of a segment: draws or fits the functions ({@link HashFunctions#train}), hashes every
 * vector once in ordinal order (a sequential read of the vectors, each vector hashed by every table while it is in
 * cache), then sorts each table's (key, ordinal) pairs into its flat arrays ({@link TableLayout}). The entry point the
 * codec calls at flush; merges go through {@link LshMerger}. Single-threaded and deterministic: the same vectors,
 * metric and parameters give the same index, array for array.
 */
public final class LshBuilder {

    static final int ABORT_CHECK_BLOCK = 4096;

    private LshBuilder() {}

    /**
     * @param vectors the segment's vectors, ordinals {@code 0 .. size())}; may return a shared buffer
     * @param metric  the field's metric: angular metrics are hashed normalised
     * @param monitor progress and abort hooks, or {@code null}
     */
    public static LshIndex build(VectorSource vectors, Metric metric, LshParameters parameters, BuildMonitor monitor) {
        BuildMonitor m = monitor == null ? BuildMonitor.NONE : monitor;
        m.phase("lsh_train");
        HashFunctions functions = HashFunctions.train(parameters, vectors, metric, m);
        boolean[] all = new boolean[functions.entryCount()];
        java.util.Arrays.fill(all, true);
        TableLayout.Table[] tables = new TableLayout.Table[functions.tableCount()];
        hashEntries(functions, all, vectors, tables, m);
        return new LshIndex(metric, parameters, functions, assemble(vectors.size(), tables));
    }

    /** Hashes every vector for the tables of the selected entries and lays those tables out into {@code out}. */
    static void hashEntries(HashFunctions functions, boolean[] entries, VectorSource vectors, TableLayout.Table[] out, BuildMonitor m) {
        m.phase("lsh_hash");
        int n = vectors.size();
        int tableCount = functions.tableCount();
        long[][] packed = new long[tableCount][];
        for (int t = 0; t < tableCount; t++) {
            if (entries[functions.entryOf(t)]) {
                packed[t] = new long[n];
            }
        }
        HashFamily.Hasher[] hashers = functions.newHashers();
        for (int ord = 0; ord < n; ord++) {
            if (ord % ABORT_CHECK_BLOCK == 0 && m.aborted()) {
                throw new BuildAbortedException("lsh_hash");
            }
            float[] x = vectors.vector(ord);
            for (int e = 0; e < functions.entryCount(); e++) {
                if (entries[e]) {
                    hashers[e].set(x);
                }
            }
            for (int t = 0; t < tableCount; t++) {
                if (packed[t] != null) {
                    HashFamily family = functions.familyOf(t);
                    long v = hashers[functions.entryOf(t)].home(functions.localTable(t), family.maxBits());
                    packed[t][ord] = TableLayout.pack(family.storedKey(v), ord);
                }
            }
        }
        m.phase("lsh_tables");
        for (int t = 0; t < tableCount; t++) {
            if (packed[t] != null) {
                out[t] = layout(functions, t, packed[t], n);
                packed[t] = null;
            }
        }
    }

    static TableLayout.Table layout(HashFunctions functions, int table, long[] packed, int count) {
        HashFamily family = functions.familyOf(table);
        boolean fixed = family.prefixKeys() == false || family.spec.type() == HashType.TREE;
        return TableLayout.build(packed, count, family.maxBits(), fixed, family.spec.bucketSize());
    }

    static LshTables assemble(int size, TableLayout.Table[] tables) {
        int count = tables.length;
        int[] resolutions = new int[count];
        int[] directoryBits = new int[count];
        int[][] keys = new int[count][];
        int[][] ords = new int[count][];
        int[][] directories = new int[count][];
        for (int t = 0; t < count; t++) {
            resolutions[t] = tables[t].resolution();
            directoryBits[t] = tables[t].directoryBits();
            keys[t] = tables[t].keys();
            ords[t] = tables[t].ords();
            directories[t] = tables[t].directory();
        }
        return new LshTables(size, resolutions, directoryBits, keys, ords, directories);
    }
}
