package dev.vicinity.codec;

import dev.vicinity.metric.Metric;

import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * The Lucene similarity whose score is a monotone function of a metric's fast distance (its "twin"), found from the
 * metric's {@link dev.vicinity.metric.FastForm}: such a similarity ranks exactly like the metric, and its scores
 * invert to the metric's fast distance ({@link TwinScorerDistance}), so Lucene's SIMD scorers can serve the metric.
 */
public final class TwinSimilarity {

    private TwinSimilarity() {}

    /** The twin of {@code metric}, or {@code null} when its fast distance has no kernel form. */
    public static VectorSimilarityFunction of(Metric metric) {
        return switch (metric.fastForm()) {
            case SQUARED_EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
            case ONE_MINUS_COSINE -> VectorSimilarityFunction.COSINE;
            case NEGATED_DOT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            case OTHER -> null;
        };
    }
}
