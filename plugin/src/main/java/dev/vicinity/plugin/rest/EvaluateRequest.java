package dev.vicinity.plugin.rest;

import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The body of {@code POST /{index}/_vicinity/evaluate}, checked.
 *
 * <pre>{@code
 * { "field": "embedding", "queries": 100, "seed": 42, "k": 10, "query_params": { "epsilon": 0.2 } }
 * }</pre>
 *
 * @param field the {@code vicinity_vector} field to evaluate (required)
 * @param queries how many documents to sample as queries, 1 to {@value #MAX_QUERIES} (default 100)
 * @param seed the sampling seed (default 42): the same seed on an unchanged index samples the same documents
 * @param k neighbours per query, 1 to {@link VicinityKnnQueryBuilder#MAX_K} (default 10)
 * @param queryParams the approximate search's method query parameters (for example {@code nndescent}'s {@code epsilon}),
 *     passed to {@code vicinity_knn} as they are: the field's method checks them, and refuses what it does not know with a
 *     400 naming the parameter and value; empty for the method's defaults
 */
record EvaluateRequest(String field, int queries, long seed, int k, Map<String, Object> queryParams) {

    static final int MAX_QUERIES = 10_000;
    static final int DEFAULT_QUERIES = 100;
    static final long DEFAULT_SEED = 42;
    private static final Set<String> KEYS = Set.of("field", "queries", "seed", "k", "query_params");

    static EvaluateRequest parse(Map<String, Object> body) {
        if (body == null) {
            throw new IllegalArgumentException("[_vicinity/evaluate] needs a body with at least [field]");
        }
        for (String key : body.keySet()) {
            if (KEYS.contains(key) == false) {
                throw new IllegalArgumentException("[_vicinity/evaluate] unknown parameter [" + key + "], expected one of " + KEYS.stream().sorted().toList());
            }
        }
        Object field = body.get("field");
        if (field instanceof String == false || ((String) field).isEmpty()) {
            throw new IllegalArgumentException("[_vicinity/evaluate] [field] must be a field name but was [" + field + "]");
        }
        int queries = (int) BodyParameters.integer(EvaluateRun.ENDPOINT, body, "queries", DEFAULT_QUERIES, 1, MAX_QUERIES);
        long seed = BodyParameters.integer(EvaluateRun.ENDPOINT, body, "seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        int k = (int) BodyParameters.integer(EvaluateRun.ENDPOINT, body, "k", VicinityKnnQueryBuilder.DEFAULT_K, 1, VicinityKnnQueryBuilder.MAX_K);
        Object params = body.getOrDefault("query_params", Map.of());
        if (params instanceof Map<?, ?> == false) {
            throw new IllegalArgumentException("[_vicinity/evaluate] [query_params] must be an object but was [" + params + "]");
        }
        Map<String, Object> queryParams = new TreeMap<>();
        for (Map.Entry<?, ?> param : ((Map<?, ?>) params).entrySet()) {
            Object value = param.getValue();
            if (value instanceof Number == false && value instanceof String == false && value instanceof Boolean == false) {
                throw new IllegalArgumentException("[_vicinity/evaluate] [query_params." + param.getKey() + "] must be a number, string or boolean but was ["
                    + value + "]");
            }
            queryParams.put(param.getKey().toString(), value);
        }
        return new EvaluateRequest((String) field, queries, seed, k, Map.copyOf(queryParams));
    }
}
