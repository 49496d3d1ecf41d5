package dev.vicinity.metric;

/**
 * A distance between two vectors of equal length, as Vicinity uses it everywhere: to build index structures,
 * to rank candidates and to report distances to users.
 *
 * <p>Smaller is closer for every metric, including {@code dot}, whose distance is the negated inner product.
 * Implementations are stateless and thread-safe; this package imports nothing from Lucene's index or store
 * packages, so metrics can be tested and benchmarked alone.
 *
 * <p>Two forms exist. {@link #distance} is the value users see (the number {@code max_distance} is compared with
 * and the one reported per hit). {@link #fastDistance} is an order-preserving surrogate that is cheaper to compute
 * (squared euclidean for euclidean, the p-th power sum for minkowski); index methods rank by it and convert only
 * the results through {@link #toDistance}. For metrics without a cheaper form both are the same.
 */
public interface Metric {

    /** The metric's name as written in a mapping, for example {@code "euclidean"}. */
    String name();

    /**
     * The permanent on-disk id of this metric. Ids are never reused or renumbered: segments written with an id
     * must read back the same metric forever (house rule 2: no {@code Enum.ordinal()} on disk).
     */
    int id();

    /** The metric's parameter written beside the id, or {@code Float.NaN} when the metric has none ({@code p} for minkowski). */
    default float parameter() {
        return Float.NaN;
    }

    /** The true distance between {@code a} and {@code b}. */
    float distance(float[] a, float[] b);

    /** An order-preserving surrogate of {@link #distance}: {@code fastDistance(a,b) < fastDistance(a,c)} iff the same holds for distance. */
    default float fastDistance(float[] a, float[] b) {
        return distance(a, b);
    }

    /** Converts a {@link #fastDistance} value into the true distance. */
    default float toDistance(float fastDistance) {
        return fastDistance;
    }

    /** Converts a true distance into the {@link #fastDistance} scale, so thresholds can be compared without conversion per candidate. */
    default float toFastDistance(float distance) {
        return distance;
    }

    /**
     * The relevance score Lucene and Elasticsearch rank hits by: non-negative, finite, and strictly decreasing in the
     * distance. The formula of each metric is documented in {@code docs/query.md}; the default is
     * {@code 1 / (1 + distance)} for metrics whose distance is never negative.
     */
    default float score(float distance) {
        return 1f / (1f + distance);
    }

    /** The inverse of {@link #score}: the distance a hit's score stands for. */
    default float distanceFromScore(float score) {
        return 1f / score - 1f;
    }

    /**
     * Whether index methods should split space by angle (random hyperplanes through the origin, PyNNDescent's
     * angular trees) rather than by position: true for metrics that ignore vector length.
     */
    default boolean isAngular() {
        return false;
    }

    /**
     * What {@link #fastDistance} computes, for the fast paths of index methods and codecs (in-place SIMD scoring,
     * build kernels, int8 quantization); {@link FastForm#OTHER} unless the metric declares a kernel form.
     */
    default FastForm fastForm() {
        return FastForm.OTHER;
    }
}
