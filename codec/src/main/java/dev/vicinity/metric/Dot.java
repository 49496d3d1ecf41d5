package dev.vicinity.metric;

import org.apache.lucene.util.VectorUtil;

/**
 * Inner product as a distance: {@code -dot(a, b)}, so that smaller is closer as for every metric. It is the only
 * metric whose distance can be negative (whenever the inner product is positive). SIMD through Lucene's
 * {@link VectorUtil#dotProduct}; Lucene asserts the float sum is finite, and beyond that (only with assertions
 * disabled) an overflowing sum is recomputed in double and saturated at {@code ±Float.MAX_VALUE}.
 *
 * <p>Not angular, although PyNNDescent splits by angle for {@code dot}: PyNNDescent normalises the data for that
 * metric, which turns it into cosine. Vicinity keeps vectors as given (maximum inner product search), where a
 * longer vector scores higher than a shorter one in the same direction, so length matters and space is split by
 * position.
 */
final class Dot implements Metric {

    static final Dot INSTANCE = new Dot();

    private Dot() {}

    @Override
    public String name() {
        return "dot";
    }

    @Override
    public int id() {
        return Metrics.DOT;
    }

    @Override
    public float distance(float[] a, float[] b) {
        float dot = VectorUtil.dotProduct(a, b);
        if (Float.isFinite(dot) == false) {
            dot = Loops.saturate(Loops.dotProduct(a, b));
        }
        return -dot;
    }

    /**
     * {@code 1 - distance} for negative distances (positive inner products) and {@code 1 / (1 + distance)}
     * otherwise: exactly Lucene's {@code MAXIMUM_INNER_PRODUCT} score, {@code VectorUtil.scaleMaxInnerProductScore}
     * of the inner product. Both branches give {@code 1} at distance {@code 0}.
     */
    @Override
    public float score(float distance) {
        return distance < 0 ? 1f - distance : 1f / (1f + distance);
    }

    @Override
    public float distanceFromScore(float score) {
        return score > 1 ? 1f - score : 1f / score - 1f;
    }

    @Override
    public FastForm fastForm() {
        return FastForm.NEGATED_DOT;
    }
}
