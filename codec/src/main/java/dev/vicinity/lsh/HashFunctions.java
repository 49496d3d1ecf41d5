package dev.vicinity.lsh;

import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;

import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.RamUsageEstimator;

import java.util.List;

/**
 * Every hash function of an {@code lsh} index: one {@link HashFamily} per {@code hashes} entry, tables numbered entry
 * after entry. Immutable and thread-safe; searchers and builders take per-thread scratch from it. Families without
 * fitted state are fully defined by the parameters (seed included) and the dimension, so one instance can serve
 * every segment of a field.
 *
 * <h2>Persisted state, per entry ({@link #states()})</h2>
 * <ul>
 *   <li>{@code binary}, {@code tree}, {@code cross_polytope}: the centre ({@code d} floats) when {@code center} is
 *       true, else nothing;</li>
 *   <li>{@code discretized}: the fitted bin width (1 float) when {@code bin_width} is {@code auto}, else nothing;</li>
 *   <li>{@code pca_binary}: the mean ({@code d}), then {@code min(projections, d)} unit components of {@code d}
 *       floats each;</li>
 *   <li>{@code pca_discretized}: the same, then the bin width (1 float, fitted or given).</li>
 * </ul>
 */
public final class HashFunctions implements Accountable {

    private final LshParameters parameters;
    private final int dims;
    private final HashFamily[] families;
    private final int[] familyOfTable;
    private final int[] localTable;

    private HashFunctions(LshParameters parameters, int dims, HashFamily[] families) {
        this.parameters = parameters;
        this.dims = dims;
        this.families = families;
        int tables = parameters.tableCount();
        this.familyOfTable = new int[tables];
        this.localTable = new int[tables];
        int t = 0;
        for (int f = 0; f < families.length; f++) {
            for (int local = 0; local < families[f].tables(); local++) {
                familyOfTable[t] = f;
                localTable[t] = local;
                t++;
            }
        }
    }

    /**
     * The functions of a built segment, from its parameters and persisted {@code states} (one array per entry).
     *
     * @throws IllegalArgumentException when a state does not have the length its entry needs (corrupt or foreign)
     */
    public static HashFunctions create(LshParameters parameters, int dims, Metric metric, float[][] states) {
        List<HashSpec> specs = parameters.hashes();
        if (states.length != specs.size()) {
            throw new IllegalArgumentException("[" + states.length + "] hash states for [" + specs.size() + "] hashes entries");
        }
        HashFamily[] families = new HashFamily[specs.size()];
        for (int e = 0; e < families.length; e++) {
            families[e] = family(specs.get(e), e, dims, metric.isAngular(), states[e]);
        }
        return new HashFunctions(parameters, dims, families);
    }

    /** Draws the random functions and fits the trained ones to {@code vectors} (a segment being built). */
    public static HashFunctions train(LshParameters parameters, VectorSource vectors, Metric metric, BuildMonitor monitor) {
        BuildMonitor m = monitor == null ? BuildMonitor.NONE : monitor;
        int dims = vectors.dims();
        boolean normalize = metric.isAngular();
        List<HashSpec> specs = parameters.hashes();
        HashFamily[] families = new HashFamily[specs.size()];
        InputTransform normalizeOnly = new InputTransform(normalize, null);
        for (int e = 0; e < families.length; e++) {
            HashSpec spec = specs.get(e);
            float[] state = switch (spec.type()) {
                case BINARY, TREE, CROSS_POLYTOPE -> spec.center() ? PrincipalComponents.mean(vectors, normalizeOnly, m) : new float[0];
                case DISCRETIZED -> Float.isNaN(spec.binWidth()) ? new float[] { 1f } : new float[0];
                case PCA_BINARY, PCA_DISCRETIZED -> {
                    m.phase("lsh_pca");
                    float[] mean = PrincipalComponents.mean(vectors, normalizeOnly, m);
                    float[][] components = PrincipalComponents.fit(vectors, normalizeOnly, mean, Math.min(spec.projections(), dims), spec.seed(), m);
                    float[] pca = PrincipalComponents.state(mean, components);
                    yield spec.type() == HashType.PCA_BINARY ? pca : withWidth(pca, Float.isNaN(spec.binWidth()) ? 1f : spec.binWidth());
                }
            };
            HashFamily family = family(spec, e, dims, normalize, state);
            if (family instanceof BinnedHash binned && Float.isNaN(spec.binWidth())) {
                m.phase("lsh_bin_width");
                float width = BinWidthFit.fit(binned, vectors, spec.bucketSize(), m);
                state[state.length - 1] = width;
                family = binned.withWidth(width, state);
            }
            families[e] = family;
        }
        return new HashFunctions(parameters, dims, families);
    }

