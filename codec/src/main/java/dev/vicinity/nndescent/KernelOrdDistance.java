package dev.vicinity.nndescent;

import dev.vicinity.ann.VectorSource;

import dev.vicinity.kernel.FloatKernels;
import dev.vicinity.metric.Metric;

/**
 * Squared-euclidean ({@code euclidean}, {@code sqeuclidean}) and {@code dot} build distances, measured four
 * candidates at a time by {@link FloatKernels} when the build asks for a row of them. Results the kernels cannot
 * represent (a float overflow) are measured again by the metric, which saturates them as it always does.
 */
final class KernelOrdDistance implements OrdDistance {

    private final Metric metric;
    private final boolean dot;
    private final LastVector a;
    private final FourSources b;
    private final FloatKernels kernels = FloatKernels.get();

    /** @param dot {@code true} for the {@code dot} metric (distance = −dot product), {@code false} for squared L2 */
    KernelOrdDistance(Metric metric, boolean dot, VectorSource a, VectorSource b) {
        this.metric = metric;
        this.dot = dot;
        this.a = new LastVector(a);
        this.b = new FourSources(b);
    }

    @Override
    public float distance(int x, int y) {
        return metric.fastDistance(a.of(x), b.vector(0, y));
    }

    @Override
    public void distances(int x, int[] ys, int count, float[] into) {
        float[] xs = a.of(x);
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            float[] va = b.vector(0, ys[i]);
            float[] vb = b.vector(1, ys[i + 1]);
            float[] vc = b.vector(2, ys[i + 2]);
            float[] vd = b.vector(3, ys[i + 3]);
            if (dot) {
                kernels.dotProduct4(xs, va, vb, vc, vd, into, i);
                for (int j = i; j < i + 4; j++) {
                    into[j] = -into[j];
                }
            } else {
                kernels.squareDistance4(xs, va, vb, vc, vd, into, i);
            }
        }
        for (; i < count; i++) {
            into[i] = metric.fastDistance(xs, b.vector(0, ys[i]));
        }
        for (int j = 0; j < count; j++) {
            if (Float.isFinite(into[j]) == false) {
                into[j] = metric.fastDistance(xs, b.vector(0, ys[j]));
            }
        }
    }
}
