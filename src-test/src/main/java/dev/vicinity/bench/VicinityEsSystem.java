package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A Vicinity method through Elasticsearch: a {@code vicinity_vector} field whose {@code method} object holds the build
 * parameters, searched with the {@code vicinity_knn} query (its query parameters at the query's top level, the filter
 * in its {@code filter}). Names, defaults and sweeps are those of the in-process method it wraps, so {@code --build}
 * and {@code --query} mean the same with and without {@code --via es}; parameters are checked by the codec, as the
 * in-process bench checks them, before the node starts.
 */
final class VicinityEsSystem implements EsSystem {

    private final BenchMethod method;
    private final String type;

    /**
     * @param method the in-process method (or preset) of the same name
     * @param type the mapping's {@code method.type}, for example {@code nndescent} for the preset {@code nndescent-int8}
     */
    VicinityEsSystem(BenchMethod method, String type) {
        this.method = method;
        this.type = type;
    }

    @Override
    public String name() {
        return method.name();
    }

    @Override
    public Map<String, String> buildDefaults() {
        return method.buildDefaults();
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return method.queryDefaults();
    }

    @Override
    public void check(int dims, Metric metric, Map<String, String> buildParams, List<Map<String, String>> sweep, int k) {
        BenchMethod.Build build = method.build(dims, metric, buildParams);
        float[] probe = new float[dims];
        probe[0] = 1; // cosine refuses a zero vector
        for (Map<String, String> queryParams : sweep) {
            build.query(FIELD, probe, k, queryParams);
        }
    }

    @Override
    public String fieldMapping(int dims, Metric metric, Map<String, String> buildParams) {
        String p = Float.isNaN(metric.parameter()) ? "" : ",\"p\":" + metric.parameter();
        String params = Json.nestedObject(buildParams);
        String methodObject = "{\"type\":" + Json.quote(type) + (params.equals("{}") ? "}" : "," + params.substring(1));
        return "{\"type\":\"vicinity_vector\",\"dims\":" + dims + ",\"metric\":" + Json.quote(metric.name()) + p
            + ",\"method\":" + methodObject + "}";
    }

    @Override
    public String searchBody(String vectorJson, int k, Map<String, String> queryParams, String filterJson) {
        StringJoiner query = new StringJoiner(",", "{", "}");
        query.add("\"field\":\"" + FIELD + "\"");
        query.add("\"vector\":" + vectorJson);
        query.add("\"k\":" + k);
        queryParams.forEach((name, value) -> {
            if (value.isEmpty() == false) {
                query.add(Json.quote(name) + ":" + Json.scalar(value));
            }
        });
        if (filterJson != null) {
            query.add("\"filter\":" + filterJson);
        }
        return "{\"size\":" + k + ",\"_source\":false,\"query\":{\"vicinity_knn\":" + query + "}}";
    }
}
