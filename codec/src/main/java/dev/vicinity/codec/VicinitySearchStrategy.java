package dev.vicinity.codec;

import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.knn.KnnSearchStrategy;

import java.util.Map;
import java.util.Objects;

/**
 * A query's method parameters ({@link MethodQuery}), carried from the query to each segment's search.
 *
 * <p>How they travel: {@code KnnFloatVectorQuery} (and so {@code VicinityKnnQuery}) takes a {@link KnnSearchStrategy}
 * in its constructor, hands it to every per-segment {@link KnnCollector} it creates, and
 * {@code KnnVectorsReader#search} reads it back with {@link KnnCollector#getSearchStrategy()}. Lucene wraps it in a
 * {@link KnnSearchStrategy.Seeded} when it seeds a search, which {@link #of} unwraps. A strategy without parameters,
 * and Lucene's own strategies (a plain {@code KnnFloatVectorQuery}), mean "the method's defaults". The strategy
 * takes part in the query's {@code equals}/{@code hashCode}, so two queries that differ only in a parameter do not
 * share a cache entry.
 */
public final class VicinitySearchStrategy extends KnnSearchStrategy {

    /** The strategy of a query that sets no parameter: every segment uses its method's defaults. */
    public static final VicinitySearchStrategy DEFAULT = new VicinitySearchStrategy(null);

    private final MethodQuery query;

    /** @param query the method parameters, or {@code null} for each method's defaults */
    public VicinitySearchStrategy(MethodQuery query) {
        this.query = query;
    }

    /**
     * The strategy for {@code params} of {@code method}, parsed and checked by the method.
     *
     * @throws IllegalArgumentException naming the parameter and value when the method refuses one
     */
    public static VicinitySearchStrategy of(IndexMethod method, Map<String, ?> params) {
        MethodQuery query = method.parseQuery(params);
        return query.equals(method.defaultQuery()) ? DEFAULT : new VicinitySearchStrategy(query);
    }

    /** The method parameters, or {@code null} when the query sets none. */
    public MethodQuery query() {
        return query;
    }

    /**
     * The parameters a field indexed with {@code method} is searched with.
     *
     * @throws IllegalArgumentException when the parameters belong to another method: a query must never be searched
     *     with parameters it did not ask for
     */
    MethodQuery queryFor(IndexMethod method, String field) {
        if (query == null) {
            return method.defaultQuery();
        }
        if (query.method() != method) {
            throw new IllegalArgumentException("field [" + field + "] is indexed with method [" + method.name() + "] but the query has parameters of method ["
                + query.method().name() + "]: " + query);
        }
        return query;
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
        return o instanceof VicinitySearchStrategy that && Objects.equals(query, that.query);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(query);
    }

    @Override
    public String toString() {
        return "VicinitySearchStrategy[" + (query == null ? "defaults" : query) + "]";
    }
}
