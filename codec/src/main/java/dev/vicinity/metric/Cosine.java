package dev.vicinity.metric;

import org.apache.lucene.util.VectorUtil;

/**
 * Cosine distance, {@code 1 - cos(a, b)}, in {@code [0, 2]}; SIMD through Lucene's {@link VectorUtil#cosine}.
 *
 * <p>A zero vector has no angle: its distance to any non-zero vector is {@code 1} and to another zero vector
 * {@code 0} (PyNNDescent's convention; see {@link OneMinusCosine#distance}). Mappings reject zero vectors for this
 * metric, so that is only a guard. Lucene asserts its result is finite, which holds while the squared norms neither
 * overflow nor underflow a float; beyond that (only with assertions disabled) a non-finite result falls back to a
 * double-precision loop.
 */
final class Cosine extends OneMinusCosine {

    static final Cosine INSTANCE = new Cosine();

    private Cosine() {}

    @Override
    public String name() {
        return "cosine";
    }

    @Override
    public int id() {
        return Metrics.COSINE;
    }

    @Override
    public float distance(float[] a, float[] b) {
        if (VectorUtil.isZeroVector(a) || VectorUtil.isZeroVector(b)) {
            return (float) Loops.cosineDistance(a, b);
        }
        float cos = VectorUtil.cosine(a, b);
        if (Float.isFinite(cos) == false) {
            return (float) Loops.cosineDistance(a, b);
        }
        return (float) fromCosine(cos);
    }

    @Override
    public FastForm fastForm() {
        return FastForm.ONE_MINUS_COSINE;
    }
}
