package dev.vicinity.quantize;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.tests.util.LuceneTestCase;

public class Int8QuantizerTests extends LuceneTestCase {

    private static float[][] gaussian(int n, int dims, float scale, float shift) {
        float[][] v = new float[n][dims];
        for (float[] row : v) {
            for (int i = 0; i < dims; i++) {
                row[i] = (float) random().nextGaussian() * scale + shift;
            }
        }
        return v;
    }

    private static Int8Quantizer fit(String metric, float[][] data) {
        return Int8Quantizer.fit(Metrics.byName(metric, Float.NaN), data.length, i -> data[i]);
    }

    public void testMetricsWithoutAnEncodingAreNotQuantized() {
        for (String name : new String[] { "manhattan", "chebyshev", "correlation", "canberra", "braycurtis", "hamming", "jaccard" }) {
            assertNull(name, fit(name, gaussian(10, 4, 1, 0)));
        }
        assertNull(Int8Quantizer.fit(Metrics.byName("minkowski", 3f), 1, i -> new float[] { 1f }));
    }

    public void testIntegerDataSpanningAByteIsLossless() {
        int dims = 1 + random().nextInt(100);
        int lo = random().nextInt(1000) - 500;
        float[][] data = new float[50][dims];
        for (float[] row : data) {
            for (int i = 0; i < dims; i++) {
                row[i] = lo + random().nextInt(256);
            }
        }
        data[0][0] = lo; // the range is exactly 255 wide
        data[1][0] = lo + 255;
        for (String name : new String[] { "euclidean", "sqeuclidean" }) {
            Metric metric = Metrics.byName(name, Float.NaN);
            Int8Quantizer quantizer = fit(name, data);
            byte[] a = new byte[dims], b = new byte[dims];
            for (int i = 0; i < data.length; i++) {
                float factor = quantizer.quantizeQuery(data[i], a);
                int j = random().nextInt(data.length);
                quantizer.quantize(data[j], b);
                assertEquals(name, metric.fastDistance(data[i], data[j]), quantizer.fastDistance(a, b, factor), 0f);
            }
        }
    }

    /** Each component is off by at most half a step, which bounds the error of every encoding. */
    public void testApproximationErrorIsWithinHalfAStepPerComponent() {
        int dims = 2 + random().nextInt(200);
        float[][] data = gaussian(200, dims, 1 + random().nextFloat() * 100, random().nextFloat() * 10);
        for (String name : new String[] { "euclidean", "sqeuclidean", "cosine", "dot" }) {
            Metric metric = Metrics.byName(name, Float.NaN);
            Int8Quantizer quantizer = fit(name, data);
            byte[] q = new byte[dims], x = new byte[dims];
            for (int t = 0; t < 100; t++) {
                float[] query = data[random().nextInt(data.length)];
                float[] other = data[random().nextInt(data.length)];
                float factor = quantizer.quantizeQuery(query, q);
                quantizer.quantize(other, x);
                float approx = quantizer.fastDistance(q, x, factor);
                float exact = metric.fastDistance(query, other);
                assertEquals(name, exact, approx, errorBound(name, quantizer, query, other));
            }
        }
    }

    /** A generous bound from half a step per component (plus float rounding), per encoding. */
    private static double errorBound(String name, Int8Quantizer quantizer, float[] a, float[] b) {
        double half = quantizer.step() / 2;
        double normA = 0, normB = 0, diff = 0, maxA = 0;
        for (int i = 0; i < a.length; i++) {
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
            diff += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            maxA = Math.max(maxA, Math.abs(a[i]));
        }
        double dims = a.length;
        return switch (name) {
            // |a-b| changes by at most sqrt(dims)·2·half; squared: 2·|a-b|·e + e²
            case "euclidean", "sqeuclidean" -> {
                double e = Math.sqrt(dims) * 2 * half;
                yield 2 * Math.sqrt(diff) * e + e * e + 1e-3 * diff;
            }
            // on unit vectors each component moves by at most half a step: |Δdot| <= 2·sqrt(dims)·half + dims·half²
            case "cosine" -> 2 * Math.sqrt(dims) * half + dims * half * half + 1e-5;
            // the query has its own step maxA/127
            default -> {
                double halfQ = maxA / 127 / 2;
                yield Math.sqrt(normA) * Math.sqrt(dims) * half + Math.sqrt(normB) * Math.sqrt(dims) * halfQ
                    + dims * half * halfQ + 1e-4 * Math.sqrt(normA * normB);
            }
        };
    }

    public void testQueriesOutsideTheDataRangeAreClampedNotWrapped() {
        float[][] data = { { 0f, 0f }, { 10f, 10f } };
        Int8Quantizer quantizer = fit("euclidean", data);
        byte[] q = new byte[2], x = new byte[2];
        float factor = quantizer.quantizeQuery(new float[] { 1000f, -1000f }, q);
        assertEquals(127, q[0]);
        assertEquals(-128, q[1]);
        quantizer.quantize(data[1], x);
        assertEquals(100f, quantizer.fastDistance(q, x, factor), 1e-3f); // (10,0) to (10,10)
    }

    public void testZeroAndConstantDataStillEncode() {
        float[][] zeros = { { 0f, 0f, 0f }, { 0f, 0f, 0f } };
        for (String name : new String[] { "euclidean", "cosine", "dot" }) {
            Int8Quantizer quantizer = fit(name, zeros);
            assertTrue(name, quantizer.step() > 0);
            byte[] q = new byte[3];
            float factor = quantizer.quantizeQuery(zeros[0], q);
            assertTrue(name, Float.isFinite(quantizer.fastDistance(q, q, factor)));
        }
    }

    public void testInvalidScalesAreRejected() {
        expectThrows(IllegalArgumentException.class, () -> new Int8Quantizer(0, 0f, 1f));
        expectThrows(IllegalArgumentException.class, () -> new Int8Quantizer(4, 0f, 1f));
        expectThrows(IllegalArgumentException.class, () -> new Int8Quantizer(Int8Quantizer.EUCLIDEAN, 0f, 0f));
        expectThrows(IllegalArgumentException.class, () -> new Int8Quantizer(Int8Quantizer.ANGULAR, 0f, Float.NaN));
        expectThrows(IllegalArgumentException.class, () -> new Int8Quantizer(Int8Quantizer.DOT, Float.POSITIVE_INFINITY, 1f));
    }
}
