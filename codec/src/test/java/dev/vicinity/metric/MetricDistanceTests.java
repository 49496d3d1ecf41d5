package dev.vicinity.metric;

import static dev.vicinity.metric.MetricTestSupport.allMetrics;
import static dev.vicinity.metric.MetricTestSupport.describe;
import static dev.vicinity.metric.MetricTestSupport.randomDimension;
import static dev.vicinity.metric.MetricTestSupport.randomPair;
import static dev.vicinity.metric.MetricTestSupport.reference;
import static dev.vicinity.metric.MetricTestSupport.tolerance;

import java.util.Arrays;
import java.util.Set;
import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * Every metric's {@link Metric#distance} against the double-precision reference in {@link MetricTestSupport}, on
 * random data and on edge cases, plus hand-computed values pinned per metric.
 */
public class MetricDistanceTests extends LuceneTestCase {

    /** Metrics computed by plain double-precision loops: they must stay finite up to {@code Float.MAX_VALUE} inputs. */
    private static final Set<String> DOUBLE_PRECISION = Set.of(
        "manhattan", "chebyshev", "hamming", "jaccard", "correlation", "canberra", "braycurtis");

    // ---------------------------------------------------------------- against the reference

    public void testRandomVectorsMatchReference() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(200);
            for (int i = 0; i < iterations; i++) {
                float[][] pair = randomPair(random(), randomDimension(random()));
                assertMatchesReference(metric, pair[0], pair[1]);
            }
        }
    }

    public void testDimensionOne() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(50);
            for (int i = 0; i < iterations; i++) {
                float[][] pair = randomPair(random(), 1);
                assertMatchesReference(metric, pair[0], pair[1]);
            }
        }
        // [3] against [-1], by hand: the difference is 4, the sum 2, the product -3; both are non-zero (jaccard 0)
        // and constant (correlation 0), and point in opposite directions (cosine 2).
        float[] a = { 3 };
        float[] b = { -1 };
        assertDistance(4, "euclidean", a, b);
        assertDistance(16, "sqeuclidean", a, b);
        assertDistance(2, "cosine", a, b);
        assertDistance(3, "dot", a, b);
        assertDistance(4, "manhattan", a, b);
        assertDistance(4, "chebyshev", a, b);
        assertEquals(4f, Metrics.byName("minkowski", 3.5f).distance(a, b), 1e-5f);
        assertDistance(1, "hamming", a, b);
        assertDistance(0, "jaccard", a, b);
        assertDistance(0, "correlation", a, b);
        assertDistance(1, "canberra", a, b); // 4 / (3 + 1)
        assertDistance(2, "braycurtis", a, b); // 4 / |3 - 1|
    }

    public void testIdenticalVectorsAreAtDistanceZero() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(50);
            for (int i = 0; i < iterations; i++) {
                float[] a = randomPair(random(), randomDimension(random()))[0];
                float[] copy = a.clone();
                if (metric.name().equals("dot")) {
                    assertMatchesReference(metric, a, copy); // minus the squared norm
                } else {
                    assertEquals(describe(metric), 0f, metric.distance(a, copy), 1e-6f);
                }
            }
        }
    }

    public void testZeroVectors() {
        int dimension = randomDimension(random());
        float[] zero = new float[dimension];
        for (Metric metric : allMetrics(random())) {
            // Every metric, dot included, puts two zero vectors at distance 0.
            assertEquals(describe(metric), 0f, metric.distance(zero, new float[dimension]), 0f);
            float[] other = randomPair(random(), dimension)[0];
            other[random().nextInt(dimension)] = 1 + random().nextFloat(); // surely not all zero
            assertMatchesReference(metric, zero, other);
            assertMatchesReference(metric, other, zero);
        }
        // By hand, zero against x = [2, 0, -1]: no angle (cosine 1), constant against not constant (correlation 1),
        // 2 of 3 coordinates differ, the empty set against {0, 2} (jaccard 1), canberra 1 + 0 + 1, braycurtis 3 / 3.
        float[] zero3 = new float[3];
        float[] x = { 2, 0, -1 };
        assertDistance(1, "cosine", zero3, x);
        assertDistance(0, "dot", zero3, x);
        assertDistance(1, "correlation", zero3, x);
        assertDistance(2f / 3, "hamming", zero3, x);
        assertDistance(1, "jaccard", zero3, x);
        assertDistance(2, "canberra", zero3, x);
        assertDistance(1, "braycurtis", zero3, x);
    }

    public void testOneHotVectors() {
        int n = 2 + random().nextInt(299);
        int i = random().nextInt(n);
        int j = (i + 1 + random().nextInt(n - 1)) % n;
        float[] ei = oneHot(n, i);
        float[] ej = oneHot(n, j);
        for (Metric metric : allMetrics(random())) {
            assertMatchesReference(metric, ei, ej);
            assertEquals(describe(metric), metric.name().equals("dot") ? -1f : 0f, metric.distance(ei, oneHot(n, i)), 0f);
        }
        // By hand, e_i against e_j (i != j) in n dimensions: two coordinates differ by 1.
        assertDistance(Math.sqrt(2), "euclidean", ei, ej);
        assertDistance(2, "sqeuclidean", ei, ej);
        assertDistance(1, "cosine", ei, ej); // orthogonal
        assertDistance(0, "dot", ei, ej);
        assertDistance(2, "manhattan", ei, ej);
        assertDistance(1, "chebyshev", ei, ej);
        assertEquals(Math.pow(2, 1 / 3.0), Metrics.byName("minkowski", 3f).distance(ei, ej), 1e-6);
        assertDistance(2.0 / n, "hamming", ei, ej);
        assertDistance(1, "jaccard", ei, ej); // {i} and {j} share nothing
        // Centred, e_i - 1/n has squared norm (n-1)/n and dot -1/n with e_j - 1/n: pearson -1/(n-1).
        assertDistance(1 + 1.0 / (n - 1), "correlation", ei, ej);
        assertDistance(2, "canberra", ei, ej); // 1/1 + 1/1
        assertDistance(1, "braycurtis", ei, ej); // 2 / 2
    }

    public void testNegativeValues() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(50);
            for (int iteration = 0; iteration < iterations; iteration++) {
                int dimension = randomDimension(random());
                float[] a = new float[dimension];
                float[] b = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    a[i] = -100 * random().nextFloat();
                    b[i] = random().nextBoolean() ? -a[i] : -100 * random().nextFloat();
                }
                assertMatchesReference(metric, a, b);
            }
        }
    }

    /** Magnitudes around 1e18, small enough that Lucene's float sums stay finite (it asserts they do). */
    public void testLargeMagnitudes() {
        for (Metric metric : allMetrics(random())) {
            int iterations = atLeast(50);
            for (int iteration = 0; iteration < iterations; iteration++) {
                // (2e18)^2 * 64 < Float.MAX_VALUE; cosine's norms only need 1e36 * 300 < Float.MAX_VALUE.
                int dimension = 1 + random().nextInt(metric.name().equals("cosine") ? 300 : 64);
                float[] a = uniform(dimension, 1e18f);
                float[] b = uniform(dimension, 1e18f);
                float distance = metric.distance(a, b);
                assertTrue(describe(metric) + " gave " + distance, Float.isFinite(distance));
                assertMatchesReference(metric, a, b);
            }
        }
    }

    /** The double-precision metrics stay finite even for coordinates near {@code Float.MAX_VALUE}, saturating if they must. */
    public void testExtremeMagnitudes() {
        for (Metric metric : allMetrics(random())) {
            boolean doublePrecision = DOUBLE_PRECISION.contains(metric.name())
                || (metric.name().equals("minkowski") && metric.parameter() != 2f);
            if (doublePrecision == false) {
                continue;
            }
            int iterations = atLeast(50);
            for (int iteration = 0; iteration < iterations; iteration++) {
                int dimension = randomDimension(random());
                float[] a = uniform(dimension, Float.MAX_VALUE);
                float[] b = random().nextBoolean() ? uniform(dimension, Float.MAX_VALUE) : negated(a);
                float distance = metric.distance(a, b);
                assertTrue(describe(metric) + " gave " + distance, Float.isFinite(distance) && distance >= 0);
                double expected = Math.min(reference(metric, a, b), Float.MAX_VALUE);
                assertEquals(describe(metric), expected, distance, 1e-4 * expected + 1e-6);
            }
        }
    }

    /** The double-precision loops the SIMD metrics fall back to when float overflows (only reachable without assertions). */
    public void testDoublePrecisionFallbacks() {
        int iterations = atLeast(50);
        for (int iteration = 0; iteration < iterations; iteration++) {
            int dimension = randomDimension(random());
            float magnitude = random().nextBoolean() ? Float.MAX_VALUE : 1;
            float[] a = uniform(dimension, magnitude);
            float[] b = uniform(dimension, magnitude);
            double squared = reference("sqeuclidean", Double.NaN, a, b);
            assertEquals(squared, Loops.squareDistance(a, b), 1e-12 * squared);
            double dot = -reference("dot", Double.NaN, a, b);
            double absoluteProducts = 0;
            for (int i = 0; i < dimension; i++) {
                absoluteProducts += Math.abs((double) a[i] * b[i]);
            }
            assertEquals(dot, Loops.dotProduct(a, b), 1e-12 * absoluteProducts);
            assertEquals(reference("cosine", Double.NaN, a, b), Loops.cosineDistance(a, b), 1e-9);
            float[] tiny = uniform(dimension, 1e-30f); // its squared norm underflows a float
            assertEquals(reference("cosine", Double.NaN, tiny, b), Loops.cosineDistance(tiny, b), 1e-9);
        }
        assertEquals(Float.MAX_VALUE, Loops.saturate(1e300), 0f);
        assertEquals(-Float.MAX_VALUE, Loops.saturate(-1e300), 0f);
        assertEquals(Float.MAX_VALUE, Loops.saturate(Double.POSITIVE_INFINITY), 0f);
        assertEquals(1.5f, Loops.saturate(1.5), 0f);
        assertEquals(-0.25f, Loops.saturate(-0.25), 0f);
    }

    public void testDifferentDimensionsAreRejected() {
        float[] a = new float[3];
        float[] b = new float[4];
        for (Metric metric : allMetrics(random())) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> metric.distance(a, b));
            assertEquals(describe(metric), "vector dimensions differ: 3!=4", e.getMessage());
            expectThrows(IllegalArgumentException.class, () -> metric.fastDistance(b, a));
        }
    }

    // ---------------------------------------------------------------- pinned by hand

    /** One pair for every metric: {@code b - a = (3, 4, -5)}, so that {@code 3^3 + 4^3 + 5^3 = 6^3}. */
    public void testHandComputedPair() {
        float[] a = { 1, 2, 3 };
        float[] b = { 4, 6, -2 };
        assertDistance(Math.sqrt(50), "euclidean", a, b); // 9 + 16 + 25
        assertDistance(50, "sqeuclidean", a, b);
        // a.b = 4 + 12 - 6 = 10, |a|^2 = 14, |b|^2 = 16 + 36 + 4 = 56, |a||b| = sqrt(784) = 28: 1 - 10/28
        assertDistance(9.0 / 14, "cosine", a, b);
        assertDistance(-10, "dot", a, b);
        assertDistance(12, "manhattan", a, b);
        assertDistance(5, "chebyshev", a, b);
        Metric minkowski3 = Metrics.byName("minkowski", 3);
        assertEquals(6f, minkowski3.distance(a, b), 1e-5f); // cube root of 27 + 64 + 125 = 216
        assertEquals(216f, minkowski3.fastDistance(a, b), 1e-3f);
        assertEquals(12f, Metrics.byName("minkowski", 1).distance(a, b), 1e-5f);
        assertEquals((float) Math.sqrt(50), Metrics.byName("minkowski", 2).distance(a, b), 1e-5f);
        assertEquals(50f, Metrics.byName("minkowski", 2).fastDistance(a, b), 1e-5f);
        assertDistance(1, "hamming", a, b); // all three differ
        assertDistance(0, "jaccard", a, b); // all coordinates non-zero in both
        // Centred: a - 2 = (-1, 0, 1), b - 8/3 = (4/3, 10/3, -14/3); covariance -18/3 = -6, squared norms 2 and
        // 312/9 = 104/3; pearson -6 / sqrt(208/3) = -(3/2) sqrt(3/13).
        assertDistance(1 + 1.5 * Math.sqrt(3.0 / 13), "correlation", a, b);
        assertDistance(2.1, "canberra", a, b); // 3/5 + 4/8 + 5/5
        assertDistance(6.0 / 7, "braycurtis", a, b); // 12 / (5 + 8 + 1)
    }

    /** A sparse pair: a is non-zero at {0, 2}, b at {0, 3}. */
    public void testHandComputedSparsePair() {
        float[] a = { 1, 0, 2, 0, 0 };
        float[] b = { 3, 0, 0, 4, 0 };
        assertDistance(Math.sqrt(24), "euclidean", a, b); // 4 + 4 + 16
        assertDistance(1 - 3 / Math.sqrt(125), "cosine", a, b); // a.b = 3, |a|^2 = 5, |b|^2 = 25
        assertDistance(-3, "dot", a, b);
        assertDistance(8, "manhattan", a, b);
        assertDistance(4, "chebyshev", a, b);
        assertDistance(0.6, "hamming", a, b); // coordinates 0, 2 and 3 differ
        assertDistance(2.0 / 3, "jaccard", a, b); // union {0, 2, 3}, intersection {0}
        assertDistance(2.5, "canberra", a, b); // 2/4 + 0 (0/0) + 2/2 + 4/4 + 0 (0/0)
        assertDistance(0.8, "braycurtis", a, b); // (2 + 2 + 4) / (4 + 2 + 4)
    }

    public void testHandComputedCosine() {
        assertDistance(0.04, "cosine", new float[] { 3, 4 }, new float[] { 4, 3 }); // 1 - 24/25
        assertDistance(1, "cosine", new float[] { 1, 0 }, new float[] { 0, 1 });
        assertDistance(2, "cosine", new float[] { 1, 0 }, new float[] { -2, 0 });
        assertDistance(0, "cosine", new float[] { 1, 2 }, new float[] { 10, 20 }); // length is ignored
        assertDistance(1 - 1 / Math.sqrt(2), "cosine", new float[] { 1, 1 }, new float[] { 1, 0 });
        assertDistance(0, "cosine", new float[2], new float[2]);
        assertDistance(1, "cosine", new float[2], new float[] { 1, 2 });
    }

    public void testHandComputedDot() {
        assertDistance(-12, "dot", new float[] { 1, 2, 3 }, new float[] { 4, -5, 6 }); // 4 - 10 + 18
        assertDistance(3, "dot", new float[] { 1, 1 }, new float[] { -1, -2 });
        Metric dot = Metrics.byName("dot", Float.NaN);
        assertEquals(13f, dot.score(-12), 0f); // 1 - (-12)
        assertEquals(0.25f, dot.score(3), 0f); // 1 / (1 + 3)
        assertEquals(1f, dot.score(0), 0f);
    }

    public void testHandComputedMinkowski() {
        float[] origin = { 0, 0 };
        Metric p15 = Metrics.byName("minkowski", 1.5f);
        assertEquals(8f, p15.fastDistance(origin, new float[] { 4, 0 }), 1e-5f); // 4^1.5
        assertEquals(4f, p15.distance(origin, new float[] { 4, 0 }), 1e-5f);
        // (1 + 1)^(1/1.5) = 2^(2/3)
        assertEquals(Math.pow(2, 2 / 3.0), p15.distance(origin, new float[] { 1, -1 }), 1e-6);
        // A large order on large values: 1e30^50 overflows even a double, the distance is still 1e30 by scaling.
        Metric p50 = Metrics.byName("minkowski", 50);
        assertEquals(1e30f, p50.distance(origin, new float[] { 1e30f, 0 }), 1e24f);
        // (2 * 1e30^50)^(1/50) = 1e30 * 2^(1/50)
        assertEquals(1e30 * Math.pow(2, 1 / 50.0), p50.distance(origin, new float[] { 1e30f, -1e30f }), 1e25);
    }

    public void testHandComputedCorrelation() {
        float[] a = { 1, 2, 3 };
        assertDistance(0, "correlation", a, new float[] { 2, 4, 6 });
        assertDistance(0, "correlation", a, new float[] { 110, 120, 130 }); // offset and scale are ignored
        assertDistance(2, "correlation", a, new float[] { 3, 2, 1 });
        // Centred (-1, 0, 1) and (-1, 1, 0): covariance 1, squared norms 2 and 2, pearson 1/2.
        assertDistance(0.5, "correlation", a, new float[] { 1, 3, 2 });
        // Constant vectors have no variance: one constant gives 1, both constant 0.
        assertDistance(1, "correlation", new float[] { 5, 5, 5 }, a);
        assertDistance(1, "correlation", a, new float[] { 5, 5, 5 });
        assertDistance(0, "correlation", new float[] { 5, 5, 5 }, new float[] { -7, -7, -7 });
        assertDistance(0, "correlation", new float[] { 0.1f, 0.1f, 0.1f, 0.1f }, new float[4]);
    }

    public void testConstantVectorsForCorrelation() {
        Metric correlation = Metrics.byName("correlation", Float.NaN);
        int iterations = atLeast(50);
        for (int iteration = 0; iteration < iterations; iteration++) {
            int dimension = randomDimension(random());
            float[] constant = new float[dimension];
            Arrays.fill(constant, (float) random().nextGaussian() * 1000);
            float[] otherConstant = new float[dimension];
            Arrays.fill(otherConstant, (float) random().nextGaussian() * 1000);
            assertEquals(0f, correlation.distance(constant, otherConstant), 0f);
            float[] varying = randomPair(random(), dimension)[0];
            if (dimension > 1) {
                varying[0] = varying[1] + 1; // surely not constant
                assertEquals(1f, correlation.distance(constant, varying), 0f);
                assertEquals(1f, correlation.distance(varying, constant), 0f);
            }
        }
    }

    public void testHandComputedCanberra() {
        // 2/4 + 0 + 0 (0/0) + 2/2
        assertDistance(1.5, "canberra", new float[] { 1, 2, 0, -1 }, new float[] { 3, 2, 0, 1 });
        assertDistance(0, "canberra", new float[4], new float[4]);
        assertDistance(3, "canberra", new float[] { 1, -2, 0, 0 }, new float[] { 0, 0, 0, 5 }); // 1 + 1 + 0 + 1
    }

    public void testHandComputedBrayCurtis() {
        assertDistance(1.0 / 3, "braycurtis", new float[] { 1, 2, 3 }, new float[] { 3, 2, 1 }); // 4 / 12
        assertDistance(0, "braycurtis", new float[5], new float[5]); // 0 / 0: equal vectors
        // |a - b| sums to 4, |a + b| to 0: the ratio's limit, saturated.
        assertDistance(Float.MAX_VALUE, "braycurtis", new float[] { 1, -1 }, new float[] { -1, 1 });
        Metric braycurtis = Metrics.byName("braycurtis", Float.NaN);
        assertTrue(braycurtis.score(Float.MAX_VALUE) > 0);
    }

    public void testHandComputedJaccardAndHamming() {
        assertDistance(0, "jaccard", new float[4], new float[4]); // empty sets
        assertDistance(0, "jaccard", new float[] { 1, 0, 5 }, new float[] { 7, 0, -2 }); // values do not matter
        // {0, 1} and {1, 2}: union of 3, intersection of 1
        assertDistance(2.0 / 3, "jaccard", new float[] { 1, 1, 0, 0 }, new float[] { 0, 1, 1, 0 });
        assertDistance(0.25, "hamming", new float[] { 1, 2, 3, 4 }, new float[] { 1, 2, 3, 5 });
        assertDistance(0, "hamming", new float[] { 0f, 1 }, new float[] { -0f, 1 }); // 0.0 == -0.0
    }

    // ---------------------------------------------------------------- helpers

    private static void assertMatchesReference(Metric metric, float[] a, float[] b) {
        double expected = reference(metric, a, b);
        float actual = metric.distance(a, b);
        assertFalse(describe(metric) + " gave NaN", Float.isNaN(actual));
        assertEquals(describe(metric) + " on " + Arrays.toString(a) + " and " + Arrays.toString(b),
            expected, actual, tolerance(metric, a, b, expected));
    }

    private static void assertDistance(double expected, String name, float[] a, float[] b) {
        float actual = Metrics.byName(name, Float.NaN).distance(a, b);
        assertEquals(name + " on " + Arrays.toString(a) + " and " + Arrays.toString(b),
            expected, actual, 1e-6 * Math.max(1, Math.abs(expected)));
    }

    private static float[] oneHot(int dimension, int index) {
        float[] vector = new float[dimension];
        vector[index] = 1;
        return vector;
    }

    /** Uniform coordinates in {@code [-magnitude, magnitude)}. */
    private static float[] uniform(int dimension, float magnitude) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) ((2 * random().nextDouble() - 1) * magnitude);
        }
        return vector;
    }

    private static float[] negated(float[] vector) {
        float[] negated = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            negated[i] = -vector[i];
        }
        return negated;
    }
}
