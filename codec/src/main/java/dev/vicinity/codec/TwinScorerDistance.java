package dev.vicinity.codec;

import dev.vicinity.ann.QueryDistance;

import dev.vicinity.metric.Metric;

import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Distances for the nndescent walk, read back from Lucene's flat-vectors scorer for the metric's "twin" similarity
 * instead of copying each vector to the heap and measuring it with the metric. On memory-mapped segments that
 * scorer's {@code bulkScore} computes four scores at a time in place on the mapped memory with SIMD, which keeps
 * several random vector reads in flight: the walk is bound by memory latency, not arithmetic. For cosine it also
 * saves the copying path's three passes and zero-vector checks per vector. On other directories (or without the
 * incubating vector module) Lucene's scorer copies the vectors itself, which is still correct.
 *
 * <p>A twin is a Lucene similarity whose score is a monotone function of the metric's fast distance, so that the
 * score inverts to it. With Lucene 10.5.1's formulas ({@code VectorSimilarityFunction}, {@code VectorUtil} and the
 * memory-segment scorers, which apply the same normalisation to their bulk results):
 * <ul>
 *   <li>{@code euclidean}, {@code sqeuclidean}: {@code EUCLIDEAN}, {@code 1 / (1 + squared)}; see {@link #toSquared}.
 *   <li>{@code cosine}: {@code COSINE}, {@code max((1 + cos) / 2, 0)}; see {@link #toOneMinusCosine}.
 *   <li>{@code dot}: {@code MAXIMUM_INNER_PRODUCT}, {@code 1 + dot} for {@code dot >= 0} and {@code 1 / (1 - dot)}
 *   below; see {@link #toNegatedDot}.
 * </ul>
 * Other metrics have no twin and keep the copying distance, and so does a zero query under cosine: Lucene's cosine
 * of the zero vector is NaN, while the metric puts it at distance 1 from every non-zero vector.
 *
 * <p>Precision: Lucene sums in another order than the metric, and each inversion costs a few ulps of relative
 * precision. Where the score is near 1 (squared distances far below 1, cosines near 1, inner products near 0) the
 * inversion keeps only about {@code 1e-7} of absolute resolution, which is most of the value for near-duplicates
 * (a squared distance of {@code 1e-7} reads back as 0 or {@code 2e-7}). Those are measured again with the metric on a
 * copy of the vector: every converted fast distance whose magnitude is below {@value #PRECISE_BELOW}, which keeps the
 * relative error of every distance this returns under about {@code 3e-6}, so near-duplicates rank and score as the
 * metric says. Such candidates are rare outside duplicate-heavy data; where they are common they cost one copy each.
 */
final class TwinScorerDistance implements QueryDistance {

    /** Fast distances of smaller magnitude are measured again with the metric; see the class documentation. */
    static final float PRECISE_BELOW = 0.05f;

    private final RandomVectorScorer scorer;
    private final VectorSimilarityFunction twin;
    private final Metric metric;
    private final FloatVectorValues values;
    private final float[] query;
    /** A copy of the values for re-measuring near-duplicates, made when the first one is met. */
    private FloatVectorValues exactValues;

    private TwinScorerDistance(RandomVectorScorer scorer, VectorSimilarityFunction twin, Metric metric, FloatVectorValues values, float[] query) {
        this.scorer = scorer;
        this.twin = twin;
        this.metric = metric;
        this.values = values;
        this.query = query;
    }

    /**
     * The in-place distances from {@code query}, or {@code null} where the copying distance must serve: a metric
     * without a twin, or a zero query under cosine.
     *
     * @param values the field's raw vectors as the flat reader returns them (off-heap, which is what lets Lucene's
     *               scorer work in place), a private copy
     */
    static TwinScorerDistance forQuery(Metric metric, FloatVectorValues values, float[] query) throws IOException {
        VectorSimilarityFunction twin = TwinSimilarity.of(metric);
        if (twin == null || (twin == VectorSimilarityFunction.COSINE && VectorUtil.isZeroVector(query))) {
            return null;
        }
        RandomVectorScorer scorer = FlatVectorScorerUtil.getLucene99FlatVectorsScorer().getRandomVectorScorer(twin, values, query);
        return new TwinScorerDistance(scorer, twin, metric, values, query);
    }

    /** Lucene's scorer copies the vector for a single score; the walk asks one at a time only for its entry points. */
    @Override
    public float fastDistance(int ord) {
        try {
            return precise(ord, toFastDistance(twin, scorer.score(ord)));
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
        try {
            for (int i = 0; i < count; i++) {
                into[i] = precise(ords[i], toFastDistance(twin, into[i]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code fast}, or the metric's own fast distance where {@code fast} is too small to trust (see above). */
    private float precise(int ord, float fast) throws IOException {
        if (Math.abs(fast) >= PRECISE_BELOW) {
            return fast;
        }
        if (exactValues == null) {
            exactValues = values.copy(); // the scorer may be reading through values' own buffer
        }
        return metric.fastDistance(query, exactValues.vectorValue(ord));
    }

    /** The metric's fast distance that a score of {@code twin} stands for. */
    static float toFastDistance(VectorSimilarityFunction twin, float score) {
        return switch (twin) {
            case EUCLIDEAN -> toSquared(score);
            case COSINE -> toOneMinusCosine(score);
            case MAXIMUM_INNER_PRODUCT -> toNegatedDot(score);
            case DOT_PRODUCT -> throw new AssertionError("DOT_PRODUCT is no metric's twin");
        };
    }

    /**
     * Inverts {@code 1 / (1 + squared)} with {@code 1 / score - 1}. That costs a few ulps of relative precision and,
     * for squared distances far below 1, absolute resolution around {@code 1e-7}. A score of 0 (an overflowing sum)
     * saturates like the metrics do.
     */
    static float toSquared(float score) {
        float squared = 1f / score - 1f;
        return squared < 0f ? 0f : Math.min(squared, Float.MAX_VALUE);
    }

    /**
     * Inverts {@code max((1 + cos) / 2, 0)} to {@code 1 - cos} with {@code 2 - 2 score} (the formula of the metric's
     * {@code distanceFromScore}), clamped to {@code [0, 2]} as the metric clamps a rounded cosine. Exact but for the
     * rounding of {@code 1 + cos}: absolute resolution about {@code 1e-7}. Lucene's NaN for a zero stored vector
     * (mappings reject those; the codec alone does not) becomes 1, the metric's distance between a zero and a non-zero
     * vector.
     */
    static float toOneMinusCosine(float score) {
        if (Float.isNaN(score)) {
            return 1f;
        }
        return Math.min(2f, Math.max(0f, 2f - 2f * score));
    }

    /**
     * Inverts Lucene's scaled inner product to {@code -dot}: {@code 1 - score} above 1 and {@code 1 / score - 1}
     * otherwise, the metric's {@code distanceFromScore}. Absolute resolution about {@code 1e-7} for inner products
     * near 0, a few ulps relative elsewhere; an overflowing sum saturates at {@code ±Float.MAX_VALUE} like the metric.
     */
    static float toNegatedDot(float score) {
        float negated = score > 1f ? 1f - score : 1f / score - 1f;
        return Math.max(-Float.MAX_VALUE, Math.min(negated, Float.MAX_VALUE));
    }
}
