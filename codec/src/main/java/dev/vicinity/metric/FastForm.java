package dev.vicinity.metric;

/**
 * What a metric's {@link Metric#fastDistance fast distance} is in terms of the few vector kernels that index methods
 * and codecs have fast paths for: SIMD scorers over memory-mapped vectors, one-against-four build kernels, int8
 * quantization. Code that wants such a path asks the metric for its form instead of switching on metric names, so a
 * new metric gets every fast path its form allows by declaring it, and loses none by being forgotten in a switch.
 */
public enum FastForm {
    /** {@code Σ (a_i - b_i)²}: {@code euclidean} (whose true distance is its root) and {@code sqeuclidean}. */
    SQUARED_EUCLIDEAN,
    /** {@code 1 - a·b / (|a| |b|)}: {@code cosine}. */
    ONE_MINUS_COSINE,
    /** {@code -a·b}: {@code dot}. */
    NEGATED_DOT,
    /** Anything else: only the metric itself computes it. */
    OTHER;

    /** Whether the form is a function of inner products and norms alone, so vector kernels and quantizers can compute it. */
    public boolean hasKernel() {
        return this != OTHER;
    }
}
