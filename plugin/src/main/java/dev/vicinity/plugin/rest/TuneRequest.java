package dev.vicinity.plugin.rest;

import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;

import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.xcontent.NamedXContentRegistry;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /{index}/_vicinity/tune}, checked; every bad value is a 400 naming the parameter and value.
 *
 * <pre>{@code
 * { "field": "embedding", "target_recall": 0.95, "k": 10, "sample": 100, "seed": 42,
 *   "filter": { "term": { "lang": "en" } }, "queries": [[0.1, 0.2, ...], ...], "max_seconds": 60 }
 * }</pre>
 *
 * @param field the {@code vicinity_vector} field (required)
 * @param targetRecall the recall@k to reach, above 0 and at most 1 (required)
 * @param k neighbours per query, 1 to {@link VicinityKnnQueryBuilder#MAX_K} (default 10)
 * @param sample how many documents of the index to sample as queries, 1 to {@value #MAX_SAMPLE} (default 100);
 *     unused with {@code queries}
 * @param seed the sampling seed (default 42)
 * @param filter applied to every search, approximate and exact, as {@code vicinity_knn}'s {@code filter}; may be null
 * @param queries query vectors supplied by the user (a sample of real traffic), used instead of sampled documents;
 *     null when none
 * @param maxSeconds the time budget: no new level is measured once it is spent (default {@value #DEFAULT_MAX_SECONDS})
 */
record TuneRequest(String field, double targetRecall, int k, int sample, long seed, QueryBuilder filter, List<float[]> queries, int maxSeconds) {

    static final String ENDPOINT = "_vicinity/tune";
    static final int MAX_SAMPLE = 10_000;
    static final int DEFAULT_SAMPLE = 100;
    static final int DEFAULT_MAX_SECONDS = 60;
    static final int MAX_MAX_SECONDS = 3600;
    private static final Set<String> KEYS = Set.of("field", "target_recall", "k", "sample", "seed", "filter", "queries", "max_seconds");

    static TuneRequest parse(Map<String, Object> body, NamedXContentRegistry registry) {
        if (body == null) {
            throw error("needs a body with at least [field] and [target_recall]");
        }
        for (String key : body.keySet()) {
            if (KEYS.contains(key) == false) {
                throw error("unknown parameter [" + key + "], expected one of " + KEYS.stream().sorted().toList());
            }
        }
        Object field = body.get("field");
        if (field instanceof String == false || ((String) field).isEmpty()) {
            throw error("[field] must be a field name but was [" + field + "]");
        }
        Object target = body.get("target_recall");
        if (target instanceof Number == false || ((Number) target).doubleValue() <= 0 || ((Number) target).doubleValue() > 1) {
            throw error("[target_recall] must be a number above [0] and at most [1] but was [" + target + "]");
        }
        int k = (int) BodyParameters.integer(ENDPOINT, body, "k", VicinityKnnQueryBuilder.DEFAULT_K, 1, VicinityKnnQueryBuilder.MAX_K);
        int sample = (int) BodyParameters.integer(ENDPOINT, body, "sample", DEFAULT_SAMPLE, 1, MAX_SAMPLE);
        long seed = BodyParameters.integer(ENDPOINT, body, "seed", EvaluateRequest.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        int maxSeconds = (int) BodyParameters.integer(ENDPOINT, body, "max_seconds", DEFAULT_MAX_SECONDS, 1, MAX_MAX_SECONDS);
        return new TuneRequest((String) field, ((Number) target).doubleValue(), k, sample, seed, filter(body.get("filter"), registry),
            queries(body.get("queries")), maxSeconds);
    }

    private static QueryBuilder filter(Object filter, NamedXContentRegistry registry) {
        if (filter == null) {
            return null;
        }
        if (filter instanceof Map<?, ?> == false) {
            throw error("[filter] must be a query object but was [" + filter + "]");
        }
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(XContentParserConfiguration.EMPTY.withRegistry(registry),
            org.elasticsearch.common.Strings.toString(org.elasticsearch.xcontent.XContentFactory.jsonBuilder().map(castMap(filter))))) {
            return AbstractQueryBuilder.parseTopLevelQuery(parser);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("[" + ENDPOINT + "] [filter] is not a valid query: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    private static List<float[]> queries(Object queries) {
        if (queries == null) {
            return null;
        }
        if (!(queries instanceof List<?> list) || list.isEmpty() || list.size() > MAX_SAMPLE) {
            throw error("[queries] must be an array of 1 to [" + MAX_SAMPLE + "] vectors but was [" + abbreviate(queries) + "]");
        }
        List<float[]> vectors = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof List<?> values) || values.isEmpty() || values.stream().allMatch(Number.class::isInstance) == false) {
                throw error("[queries] element [" + i + "] must be an array of numbers but was [" + abbreviate(list.get(i)) + "]");
            }
            float[] vector = new float[values.size()];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = ((Number) values.get(d)).floatValue();
            }
            vectors.add(vector);
        }
        return List.copyOf(vectors);
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }


    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException("[" + ENDPOINT + "] " + message);
    }
}
