package dev.vicinity.codec;

import dev.vicinity.nndescent.NNDescentParameters;

import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.knn.KnnSearchStrategy;

/**
 * Query-time parameters of Vicinity's index methods, carried from the query to the codec's search.
 *
 * <p>How they travel: {@code KnnFloatVectorQuery} (and so {@code VicinityKnnQuery}) takes a {@link KnnSearchStrategy}
 * in its constructor, hands it to every per-segment {@link KnnCollector} it creates, and
 * {@code KnnVectorsReader#search} reads it back with {@link KnnCollector#getSearchStrategy()}. Lucene wraps it in a
 * {@link KnnSearchStrategy.Seeded} when it seeds a search, which {@link #of} unwraps. Lucene's own strategies (a
 * plain {@code KnnFloatVectorQuery}) mean "the method's defaults". The strategy takes part in the query's
 * {@code equals}/{@code hashCode}, so two queries that differ only in {@code epsilon} do not share a cache entry.
 */
public final class VicinitySearchStrategy extends KnnSearchStrategy {

    /** The strategy of a query that sets no parameter. */
    public static final VicinitySearchStrategy DEFAULT = new VicinitySearchStrategy(NNDescentParameters.DEFAULT_EPSILON);

    private final float epsilon;

    /**
     * @param epsilon {@code nndescent}'s backtracking bound, finite and {@code >= 0} (default
     *     {@value NNDescentParameters#DEFAULT_EPSILON})
     */
    public VicinitySearchStrategy(float epsilon) {
        if (Float.isFinite(epsilon) == false || epsilon < 0) {
            throw new IllegalArgumentException("[epsilon] must be a finite number >= [0] but was [" + epsilon + "]");
        }
        this.epsilon = epsilon;
    }

    /** {@code nndescent}'s backtracking: larger searches more of the graph, slower and with higher recall. */
    public float epsilon() {
        return epsilon;
    }

    /** The Vicinity strategy a collector carries, or {@link #DEFAULT} when it carries another one or none. */
    static VicinitySearchStrategy of(KnnCollector collector) {
        KnnSearchStrategy strategy = collector.getSearchStrategy();
        while (strategy instanceof KnnSearchStrategy.Seeded seeded) {
            strategy = seeded.originalStrategy();
        }
        return strategy instanceof VicinitySearchStrategy vicinity ? vicinity : DEFAULT;
    }

    @Override
    public void nextVectorsBlock() {}

    @Override
    public boolean equals(Object o) {
        return o instanceof VicinitySearchStrategy that && Float.compare(epsilon, that.epsilon) == 0;
    }

    @Override
    public int hashCode() {
        return Float.hashCode(epsilon);
    }

    @Override
    public String toString() {
        return "VicinitySearchStrategy[epsilon=" + epsilon + "]";
    }
}
