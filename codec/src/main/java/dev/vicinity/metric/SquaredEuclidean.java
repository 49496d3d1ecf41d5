package dev.vicinity.metric;

import org.apache.lucene.util.VectorUtil;

/** Squared euclidean distance, {@code sum((a_i - b_i)^2)}; SIMD through Lucene's {@link VectorUtil}. */
final class SquaredEuclidean implements Metric {

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
        return VectorUtil.squareDistance(a, b);
    }
}
