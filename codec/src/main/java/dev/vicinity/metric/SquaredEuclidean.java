package dev.vicinity.metric;

import org.apache.lucene.util.VectorUtil;

/**
 * Squared euclidean distance, {@code sum((a_i - b_i)^2)}; SIMD through Lucene's {@link VectorUtil}. Its default
 * score {@code 1 / (1 + distance)} is exactly Lucene's {@code EUCLIDEAN} similarity.
 */
final class SquaredEuclidean implements Metric {

    static final SquaredEuclidean INSTANCE = new SquaredEuclidean();

    private SquaredEuclidean() {}

    @Override
    public String name() {
        return "sqeuclidean";
    }

    @Override
    public int id() {
        return Metrics.SQEUCLIDEAN;
    }

    @Override
    public float distance(float[] a, float[] b) {
        return squareDistance(a, b);
    }

    /**
     * The squared distance, shared with {@code euclidean} and {@code minkowski} at {@code p = 2}. Lucene asserts
     * its float sum is finite; beyond that (only with assertions disabled) an overflowing sum is recomputed in
     * double and saturated at {@code Float.MAX_VALUE}.
     */
    static float squareDistance(float[] a, float[] b) {
        float squared = VectorUtil.squareDistance(a, b);
        return Float.isFinite(squared) ? squared : Loops.saturate(Loops.squareDistance(a, b));
    }

    @Override
    public FastForm fastForm() {
        return FastForm.SQUARED_EUCLIDEAN;
    }
}
