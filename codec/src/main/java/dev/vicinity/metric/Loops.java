package dev.vicinity.metric;

/**
 * What the metrics share below their formulas: the dimension check, saturation to the float range, and the
 * double-precision loops that back the SIMD metrics when float overflows.
 *
 * <p>Metrics that Lucene's {@code VectorUtil} does not cover run plain scalar loops and accumulate in
 * {@code double}: in a scalar loop that costs the same as {@code float}, it cannot overflow for finite float
 * inputs, and it keeps long sums accurate. Each metric writes its own loop rather than calling a shared loop with a
 * per-metric term, because such a shared call site sees every metric and the JIT would stop inlining the term.
 */
final class Loops {

    private Loops() {}

    /** Rejects vectors of different lengths with the same message as Lucene's {@code VectorUtil}. */
    static void checkSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector dimensions differ: " + a.length + "!=" + b.length);
        }
    }

    /**
     * Rounds a double-precision result to float, saturating at {@code ±Float.MAX_VALUE} instead of overflowing to
     * infinity: every metric reports a finite distance for finite inputs.
     */
    static float saturate(double value) {
        return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, value));
    }

    /** {@code sum((a_i - b_i)^2)} in double precision: the fallback when the SIMD float sum overflows. */
    static double squareDistance(float[] a, float[] b) {
        checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = (double) a[i] - b[i];
            sum += diff * diff;
        }
        return sum;
    }

    /** {@code sum(a_i * b_i)} in double precision: the fallback when the SIMD float sum overflows. */
    static double dotProduct(float[] a, float[] b) {
        checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /**
     * {@code 1 - cos(a, b)} in double precision, with the zero-vector conventions of {@link OneMinusCosine#distance}:
     * the fallback when the SIMD float norms overflow or underflow, and the path for zero vectors. Squares of floats
     * never leave the double range, so this needs no scaling.
     */
    static double cosineDistance(float[] a, float[] b) {
        checkSameLength(a, b);
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            dot += x * y;
            normA += x * x;
            normB += y * y;
        }
        return OneMinusCosine.distance(dot, normA, normB);
    }
}
