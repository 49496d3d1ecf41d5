package dev.vicinity.codec;

import dev.vicinity.metric.Metric;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;

/**
 * Scores vectors by ordinal against one query with a Vicinity metric: {@code metric.score(metric.distance(query,
 * vector))}. This single formula is what the codec's own search and Lucene's exact fallback (through
 * {@link MetricFloatVectorValues#scorer}) both use, so a hit scores the same whichever path found it.
 */
final class MetricVectorScorer extends RandomVectorScorer.AbstractRandomVectorScorer {

    private final FloatVectorValues values;
    private final Metric metric;
    private final float[] query;

    /**
     * @param values vectors this scorer owns: {@code vectorValue} reuses a buffer, so callers pass a private copy
     */
    MetricVectorScorer(FloatVectorValues values, Metric metric, float[] query) {
        super(values);
        checkDimensions(values.dimension(), query.length);
        this.values = values;
        this.metric = metric;
        this.query = query;
    }

    @Override
    public float score(int ord) throws IOException {
        return metric.score(metric.distance(query, values.vectorValue(ord)));
    }

    static void checkDimensions(int fieldDims, int queryDims) {
        if (fieldDims != queryDims) {
            throw new IllegalArgumentException("the field has [" + fieldDims + "] dims but the query vector has [" + queryDims + "]");
        }
    }
}
