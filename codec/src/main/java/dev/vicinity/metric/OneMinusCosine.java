package dev.vicinity.metric;

/**
 * Base of the metrics that are one minus a cosine: {@code cosine} itself and {@code correlation} (the cosine of the
 * mean-centred vectors). Their distances lie in {@code [0, 2]} and ignore vector length, so they are angular, and
 * they score like Lucene's {@code COSINE} similarity.
 */
abstract class OneMinusCosine implements Metric {

    /**
     * {@code 1 - distance / 2}, which is {@code (1 + cos) / 2}: Lucene's {@code COSINE} score. It is {@code 1} for
     * vectors pointing the same way and reaches {@code 0} only at distance {@code 2}, for opposite vectors, as in
     * Lucene.
     */
    @Override
    public final float score(float distance) {
        return 1f - distance / 2f;
    }

    @Override
    public final float distanceFromScore(float score) {
        return 2f * (1f - score);
    }

    @Override
    public final boolean isAngular() {
        return true;
    }

    /**
     * {@code 1 - dot / (|a| |b|)} from the dot product and the squared norms, clamped to {@code [0, 2]} against
     * rounding. A zero vector has no direction, so PyNNDescent's convention applies: {@code 0} when both norms are
     * zero (the vectors are equal) and {@code 1} (as for orthogonal vectors) when only one is.
     */
    static double distance(double dot, double squaredNormA, double squaredNormB) {
        if (squaredNormA == 0 || squaredNormB == 0) {
            return squaredNormA == squaredNormB ? 0 : 1;
        }
        // One root of the product, not a product of roots: sqrt(x * x) == x exactly, so equal vectors get exactly 0.
        // The product cannot leave the double range, its factors being sums of squares of floats.
        return fromCosine(dot / Math.sqrt(squaredNormA * squaredNormB));
    }

    /** {@code 1 - cos}, clamped to {@code [0, 2]} because a rounded cosine can stray slightly outside {@code [-1, 1]}. */
    static double fromCosine(double cos) {
        return Math.min(2, Math.max(0, 1 - cos));
    }
}
