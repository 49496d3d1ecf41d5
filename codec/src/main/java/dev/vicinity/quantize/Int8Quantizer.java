package dev.vicinity.quantize;

import java.util.function.IntFunction;

import org.apache.lucene.util.VectorUtil;

import dev.vicinity.metric.Metric;

/**
 * Scalar quantization of vectors to one signed byte per dimension, for graph walks that only need to <i>rank</i>
 * candidates: a quarter of the bytes of float vectors, so four times fewer bytes fetched from memory per distance,
 * which is what bounds an approximate search on large vectors. The exact distances of the hits are computed again
 * from the float vectors, so quantization can cost recall but never changes a reported distance or score.
 *
 * <p>One scale for all dimensions (like Lucene's and Elasticsearch's int8 formats), so Lucene's SIMD integer
 * kernels apply unchanged. Three encodings, by metric:
 *
 * <ul>
 *   <li>{@link #EUCLIDEAN} (euclidean, sqeuclidean): {@code round((x - min) / step) - 128} with the smallest and
 *       largest component of the data, {@code step = (max - min) / 255}; offsets cancel in differences, so the
 *       squared distance is {@code step² · Σ(a - b)²}. Data whose values are integers spanning at most 256 values
 *       (MNIST pixels) is encoded losslessly. Query components outside the data's range are clamped to it.</li>
 *   <li>{@link #ANGULAR} (cosine): each vector is normalized first, then {@code round(x / step)} with
 *       {@code step = max|x| / 127} over the normalized data; {@code 1 - cos ≈ 1 - step² · Σ a·b}.</li>
 *   <li>{@link #DOT} (dot): {@code round(x / step)} with {@code step = max|x| / 127} over the raw data; a query is
 *       scaled by its own largest component, which changes no ranking; {@code -dot ≈ -step·step_q · Σ a·b}.</li>
 * </ul>
 *
 * Encoding ids are stored in segments and never renumbered.
 */
public final class Int8Quantizer {

    /** Encoding id: offset and scale, squared euclidean distances. */
    public static final int EUCLIDEAN = 1;
    /** Encoding id: normalized, symmetric scale, one minus the cosine. */
    public static final int ANGULAR = 2;
    /** Encoding id: symmetric scale, negated inner product. */
    public static final int DOT = 3;

    private final int encoding;
    private final float min;
    private final float step;

    /**
     * @param encoding one of {@link #EUCLIDEAN}, {@link #ANGULAR}, {@link #DOT}
     * @param min      the smallest component ({@link #EUCLIDEAN} only, otherwise 0)
     * @param step     the value of one quantization step, finite and positive
     */
    public Int8Quantizer(int encoding, float min, float step) {
        if (encoding < EUCLIDEAN || encoding > DOT) {
            throw new IllegalArgumentException("unknown int8 encoding [" + encoding + "]");
        }
        if (Float.isFinite(min) == false || Float.isFinite(step) == false || step <= 0) {
            throw new IllegalArgumentException("invalid int8 scale: min [" + min + "], step [" + step + "]");
        }
        this.encoding = encoding;
        this.min = encoding == EUCLIDEAN ? min : 0f;
        this.step = step;
    }

    /** The encoding for {@code metric}, or 0 when its distances cannot be computed on quantized vectors. */
    public static int encodingFor(Metric metric) {
        return switch (metric.fastForm()) {
            case SQUARED_EUCLIDEAN -> EUCLIDEAN;
            case ONE_MINUS_COSINE -> ANGULAR;
            case NEGATED_DOT -> DOT;
            case OTHER -> 0;
        };
    }

    /**
     * Fits the scale to {@code n} vectors, read one at a time through {@code vector} (which may reuse its array), or
     * returns {@code null} when the metric has no encoding.
     */
    public static Int8Quantizer fit(Metric metric, int n, IntFunction<float[]> vector) {
        int encoding = encodingFor(metric);
        if (encoding == 0) {
            return null;
        }
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY, maxAbs = 0f;
        for (int i = 0; i < n; i++) {
            float[] v = vector.apply(i);
            float scale = encoding == ANGULAR ? inverseNorm(v) : 1f;
            for (float x : v) {
                float y = x * scale;
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
                maxAbs = Math.max(maxAbs, Math.abs(y));
            }
        }
        if (encoding == EUCLIDEAN) {
            float step = (hi - lo) / 255f;
            return new Int8Quantizer(encoding, n == 0 ? 0f : lo, step > 0 && Float.isFinite(step) ? step : 1f);
        }
        float step = maxAbs / 127f;
        return new Int8Quantizer(encoding, 0f, step > 0 && Float.isFinite(step) ? step : 1f);
    }

    public int encoding() {
        return encoding;
    }

    public float min() {
        return min;
    }

    public float step() {
        return step;
    }

    /** Encodes a stored vector into {@code into}. */
    public void quantize(float[] v, byte[] into) {
        encode(v, into, encoding == EUCLIDEAN ? 1f : encoding == ANGULAR ? inverseNorm(v) / step : 1f / step);
    }

    /**
     * Encodes a query into {@code into} and returns the factor that turns the integer kernel's result into the
     * metric's fast distance scale (see {@link #fastDistance}).
     */
    public float quantizeQuery(float[] query, byte[] into) {
        switch (encoding) {
            case EUCLIDEAN -> {
                encode(query, into, 1f);
                return step * step;
            }
            case ANGULAR -> {
                encode(query, into, inverseNorm(query) / step);
                return step * step;
            }
            default -> {
                float maxAbs = 0f;
                for (float x : query) {
                    maxAbs = Math.max(maxAbs, Math.abs(x));
                }
                float queryStep = maxAbs > 0 && Float.isFinite(maxAbs) ? maxAbs / 127f : 1f;
                encode(query, into, 1f / queryStep);
                return step * queryStep;
            }
        }
    }

    /**
     * The approximate fast distance between an encoded query and an encoded vector.
     *
     * @param factor what {@link #quantizeQuery} returned for this query
     */
    public float fastDistance(byte[] query, byte[] vector, float factor) {
        return switch (encoding) {
            case EUCLIDEAN -> VectorUtil.squareDistance(query, vector) * factor;
            case ANGULAR -> Math.min(2f, Math.max(0f, 1f - VectorUtil.dotProduct(query, vector) * factor));
            default -> -VectorUtil.dotProduct(query, vector) * factor;
        };
    }

    /** {@link #EUCLIDEAN}: {@code round((x - min) / step) - 128}; otherwise {@code round(x · scale)}, both clamped. */
    private void encode(float[] v, byte[] into, float scale) {
        if (encoding == EUCLIDEAN) {
            for (int i = 0; i < v.length; i++) {
                float q = Math.round((v[i] - min) / step);
                into[i] = (byte) ((int) Math.max(0f, Math.min(255f, q)) - 128);
            }
        } else {
            for (int i = 0; i < v.length; i++) {
                float q = Math.round(v[i] * scale);
                into[i] = (byte) Math.max(-127f, Math.min(127f, q));
            }
        }
    }

    /** {@code 1 / ‖v‖} in double precision, or 0 for a zero vector (which then encodes as zeros). */
    private static float inverseNorm(float[] v) {
        double squared = 0;
        for (float x : v) {
            squared += (double) x * x;
        }
        return squared == 0 ? 0f : (float) (1 / Math.sqrt(squared));
    }
}
