package dev.vicinity.codec;

import dev.vicinity.ann.QueryDistance;
import dev.vicinity.metric.Metric;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Scores vectors by ordinal against one query with a Vicinity metric: {@code metric.score(metric.toDistance(fast))}
 * with the fast distance from {@link QueryDistances}, the formula of every scoring path, so the codec's exact search,
 * the exact completion of an approximate search and Lucene's exact fallback (through
 * {@link MetricFloatVectorValues#scorer}) score a hit exactly as a method's search does. {@link #bulkScore} measures
 * a batch in one call, which keeps several vector reads in flight.
 */
final class MetricVectorScorer extends RandomVectorScorer.AbstractRandomVectorScorer {

    private final Metric metric;
    private final QueryDistance distance;
    private float[] fast = new float[0];

    /**
     * @param values vectors this scorer owns: {@code vectorValue} reuses a buffer, so callers pass a private copy
     */
    MetricVectorScorer(FloatVectorValues values, Metric metric, float[] query) throws IOException {
        this(values, metric, distance(values, metric, query));
    }

    /** @param distance distances from the query over {@code values}, which nothing else uses while this scorer does */
    MetricVectorScorer(FloatVectorValues values, Metric metric, QueryDistance distance) {
        super(values);
        this.metric = metric;
        this.distance = distance;
    }

    private static QueryDistance distance(FloatVectorValues values, Metric metric, float[] query) throws IOException {
        checkDimensions(values.dimension(), query.length);
        return QueryDistances.of(metric, values, query);
    }

    @Override
    public float score(int ord) throws IOException {
        try {
            return metric.score(metric.toDistance(distance.fastDistance(ord)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public float bulkScore(int[] ords, float[] scores, int count) throws IOException {
        if (fast.length < count) {
            fast = new float[count];
        }
        try {
            distance.fastDistances(ords, count, fast);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            scores[i] = metric.score(metric.toDistance(fast[i]));
            max = Math.max(max, scores[i]);
        }
        return max;
    }

    static void checkDimensions(int fieldDims, int queryDims) {
        if (fieldDims != queryDims) {
            throw new IllegalArgumentException("the field has [" + fieldDims + "] dims but the query vector has [" + queryDims + "]");
        }
    }
}