    private static float[] withWidth(float[] state, float width) {
        float[] out = java.util.Arrays.copyOf(state, state.length + 1);
        out[state.length] = width;
        return out;
    }

    private static HashFamily family(HashSpec spec, int entry, int dims, boolean normalize, float[] state) {
        int pcaComponents = Math.min(spec.projections(), dims);
        return switch (spec.type()) {
            case BINARY, TREE -> {
                checkLength(entry, state, spec.center() ? dims : 0);
                yield SignHash.random(spec, dims, normalize, spec.center() ? state : null);
            }
            case CROSS_POLYTOPE -> {
                checkLength(entry, state, spec.center() ? dims : 0);
                yield new CrossPolytopeHash(spec, dims, normalize, spec.center() ? state : null);
            }
            case DISCRETIZED -> {
                boolean auto = Float.isNaN(spec.binWidth());
                checkLength(entry, state, auto ? 1 : 0);
                float width = auto ? state[0] : spec.binWidth();
                checkWidth(entry, width);
                yield new BinnedHash(spec, dims, new InputTransform(normalize, null), BinnedHash.randomRows(spec, dims), width, state.clone());
            }
            case PCA_BINARY -> {
                checkLength(entry, state, dims * (1 + pcaComponents));
                yield SignHash.pca(spec, dims, normalize, mean(state, dims), components(state, dims, pcaComponents));
            }
            case PCA_DISCRETIZED -> {
                checkLength(entry, state, dims * (1 + pcaComponents) + 1);
                float width = state[state.length - 1];
                checkWidth(entry, width);
                yield new BinnedHash(spec, dims, new InputTransform(normalize, mean(state, dims)),
                    BinnedHash.sharedRows(spec, components(state, dims, pcaComponents)), width, state.clone());
            }
        };
    }

    private static float[] mean(float[] state, int dims) {
        return java.util.Arrays.copyOf(state, dims);
    }

    private static float[][] components(float[] state, int dims, int count) {
        float[][] rows = new float[count][];
        for (int c = 0; c < count; c++) {
            rows[c] = java.util.Arrays.copyOfRange(state, dims * (1 + c), dims * (2 + c));
        }
        return rows;
    }

    private static void checkLength(int entry, float[] state, int expected) {
        if (state.length != expected) {
            throw new IllegalArgumentException("the state of [hashes." + entry + "] has [" + state.length + "] floats but [" + expected + "] were expected");
        }
    }

    private static void checkWidth(int entry, float width) {
        if (Float.isFinite(width) == false || width <= 0) {
            throw new IllegalArgumentException("the bin width of [hashes." + entry + "] must be a finite number > [0] but was [" + width + "]");
        }
    }

    /** The heap the functions hold: every family's drawn and fitted arrays (a searcher's scratch is its own). */
    @Override
    public long ramBytesUsed() {
        long bytes = RamUsageEstimator.shallowSizeOf(this) + RamUsageEstimator.shallowSizeOf(families) + RamUsageEstimator.sizeOf(familyOfTable)
            + RamUsageEstimator.sizeOf(localTable);
        for (HashFamily family : families) {
            bytes += family.ramBytesUsed();
        }
        return bytes;
    }

    public LshParameters parameters() {
        return parameters;
    }

    public int dims() {
        return dims;
    }

    /** The number of tables of all entries. */
    public int tableCount() {
        return familyOfTable.length;
    }

    /** The persisted state of each entry, in entry order (see the class documentation); copies. */
    public float[][] states() {
        float[][] states = new float[families.length][];
        for (int e = 0; e < families.length; e++) {
            states[e] = families[e].state();
        }
        return states;
    }

    int entryCount() {
        return families.length;
    }

    HashFamily entry(int e) {
        return families[e];
    }

    HashFamily familyOf(int table) {
        return families[familyOfTable[table]];
    }

    int entryOf(int table) {
        return familyOfTable[table];
    }

    int localTable(int table) {
        return localTable[table];
    }

    /** One hasher per entry, for one thread. */
    HashFamily.Hasher[] newHashers() {
        HashFamily.Hasher[] hashers = new HashFamily.Hasher[families.length];
        for (int e = 0; e < families.length; e++) {
            hashers[e] = families[e].newHasher();
        }
        return hashers;
    }
}
