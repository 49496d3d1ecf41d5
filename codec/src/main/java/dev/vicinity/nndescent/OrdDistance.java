package dev.vicinity.nndescent;

import dev.vicinity.ann.VectorSource;

import dev.vicinity.metric.Metric;

/** A distance between two points given by ordinal; lets the graph code be tested on hand-made distance tables. */
@FunctionalInterface
interface OrdDistance {

    float distance(int x, int y);

    /**
     * The distances from {@code x} to {@code ys[0 .. count)} into {@code into[0 .. count)}. The build measures each
     * point against a row of candidates; implementations that measure several at once (see {@link KernelOrdDistance})
     * are about twice as fast per pair. The default measures them one by one.
     */
    default void distances(int x, int[] ys, int count, float[] into) {
        for (int i = 0; i < count; i++) {
            into[i] = distance(x, ys[i]);
        }
    }

    /**
     * The metric's fast distance over two independent sources, remembering the last {@code x}: callers loop over many
     * {@code y} for one {@code x}, and a source may not cache (see {@link VectorSource}). Cosine gets
     * {@link CosineOrdDistance}, which computes the norms once; cosine, squared-euclidean and dot measure rows of
     * candidates four at a time.
     */
    static OrdDistance of(Metric metric, VectorSource a, VectorSource b) {
        return switch (metric.fastForm()) {
            case ONE_MINUS_COSINE -> new CosineOrdDistance(metric, a, b);
            case SQUARED_EUCLIDEAN -> new KernelOrdDistance(metric, false, a, b);
            case NEGATED_DOT -> new KernelOrdDistance(metric, true, a, b);
            case OTHER -> {
                LastVector xs = new LastVector(a);
                yield (x, y) -> metric.fastDistance(xs.of(x), b.vector(y));
            }
        };
    }
}
