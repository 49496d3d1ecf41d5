package dev.vicinity.plugin.rest;

import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;

import java.util.Map;
import java.util.Set;

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
 * @param epsilon the approximate search's {@code epsilon} (nndescent), or {@code null} for the field's default
 */
record EvaluateRequest(String field, int queries, long seed, int k, Float epsilon) {

    static final int MAX_QUERIES = 10_000;
    static final int DEFAULT_QUERIES = 100;
    static final long DEFAULT_SEED = 42;
    private static final Set<String> KEYS = Set.of("field", "queries", "seed", "k", "query_params");
    /** Query-time knobs of the methods: {@code epsilon} for {@code nndescent}. The query checks they fit the field's method. */
    static final Set<String> QUERY_PARAMS = Set.of("epsilon");

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
        int queries = (int) integer(body, "queries", DEFAULT_QUERIES, 1, MAX_QUERIES);
        long seed = integer(body, "seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        int k = (int) integer(body, "k", VicinityKnnQueryBuilder.DEFAULT_K, 1, VicinityKnnQueryBuilder.MAX_K);
        Object params = body.getOrDefault("query_params", Map.of());
        if (params instanceof Map<?, ?> == false) {
            throw new IllegalArgumentException("[_vicinity/evaluate] [query_params] must be an object but was [" + params + "]");
        }
        Map<?, ?> map = (Map<?, ?>) params;
        for (Object key : map.keySet()) {
            if (QUERY_PARAMS.contains(key) == false) {
                throw new IllegalArgumentException("[_vicinity/evaluate] [query_params] has unknown parameter [" + key + "], expected one of "
                    + QUERY_PARAMS.stream().sorted().toList());
            }
        }
        Object epsilon = map.get("epsilon");
        if (epsilon != null && epsilon instanceof Number == false) {
            throw new IllegalArgumentException("[_vicinity/evaluate] [query_params.epsilon] must be a number but was [" + epsilon + "]");
        }
        return new EvaluateRequest((String) field, queries, seed, k, epsilon == null ? null : ((Number) epsilon).floatValue());
    }

    private static long integer(Map<String, Object> body, String key, long defaultValue, long min, long max) {
        Object value = body.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (n >= min && n <= max) {
                return n;
            }
            throw new IllegalArgumentException("[_vicinity/evaluate] [" + key + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
        throw new IllegalArgumentException("[_vicinity/evaluate] [" + key + "] must be an integer but was [" + value + "]");
    }
}
