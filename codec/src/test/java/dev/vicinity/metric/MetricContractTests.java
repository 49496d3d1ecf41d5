package dev.vicinity.metric;

import static dev.vicinity.metric.MetricTestSupport.allMetrics;
import static dev.vicinity.metric.MetricTestSupport.describe;
import static dev.vicinity.metric.MetricTestSupport.randomDimension;
import static dev.vicinity.metric.MetricTestSupport.randomKind;
import static dev.vicinity.metric.MetricTestSupport.randomPair;
import static dev.vicinity.metric.MetricTestSupport.randomScale;
import static dev.vicinity.metric.MetricTestSupport.randomVector;
import static dev.vicinity.metric.MetricTestSupport.reference;
import static dev.vicinity.metric.MetricTestSupport.tolerance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.VectorUtil;

/**
 * The {@link Metric} contract beyond the distance itself: the fast form and its conversions, scores, symmetry,
 * angularity, and agreement with Lucene's own similarity scores.
 */
public class MetricContractTests extends LuceneTestCase {

    public void testFastDistancePreservesOrder() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(300);
            int compared = 0;
            for (int iteration = 0; iteration < iterations; iteration++) {
                int dimension = randomDimension(random());
                MetricTestSupport.Kind kind = randomKind(random());
                float scale = randomScale(random());
                float[] a = randomVector(random(), dimension, kind, scale);
                float[] b = randomVector(random(), dimension, kind, scale);
                float[] c = randomVector(random(), dimension, kind, scale);
                float ab = metric.distance(a, b);
                float ac = metric.distance(a, c);
                if (Math.abs(ab - ac) <= 1e-4 * Math.max(Math.abs(ab), Math.abs(ac)) + 1e-6) {
                    continue; // a near tie: rounding may order either way
                }
                compared++;
                assertEquals(describe(metric) + ": distances " + ab + " and " + ac,
                    Float.compare(ab, ac), Float.compare(metric.fastDistance(a, b), metric.fastDistance(a, c)));
            }
            assertTrue(describe(metric) + " compared only " + compared, compared > iterations / 4);
        }
    }

    public void testFastDistanceConversions() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(200);
            for (int iteration = 0; iteration < iterations; iteration++) {
                float[][] pair = randomPair(random(), randomDimension(random()));
                float distance = metric.distance(pair[0], pair[1]);
                float fast = metric.fastDistance(pair[0], pair[1]);
                assertEquals(describe(metric), distance, metric.toDistance(fast), 1e-4 * Math.abs(distance) + 1e-6);
                assertEquals(describe(metric), fast, metric.toFastDistance(distance), 1e-4 * Math.abs(fast) + 1e-6);
            }
        }
    }

    /** The fast forms pinned: squares for euclidean, p-th powers for minkowski, the distance itself otherwise. */
    public void testFastDistanceForms() {
        float[] a = { 0, 0 };
        float[] b = { 3, 4 };
        assertEquals(25f, Metrics.byName("euclidean", Float.NaN).fastDistance(a, b), 1e-5f);
        assertEquals(5f, Metrics.byName("euclidean", Float.NaN).toDistance(25f), 1e-6f);
        assertEquals(25f, Metrics.byName("euclidean", Float.NaN).toFastDistance(5f), 1e-5f);
        assertEquals(91f, Metrics.byName("minkowski", 3f).fastDistance(a, b), 1e-4f); // 27 + 64
        assertEquals(3f, Metrics.byName("minkowski", 3f).toDistance(27f), 1e-6f);
        assertEquals(64f, Metrics.byName("minkowski", 3f).toFastDistance(4f), 1e-4f);
        assertEquals(7f, Metrics.byName("minkowski", 1f).fastDistance(a, b), 1e-6f);
        assertEquals(25f, Metrics.byName("minkowski", 2f).fastDistance(a, b), 1e-5f);
        for (String name : List.of("sqeuclidean", "cosine", "dot", "manhattan", "chebyshev", "hamming", "jaccard",
            "correlation", "canberra", "braycurtis")) {
            Metric metric = Metrics.byName(name, Float.NaN);
            assertEquals(name, metric.distance(a, b), metric.fastDistance(a, b), 0f);
            assertEquals(name, 0.75f, metric.toDistance(0.75f), 0f);
            assertEquals(name, 0.75f, metric.toFastDistance(0.75f), 0f);
        }
    }

    public void testScoreIsPositiveAndStrictlyDecreasing() {
        for (Metric metric : allMetrics(random())) {
            List<Float> distances = distancesToScore(metric);
            float previous = Float.POSITIVE_INFINITY;
            for (float distance : distances) {
                float score = metric.score(distance);
                String message = describe(metric) + " scores distance " + distance + " as " + score;
                assertTrue(message, Float.isFinite(score));
                assertTrue(message, score > 0);
                assertTrue(message + ", not below the score of the previous distance " + previous, score < previous);
                previous = score;
            }
        }
    }

    public void testScoreAtTheEndsOfTheRange() {
        for (Metric metric : allMetrics(random())) {
            assertEquals(describe(metric), 1f, metric.score(0), 0f);
        }
        // Opposite vectors score 0 under cosine and correlation, as under Lucene's COSINE.
        assertEquals(0f, Metrics.byName("cosine", Float.NaN).score(2), 0f);
        assertEquals(0f, Metrics.byName("correlation", Float.NaN).score(2), 0f);
        assertEquals(0.5f, Metrics.byName("cosine", Float.NaN).score(1), 0f); // orthogonal
        assertEquals(0.5f, Metrics.byName("euclidean", Float.NaN).score(1), 0f); // 1 / (1 + 1)
        assertEquals(3f, Metrics.byName("dot", Float.NaN).score(-2), 0f); // 1 - (-2)
        // The largest finite distance still scores positive (saturated braycurtis, say).
        assertTrue(Metrics.byName("braycurtis", Float.NaN).score(Float.MAX_VALUE) > 0);
        assertTrue(Metrics.byName("dot", Float.NaN).score(Float.MAX_VALUE) > 0);
        assertTrue(Float.isFinite(Metrics.byName("dot", Float.NaN).score(-Float.MAX_VALUE)));
    }

    public void testDistanceFromScoreInvertsScore() {
        for (Metric metric : allMetrics(random())) {
            for (float distance : distancesToScore(metric)) {
                float roundTrip = metric.distanceFromScore(metric.score(distance));
                assertEquals(describe(metric) + " at " + distance, distance, roundTrip, 1e-4 * Math.abs(distance) + 1e-6);
            }
        }
    }

    public void testSymmetry() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(200);
            for (int iteration = 0; iteration < iterations; iteration++) {
                float[][] pair = randomPair(random(), randomDimension(random()));
                float ab = metric.distance(pair[0], pair[1]);
                float ba = metric.distance(pair[1], pair[0]);
                double expected = reference(metric, pair[0], pair[1]);
                assertEquals(describe(metric), ab, ba, tolerance(metric, pair[0], pair[1], expected));
                assertEquals(describe(metric), metric.fastDistance(pair[0], pair[1]), metric.fastDistance(pair[1], pair[0]),
                    1e-4 * Math.abs(metric.fastDistance(pair[0], pair[1])) + 1e-6);
            }
        }
    }

    public void testAngular() {
        Set<String> angular = Set.of("cosine", "jaccard", "correlation");
        for (Metric metric : allMetrics(random())) {
            assertEquals(describe(metric), angular.contains(metric.name()), metric.isAngular());
        }
    }

    /** Each declared kernel form computes the metric's fast distance; the forms are what fast paths rely on. */
    public void testFastFormComputesTheFastDistance() {
        int withKernel = 0;
        for (Metric metric : allMetrics(random())) {
            FastForm form = metric.fastForm();
            if (form.hasKernel() == false) {
                continue;
            }
            withKernel++;
            for (int iteration = 0; iteration < atLeast(100); iteration++) {
                float[][] pair = randomPair(random(), randomDimension(random()));
                float[] a = pair[0], b = pair[1];
                double expected = switch (form) {
                    case SQUARED_EUCLIDEAN -> VectorUtil.squareDistance(a, b);
                    case NEGATED_DOT -> -VectorUtil.dotProduct(a, b);
                    case ONE_MINUS_COSINE -> VectorUtil.isZeroVector(a) || VectorUtil.isZeroVector(b)
                        ? metric.fastDistance(a, b) // a zero vector has no direction: the metric's convention, checked elsewhere
                        : 1 - VectorUtil.dotProduct(a, b) / Math.sqrt((double) VectorUtil.dotProduct(a, a) * VectorUtil.dotProduct(b, b));
                    case OTHER -> throw new AssertionError();
                };
                float fast = metric.fastDistance(a, b);
                assertEquals(describe(metric) + " " + form, expected, fast, 1e-4 * Math.abs(expected) + 1e-5);
            }
        }
        assertEquals("euclidean, sqeuclidean, cosine and dot declare kernel forms", 4, withKernel);
    }

    public void testParameter() {
        for (Metric metric : allMetrics(random())) {
            assertEquals(describe(metric), metric.name().equals("minkowski"), Float.isNaN(metric.parameter()) == false);
        }
        assertEquals(2.5f, Metrics.byName("minkowski", 2.5f).parameter(), 0f);
    }

    // ---------------------------------------------------------------- agreement with Lucene

    public void testDotScoreIsLuceneMaximumInnerProduct() {
        Metric dot = Metrics.byName("dot", Float.NaN);
        int iterations = atLeast(500);
        for (int iteration = 0; iteration < iterations; iteration++) {
            float[][] pair = randomPair(random(), randomDimension(random()));
            float expected = VectorUtil.scaleMaxInnerProductScore(VectorUtil.dotProduct(pair[0], pair[1]));
            float score = dot.score(dot.distance(pair[0], pair[1]));
            assertEquals(expected, score, 0f);
            assertEquals(VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT.compare(pair[0], pair[1]), score, 0f);
        }
    }

    public void testCosineScoreIsLuceneCosine() {
        Metric cosine = Metrics.byName("cosine", Float.NaN);
        int iterations = atLeast(500);
        for (int iteration = 0; iteration < iterations; iteration++) {
            float[][] pair = randomPair(random(), randomDimension(random()));
            if (VectorUtil.isZeroVector(pair[0]) || VectorUtil.isZeroVector(pair[1])) {
                continue; // Lucene has no cosine for zero vectors
            }
            float expected = VectorSimilarityFunction.COSINE.compare(pair[0], pair[1]);
            assertEquals(expected, cosine.score(cosine.distance(pair[0], pair[1])), 1e-6f);
        }
    }

    public void testSquaredEuclideanScoreIsLuceneEuclidean() {
        Metric sqeuclidean = Metrics.byName("sqeuclidean", Float.NaN);
        int iterations = atLeast(500);
        for (int iteration = 0; iteration < iterations; iteration++) {
            float[][] pair = randomPair(random(), randomDimension(random()));
            float expected = VectorSimilarityFunction.EUCLIDEAN.compare(pair[0], pair[1]);
            assertEquals(expected, sqeuclidean.score(sqeuclidean.distance(pair[0], pair[1])), 0f);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Increasing distances to score, each at least 1.5 times (or 0.1 beyond) the previous so float rounding cannot
     * tie them: {@code [0, 2)} for the one-minus-cosine metrics, negative ones too for dot, up to 1e30 otherwise.
     */
    private static List<Float> distancesToScore(Metric metric) {
        List<Float> distances = new ArrayList<>();
        if (metric instanceof OneMinusCosine) {
            for (float d = 0; d < 1.95f; d += 0.1f + 0.1f * random().nextFloat()) {
                distances.add(d);
            }
            distances.add(Math.nextDown(2f) - 1e-5f);
            return distances;
        }
        if (metric.name().equals("dot")) {
            for (float d = -1e30f; d < -1e-6f; d /= 1.5f + random().nextFloat()) {
                distances.add(d);
            }
        }
        distances.add(0f);
        for (float d = 1e-6f; d < 1e30f; d *= 1.5f + random().nextFloat()) {
            distances.add(d);
        }
        return distances;
    }
}
