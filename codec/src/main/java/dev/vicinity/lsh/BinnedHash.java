package dev.vicinity.lsh;

import org.apache.lucene.util.RamUsageEstimator;

/**
 * Binned projections (the {@code discretized} and {@code pca_discretized} types), E2LSH's p-stable hash: function
 * {@code j} of a table is {@code floor(r_j·x / w + u_j)}, for the transformed {@code x}, bin width {@code w} and an
 * offset {@code u_j} uniform in {@code [0, 1)} (NearPy has no offset, so its bin edges line up at the origin in every
 * projection; random offsets shift each grid independently). The table's key hashes all its bins
 * ({@link HashFamily}); moving one bin down or up costs the squared distance to that bin edge,
 * {@code (frac·w)² / |r_j|²} or {@code ((1 - frac)·w)² / |r_j|²}.
 *
 * <p>Random draws, per table {@code t}: {@code SplitMix64.of(seed, t, 0)} gives the Gaussian rows (random type only),
 * then {@code SplitMix64.of(seed, t, 1)} gives, per function, {@code u_j = nextDouble()} then
 * {@code M_j = nextLong() | 1}.
 */
final class BinnedHash extends HashFamily {

    private final float[][][] rows;
    private final float[][] inverseNorm2;
    private final float[][] offsets;
    private final long[][] multipliers;
    private final float width;
    private final float[] state;
    private final int projections;

    /**
     * @param rows  per table its rows; all tables may share one array (PCA)
     * @param state what to persist
     */
    BinnedHash(HashSpec spec, int dims, InputTransform transform, float[][][] rows, float width, float[] state) {
        super(spec, dims, transform);
        this.rows = rows;
        this.width = width;
        this.state = state;
        this.projections = rows[0].length;
        int tables = spec.tables();
        this.inverseNorm2 = new float[tables][projections];
        this.offsets = new float[tables][projections];
        this.multipliers = new long[tables][projections];
        for (int t = 0; t < tables; t++) {
            SplitMix64 random = SplitMix64.of(spec.seed(), t, 1);
            for (int j = 0; j < projections; j++) {
                float norm2 = ExactDot.dot(rows[t][j], rows[t][j]);
                inverseNorm2[t][j] = norm2 > 0 ? 1f / norm2 : 0f;
                offsets[t][j] = (float) random.nextDouble();
                multipliers[t][j] = random.nextLong() | 1L;
            }
        }
    }

    /** Gaussian rows per table, drawn from the seed. */
    static float[][][] randomRows(HashSpec spec, int dims) {
        float[][][] rows = new float[spec.tables()][][];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = SignHash.gaussianRows(SplitMix64.of(spec.seed(), t, 0), spec.projections(), dims);
        }
        return rows;
    }

    /** The same rows for every table (PCA's components). */
    static float[][][] sharedRows(HashSpec spec, float[][] components) {
        float[][][] rows = new float[spec.tables()][][];
        java.util.Arrays.fill(rows, components);
        return rows;
    }

    int projectionCount() {
        return projections;
    }

    /** The same functions with another bin width (for fitting it). */
    BinnedHash withWidth(float newWidth, float[] newState) {
        return new BinnedHash(spec, dims, transform, rows, newWidth, newState);
    }

    /** {@code r_j·x} of every function of every table for an already transformed {@code x}, into {@code out[t][j]}. */
    void projections(float[] transformed, float[][] out) {
        for (int t = 0; t < rows.length; t++) {
            for (int j = 0; j < projections; j++) {
                out[t][j] = ExactDot.dot(rows[t][j], transformed);
            }
        }
    }

    /** The pre-key of table {@code t} for projections {@code m} at width {@code w}. */
    long preKey(int t, float[] m, float w) {
        long v = 0;
        for (int j = 0; j < projections; j++) {
            v += (long) Math.floor(m[j] / w + offsets[t][j]) * multipliers[t][j];
        }
        return v;
    }

    @Override
    int maxBits() {
        return 32;
    }

    @Override
    long ramBytesUsed() {
        return RamUsageEstimator.shallowSizeOf(this) + ArrayBytes.of(rows) + ArrayBytes.of(inverseNorm2) + ArrayBytes.of(offsets)
            + ArrayBytes.of(multipliers) + RamUsageEstimator.sizeOf(state) + transform.ramBytesUsed();
    }

    @Override
    float[] state() {
        return state.clone();
    }

    @Override
    Hasher newHasher() {
        return new BinHasher();
    }

    private final class BinHasher extends Hasher {
        private final float[] x = new float[dims];
        private final float[][] margins = new float[rows.length][projections];
        private final boolean[] computed = new boolean[rows.length];

        @Override
        void set(float[] vector) {
            transform.apply(vector, x);
            java.util.Arrays.fill(computed, false);
        }

        private float[] margins(int table) {
            float[] m = margins[table];
            if (computed[table] == false) {
                for (int j = 0; j < projections; j++) {
                    m[j] = ExactDot.dot(rows[table][j], x);
                }
                computed[table] = true;
            }
            return m;
        }

        @Override
        long home(int table, int bits) {
            return preKey(table, margins(table), width);
        }

        @Override
        void alternatives(int table, int bits, ProbeAlternatives out) {
            float[] m = margins(table);
            out.clear();
            for (int j = 0; j < projections; j++) {
                out.addFunction();
                double position = m[j] / width + offsets[table][j];
                float frac = (float) (position - Math.floor(position));
                float w2 = width * width * inverseNorm2[table][j];
                long mj = multipliers[table][j];
                out.offer(frac * frac * w2, -mj);
                out.offer((1 - frac) * (1 - frac) * w2, mj);
            }
            out.finish();
        }
    }
}
