package dev.vicinity.nndescent;

/**
 * The distance from one query to the point {@code ord}, in the metric's {@code fastDistance} scale. By default the
 * searcher computes it from a {@link VectorSource} and the metric; the codec may supply its own, for example one
 * that scores memory-mapped vectors in place with Lucene's SIMD scorers instead of copying each vector out first.
 */
@FunctionalInterface
public interface QueryDistance {

    float fastDistance(int ord);
}
