package dev.vicinity.codec;

import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.QueryDistance;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Squared euclidean distances for the nndescent walk, read back from Lucene's flat-vectors {@code EUCLIDEAN} scorer
 * instead of copying each vector to the heap. On memory-mapped segments that scorer's {@code bulkScore} computes four
 * distances at a time in place on the mapped memory with SIMD, which keeps several random vector reads in flight:
 * the walk is bound by memory latency, not arithmetic.
 *
 * <p>The scorer returns {@code 1 / (1 + squared)}; {@code 1 / score - 1} inverts it. That costs a few ulps of
 * relative precision and, for squared distances far below 1, absolute resolution around {@code 1e-7}: the walk may
 * see two nearly tied neighbours as tied. Hits are rescored with the metric's own formula afterwards, so reported
 * scores do not change. Only for metrics whose {@code fastDistance} is exactly the squared distance.
 */
final class EuclideanScorerDistance implements QueryDistance {

    private final RandomVectorScorer scorer;

    /** @param scorer the flat reader's scorer for the field and the query; see {@link #applies} */
    EuclideanScorerDistance(RandomVectorScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * Whether a flat scorer with {@code similarity} (a Vicinity field's placeholder, stored in its FieldInfo) has
     * scores that invert to {@code metric}'s fast distance: {@code EUCLIDEAN} and a metric ranking by the squared
     * euclidean distance.
     */
    static boolean applies(VectorSimilarityFunction similarity, Metric metric) {
        boolean squared = metric != null && (metric.name().equals("euclidean") || metric.name().equals("sqeuclidean"));
        return squared && similarity == VectorSimilarityFunction.EUCLIDEAN;
    }

    @Override
    public float fastDistance(int ord) {
        try {
            return toSquared(scorer.score(ord));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void fastDistances(int[] ords, int count, float[] into) {
        try {
            scorer.bulkScore(ords, into, count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < count; i++) {
            into[i] = toSquared(into[i]);
        }
    }

    /** Inverts {@code 1 / (1 + squared)}; a score of 0 (an overflowing sum) saturates like the metrics do. */
    static float toSquared(float score) {
        float squared = 1f / score - 1f;
        return squared < 0f ? 0f : Math.min(squared, Float.MAX_VALUE);
    }
}
