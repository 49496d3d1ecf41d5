package dev.vicinity.nndescent;

import dev.vicinity.ann.VectorSource;

import org.apache.lucene.util.VectorUtil;

import dev.vicinity.kernel.FloatKernels;
import dev.vicinity.metric.Metric;

/**
 * Cosine distances ({@code 1 - cos}) between indexed points from one dot product each: the norms are computed once
 * per build, in one sequential pass, instead of in every distance. The build computes hundreds of millions of
 * distances between short vectors (GloVe: 50 dims), where {@code cosine(a, b)}'s three sums and its zero-vector
 * checks cost about twice a dot product.
 *
 * <p>Zero vectors follow the metric's convention: distance 0 between two zero vectors, 1 between a zero and a
 * non-zero vector. Results are clamped to {@code [0, 2]} like the metric's. They may differ from
 * {@code Cosine.fastDistance} in the last bits (another rounding order), which only matters for exact ties while
 * building; hits are always rescored with the metric.
 */
final class CosineOrdDistance implements OrdDistance {

    private final Metric cosine;
    private final LastVector a;
    private final FourSources b;
    private final FloatKernels kernels = FloatKernels.get();
    /** {@code 1 / ‖v‖}, or 0 for a zero vector. */
    private final float[] inverseNorms;

    /** @param cosine the cosine metric, for sums that overflow a float (its double-precision fallback) */
    CosineOrdDistance(Metric cosine, VectorSource a, VectorSource b) {
        this.cosine = cosine;
        this.a = new LastVector(a);
        this.b = new FourSources(b);
        this.inverseNorms = new float[a.size()];
        for (int i = 0; i < inverseNorms.length; i++) {
            float[] v = b.vector(i);
            double squared = 0; // in double: once per point, and it cannot overflow
            for (float x : v) {
                squared += (double) x * x;
            }
            inverseNorms[i] = squared == 0 ? 0f : (float) (1 / Math.sqrt(squared));
        }
    }

    @Override
    public float distance(int x, int y) {
        float[] xs = a.of(x);
        if (inverseNorms[x] == 0 || inverseNorms[y] == 0) {
            return fromDot(0f, x, y);
        }
        return fromDot(VectorUtil.dotProduct(xs, b.vector(0, y)), x, y);
    }

    @Override
    public void distances(int x, int[] ys, int count, float[] into) {
        float[] xs = a.of(x);
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            kernels.dotProduct4(xs, b.vector(0, ys[i]), b.vector(1, ys[i + 1]), b.vector(2, ys[i + 2]), b.vector(3, ys[i + 3]), into, i);
            for (int j = i; j < i + 4; j++) {
                into[j] = fromDot(into[j], x, ys[j]);
            }
        }
        for (; i < count; i++) {
            into[i] = distance(x, ys[i]);
        }
    }

    /** The distance from the dot product of x and y (ignored when either is a zero vector). */
    private float fromDot(float dot, int x, int y) {
        float inverseX = inverseNorms[x];
        float inverseY = inverseNorms[y];
        if (inverseX == 0 || inverseY == 0) {
            return inverseX == inverseY ? 0f : 1f;
        }
        float cos = dot * inverseX * inverseY;
        if (Float.isFinite(cos) == false) {
            return cosine.fastDistance(a.of(x), b.vector(0, y));
        }
        return Math.min(2f, Math.max(0f, 1f - cos));
    }
}
