package dev.vicinity.ann;

/**
 * Where a search puts the points it finds: the codec's adapter writes them straight into Lucene's
 * {@code KnnCollector}, which keeps the top {@code k} of the whole query across segments; on-heap searches use a
 * plain top-{@code k} heap. Distances are the metric's fast distances.
 *
 * <p>A search offers each accepted point at most once. {@link #threshold()} is what bounds a walk: this segment's
 * {@code k}-th best so far, or a tighter bound when the codec's collector knows one from other segments.
 */
public interface NeighborCollector {

    /**
     * Offers an accepted point found at fast distance {@code fastDistance}.
     *
     * @return whether the collector's results or its {@link #threshold()} changed
     */
    boolean collect(int point, float fastDistance);

    /**
     * The fast distance a point must be below to be worth offering: {@code +∞} while fewer than {@code k} results
     * are held, then the distance of the worst one kept (or a tighter bound known from other segments).
     */
    float threshold();
}
