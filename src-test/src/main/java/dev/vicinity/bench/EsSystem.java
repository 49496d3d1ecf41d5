package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import java.util.List;
import java.util.Map;

/**
 * A system measured through an Elasticsearch node ({@code ./vicinity bench --via es}): how its vector field is mapped
 * and how a search for the {@code k} nearest documents is written. A Vicinity method ({@link VicinityEsSystem}, queried
 * with {@code vicinity_knn}) or one of Elasticsearch's own {@code dense_vector} index types ({@link DenseVectorEsSystem},
 * queried with the {@code knn} search section). Each system gets its own index on the node, so that its codec is the
 * one that system ships with.
 *
 * <p>Parameters arrive as strings by name, as for every {@link MethodSpec}; a value the system refuses is an
 * {@link IllegalArgumentException} naming it, thrown by {@link #check} before the node starts.
 */
non-sealed interface EsSystem extends MethodSpec {

    /** The field holding the vectors in every system's index. */
    String FIELD = "vector";

    /**
     * Throws an {@link IllegalArgumentException} naming the value when the system refuses the dataset's metric or
     * dimension count, a build parameter, or a query-parameter set of its sweep.
     */
    void check(int dims, Metric metric, Map<String, String> buildParams, List<Map<String, String>> sweep, int k);

    /** The mapping of {@link #FIELD}, a JSON object. */
    String fieldMapping(int dims, Metric metric, Map<String, String> buildParams);

    /**
     * The body of a {@code _search} request for the {@code k} nearest documents to a query vector.
     *
     * @param vectorJson the query vector as a JSON array
     * @param filterJson a query the hits must match, as a JSON object, or {@code null} for none
     */
    String searchBody(String vectorJson, int k, Map<String, String> queryParams, String filterJson);
}
