package dev.vicinity.ann;

/**
 * The distance from one query to the point {@code ord}, in the metric's {@code fastDistance} scale. By default the
 * searcher computes it from a {@link VectorSource} and the metric; the codec may supply its own, for example one
 * that scores memory-mapped vectors in place with Lucene's SIMD scorers instead of copying each vector out first.
 */
@FunctionalInterface
public interface QueryDistance {

    float fastDistance(int ord);

    /**
     * The distances to {@code ords[0 .. count)} into {@code into[0 .. count)}. The searcher asks for all unvisited
     * neighbours of a point at once: queries are bound by memory latency (a random 784-d vector costs several times
     * a cached one), and an implementation that keeps several vector reads in flight, such as Lucene's bulk
     * scoring of memory-mapped vectors, hides much of it. The default computes them one by one.
     */
    default void fastDistances(int[] ords, int count, float[] into) {
        for (int i = 0; i < count; i++) {
            into[i] = fastDistance(ords[i]);
        }
    }
}
