package dev.vicinity.metric;

import org.apache.lucene.util.VectorUtil;

/**
 * Euclidean (L2) distance. Ranked by the squared distance, which preserves order and saves the square root;
 * only reported distances take the root. SIMD through Lucene's {@link VectorUtil}.
 */
final class Euclidean implements Metric {

    static final Euclidean INSTANCE = new Euclidean();

    private Euclidean() {}

    @Override
    public String name() {
        return "euclidean";
    }

    @Override
    public int id() {
        return Metrics.EUCLIDEAN;
    }

    /**
     * The root of Lucene's float squared distance. Lucene asserts that sum is finite; beyond that (only with
     * assertions disabled) the root of the double-precision sum, which usually still fits a float.
     */
    @Override
    public float distance(float[] a, float[] b) {
        float squared = VectorUtil.squareDistance(a, b);
        if (Float.isFinite(squared)) {
            return (float) Math.sqrt(squared);
        }
        return Loops.saturate(Math.sqrt(Loops.squareDistance(a, b)));
    }

    @Override
    public float fastDistance(float[] a, float[] b) {
        return SquaredEuclidean.squareDistance(a, b);
    }

    @Override
    public float toDistance(float fastDistance) {
        return (float) Math.sqrt(fastDistance);
    }

    @Override
    public float toFastDistance(float distance) {
        return distance * distance;
    }

    @Override
    public FastForm fastForm() {
        return FastForm.SQUARED_EUCLIDEAN;
    }
}
