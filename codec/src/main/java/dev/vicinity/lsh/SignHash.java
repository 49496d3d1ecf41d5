package dev.vicinity.lsh;

import org.apache.lucene.util.RamUsageEstimator;

/**
 * Sign bits of projections (the {@code binary}, {@code tree} and {@code pca_binary} types): bit {@code j} of a table
 * is {@code 1} when {@code r_j·x > 0}, for the transformed {@code x}. The {@code r_j} are standard Gaussian rows
 * drawn from {@code SplitMix64.of(seed, table, 0)} row after row, or the principal components (one table). Flipping
 * bit {@code j} costs {@code (r_j·x)² / |r_j|²}, the squared distance to its hyperplane.
 */
final class SignHash extends HashFamily {

    private final float[][][] rows;
    private final float[][] inverseNorm2;
    private final float[] state;
    private final int bits;

    /** A random family: {@code projections} Gaussian rows per table. */
    static SignHash random(HashSpec spec, int dims, boolean normalize, float[] center) {
        float[][][] rows = new float[spec.tables()][][];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = gaussianRows(SplitMix64.of(spec.seed(), t, 0), spec.projections(), dims);
        }
        return new SignHash(spec, dims, new InputTransform(normalize, center), rows, center == null ? new float[0] : center.clone());
    }

    /** The principal-component family: one table whose rows are {@code components}, centred on {@code mean}. */
    static SignHash pca(HashSpec spec, int dims, boolean normalize, float[] mean, float[][] components) {
        return new SignHash(spec, dims, new InputTransform(normalize, mean), new float[][][] { components },
            PrincipalComponents.state(mean, components));
    }

    private SignHash(HashSpec spec, int dims, InputTransform transform, float[][][] rows, float[] state) {
        super(spec, dims, transform);
        this.rows = rows;
        this.state = state;
        this.bits = rows[0].length;
        this.inverseNorm2 = new float[rows.length][bits];
        for (int t = 0; t < rows.length; t++) {
            for (int j = 0; j < bits; j++) {
                float norm2 = ExactDot.dot(rows[t][j], rows[t][j]);
                inverseNorm2[t][j] = norm2 > 0 ? 1f / norm2 : 0f;
            }
        }
    }

    static float[][] gaussianRows(SplitMix64 random, int count, int dims) {
        float[][] rows = new float[count][dims];
        for (float[] row : rows) {
            for (int i = 0; i < dims; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return rows;
    }

    @Override
    int maxBits() {
        return bits;
    }

    @Override
    float[] state() {
        return state.clone();
    }

    @Override
    long ramBytesUsed() {
        return RamUsageEstimator.shallowSizeOf(this) + ArrayBytes.of(rows) + ArrayBytes.of(inverseNorm2) + RamUsageEstimator.sizeOf(state)
            + transform.ramBytesUsed();
    }

    @Override
    Hasher newHasher() {
        return new SignHasher();
    }

    private final class SignHasher extends Hasher {
        private final float[] x = new float[dims];
        private final float[][] margins = new float[rows.length][bits];
        private final int[] computed = new int[rows.length];

        @Override
        void set(float[] vector) {
            transform.apply(vector, x);
            java.util.Arrays.fill(computed, 0);
        }

        private float[] margins(int table, int upTo) {
            float[] m = margins[table];
            float[][] r = rows[table];
            for (int j = computed[table]; j < upTo; j++) {
                m[j] = ExactDot.dot(r[j], x);
            }
            computed[table] = Math.max(computed[table], upTo);
            return m;
        }

        @Override
        long home(int table, int resolution) {
            float[] m = margins(table, resolution);
            long v = 0;
            for (int j = 0; j < resolution; j++) {
                v = (v << 1) | (m[j] > 0 ? 1 : 0);
            }
            return v;
        }

        @Override
        void alternatives(int table, int resolution, ProbeAlternatives out) {
            float[] m = margins(table, resolution);
            out.clear();
            for (int j = 0; j < resolution; j++) {
                out.addFunction();
                long bit = 1L << (resolution - 1 - j);
                out.offer(m[j] * m[j] * inverseNorm2[table][j], m[j] > 0 ? -bit : bit);
            }
            out.finish();
        }
    }
}
