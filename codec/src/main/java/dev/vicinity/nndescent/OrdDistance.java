package dev.vicinity.nndescent;

import dev.vicinity.metric.Metric;

/** A distance between two points given by ordinal; lets the graph code be tested on hand-made distance tables. */
@FunctionalInterface
interface OrdDistance {

    float distance(int x, int y);

    /**
     * The metric's fast distance over two independent sources, remembering the last {@code x}: callers loop over many
     * {@code y} for one {@code x}, and a source may not cache (see {@link VectorSource}). Cosine gets
     * {@link CosineOrdDistance}, which computes the norms once.
     */
    static OrdDistance of(Metric metric, VectorSource a, VectorSource b) {
        if (metric.name().equals("cosine")) {
            return new CosineOrdDistance(metric, a, b);
        }
        return new OrdDistance() {
            private int lastX = -1;
            private float[] xv;

            @Override
            public float distance(int x, int y) {
                if (x != lastX) {
                    xv = a.vector(x);
                    lastX = x;
                }
                return metric.fastDistance(xv, b.vector(y));
            }
        };
    }
}
