package dev.vicinity.codec;

import dev.vicinity.ann.QueryDistance;
import dev.vicinity.metric.Metric;

import org.apache.lucene.index.FloatVectorValues;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one way a Vicinity field measures vectors against a query, shared by every path that scores hits (each
 * method's search, the exact search, the exact fallback Lucene runs through {@code FloatVectorValues#scorer}), so a
 * hit scores the same whichever path found it: {@code metric.score(metric.toDistance(fastDistance))}.
 *
 * <p>In place through Lucene's SIMD scorer for the metric's twin similarity where there is one
 * ({@link TwinScorerDistance}), otherwise by copying each vector to the heap and applying the metric.
 */
public final class QueryDistances {

    private QueryDistances() {}

    /**
     * The distances from {@code query} to the vectors of {@code values}, by ordinal.
     *
     * @param values the field's raw vectors as the flat reader returns them (off-heap, which lets Lucene's scorers
     *     work in place), a private copy: their buffer is reused
     */
    public static QueryDistance of(Metric metric, FloatVectorValues values, float[] query) throws IOException {
        QueryDistance twin = TwinScorerDistance.forQuery(metric, values, query);
        return twin != null ? twin : copying(metric, values, query);
    }

    /** The general distance: copies each vector to the heap and applies the metric. Works for every metric. */
    static QueryDistance copying(Metric metric, FloatVectorValues values, float[] query) {
        return ord -> {
            try {
                return metric.fastDistance(query, values.vectorValue(ord));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
