package dev.vicinity.metric;

import org.apache.lucene.util.VectorUtil;

/**
 * Euclidean (L2) distance. Ranked by the squared distance, which preserves order and saves the square root;
 * only reported distances take the root.
 */
final class Euclidean implements Metric {

    @Override
    public String name() {
        return "euclidean";
    }

    @Override
    public int id() {
        return Metrics.EUCLIDEAN;
    }

    @Override
    public float distance(float[] a, float[] b) {
        return (float) Math.sqrt(VectorUtil.squareDistance(a, b));
    }

    @Override
    public float fastDistance(float[] a, float[] b) {
        return VectorUtil.squareDistance(a, b);
    }

    @Override
    public float toDistance(float fastDistance) {
        return (float) Math.sqrt(fastDistance);
    }

    @Override
    public float toFastDistance(float distance) {
        return distance * distance;
    }
}
