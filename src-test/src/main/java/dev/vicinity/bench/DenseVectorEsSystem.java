package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's own {@code dense_vector} with one {@code index_options.type} ({@code hnsw}, {@code int8_hnsw},
 * {@code bbq_hnsw}, {@code flat}, ...), in an index of Elasticsearch's default codec, searched with the {@code knn}
 * search section; named {@code es-<type>}.
 *
 * <p>Build parameters: {@code m} (16) and {@code ef_construction} (100) for the HNSW types, Elasticsearch's defaults;
 * the flat types take none. Query parameters: {@code num_candidates}, raised to {@code k} as the in-process
 * {@code hnsw} raises {@code ef} (Elasticsearch refuses fewer); for the quantized types also {@code oversample}, sent as
 * {@code rescore_vector.oversample} (0: no rescoring; 1 to 10: the nearest {@code k * oversample} by the quantized
 * vectors are rescored on the float vectors, {@code num_candidates} then raised to that count by Elasticsearch).
 * Without it a query uses the mapping's default: none for int8 and int4, 3 for bbq.
 */
final class DenseVectorEsSystem implements EsSystem {

    /** The HNSW sweep of the in-process {@code hnsw}'s {@code ef}, so the two read side by side. */
    private static final List<String> HNSW_CANDIDATES = List.of("10", "20", "40", "80", "160", "320");

    private final String type;

    /** @param type an {@code index_options.type} of Elasticsearch 9.5's {@code dense_vector} */
    DenseVectorEsSystem(String type) {
        this.type = type;
    }

    @Override
    public String name() {
        return "es-" + type;
    }

    private boolean hnsw() {
        return type.endsWith("hnsw");
    }

    private boolean quantized() {
        return type.startsWith("int") || type.startsWith("bbq");
    }

    @Override
    public Map<String, String> buildDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        if (hnsw()) {
            defaults.put("m", "16");
            defaults.put("ef_construction", "100");
        }
        return defaults;
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        Map<String, List<String>> defaults = new LinkedHashMap<>();
        // A flat field is scanned whatever num_candidates says: one point.
        defaults.put("num_candidates", hnsw() ? HNSW_CANDIDATES : List.of("10"));
        if (quantized()) {
            // int8/int4: without and with rescoring; bbq's one bit per dimension needs rescoring: its default and twice that.
            defaults.put("oversample", type.startsWith("bbq") ? List.of("3", "6") : List.of("0", "2"));
        }
        return defaults;
    }

    @Override
    public void check(int dims, Metric metric, Map<String, String> buildParams, List<Map<String, String>> sweep, int k) {
        similarity(metric);
        if (dims > 4096) {
            throw new IllegalArgumentException("system [" + name() + "] takes at most [4096] dimensions but the vectors have [" + dims + "]");
        }
        if (type.startsWith("bbq") && dims < 64) {
            throw new IllegalArgumentException("system [" + name() + "] takes at least [64] dimensions but the vectors have [" + dims + "]");
        }
        if (hnsw()) {
            Params.intParam(buildParams, "m", 2, 512);
            Params.intParam(buildParams, "ef_construction", 2, 3200);
        }
        for (Map<String, String> queryParams : sweep) {
            Params.intParam(queryParams, "num_candidates", 1, 10_000);
            if (queryParams.containsKey("oversample")) {
                oversample(queryParams.get("oversample"));
            }
        }
    }

    /** {@code rescore_vector.oversample} as Elasticsearch takes it: 0, or from 1 to 10. */
    private static double oversample(String value) {
        try {
            double v = Double.parseDouble(value.trim());
            if (v == 0 || (v >= 1 && v <= 10)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("[oversample] must be [0] or between [1] and [10] but was [" + value + "]");
    }

    /** Elasticsearch's similarity for the dataset's metric: euclidean is l2_norm, angular (cosine) is cosine. */
    String similarity(Metric metric) {
        return switch (metric.name()) {
            case "euclidean" -> "l2_norm";
            case "cosine" -> "cosine";
            default -> throw new IllegalArgumentException("system [" + name() + "] does not support metric [" + metric.name()
                + "], only [euclidean] (l2_norm) and [cosine] (angular)");
        };
    }

    @Override
    public String fieldMapping(int dims, Metric metric, Map<String, String> buildParams) {
        StringBuilder options = new StringBuilder("{\"type\":").append(Json.quote(type));
        buildParams.forEach((name, value) -> {
            if (value.isEmpty() == false) {
                options.append(',').append(Json.quote(name)).append(':').append(Json.scalar(value));
            }
        });
        options.append('}');
        return "{\"type\":\"dense_vector\",\"dims\":" + dims + ",\"index\":true,\"similarity\":" + Json.quote(similarity(metric))
            + ",\"index_options\":" + options + "}";
    }

    @Override
    public String searchBody(String vectorJson, int k, Map<String, String> queryParams, String filterJson) {
        int candidates = Math.max(k, Integer.parseInt(queryParams.get("num_candidates").trim()));
        StringBuilder knn = new StringBuilder("{\"field\":\"" + FIELD + "\",\"query_vector\":").append(vectorJson)
            .append(",\"k\":").append(k).append(",\"num_candidates\":").append(candidates);
        String oversample = queryParams.get("oversample");
        if (oversample != null && oversample.isEmpty() == false) {
            knn.append(",\"rescore_vector\":{\"oversample\":").append(Json.scalar(oversample)).append('}');
        }
        if (filterJson != null) {
            knn.append(",\"filter\":").append(filterJson);
        }
        knn.append('}');
        return "{\"size\":" + k + ",\"_source\":false,\"knn\":" + knn + "}";
    }
}
