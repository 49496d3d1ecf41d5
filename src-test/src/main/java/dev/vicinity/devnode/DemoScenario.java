package dev.vicinity.devnode;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the demo shows, step by step, against a running node: create the index, bulk-load the dataset in
 * several segments, then search it. Each feature of the plugin adds its step here.
 */
final class DemoScenario {

    private static final int BATCH = 500;
    private static final int SHOWN_QUERIES = 3;
    private static final int K = 5;

    private final HttpJson http;
    private final float[][] base;
    private final float[][] queries;

    DemoScenario(HttpJson http, float[][] base, float[][] queries) {
        this.http = http;
        this.base = base;
        this.queries = queries;
    }

    void run() throws IOException {
        createIndex();
        load();
        describeIndex();
        exactNearestNeighbours();
        filteredAndByReference();
        searchWithDenseVector();
        evaluate();
        approximateMethods();
        tune();
        statistics();
    }

    /** The tune endpoint: the cheapest setting of each approximate field that reaches recall 0.95 on sampled documents. */
    @SuppressWarnings("unchecked")
    private void tune() throws IOException {
        Console.OUT.println();
        Console.OUT.println("POST /" + DemoCommand.INDEX + "/_vicinity/tune, target recall@10 0.95 (100 sampled documents):");
        for (ApproximateField approximate : APPROXIMATE) {
            Map<String, Object> result = http.post("/" + DemoCommand.INDEX + "/_vicinity/tune",
                "{ \"field\": \"%s\", \"target_recall\": 0.95 }".formatted(approximate.field()));
            Map<String, Object> chosen = (Map<String, Object>) result.get("chosen");
            Map<String, Object> params = (Map<String, Object>) chosen.get("query_params");
            String setting = params.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            Console.OUT.println(DemoCommand.row("  %-14s %s %s 0.95: measured %.3f at %.2fx exact time (%d settings measured)",
                approximate.field(), setting, Boolean.TRUE.equals(result.get("reached")) ? "reaches" : "does not reach",
                ((Number) chosen.get("recall")).doubleValue(), ((Number) chosen.get("relative_time")).doubleValue(),
                ((List<Object>) result.get("curve")).size()));
        }
    }

    /** The columns of the demo's statistics summary: what each field holds and what the searches above cost. */
    static final String STATS_COLUMNS = "field,method,vectors,segments.structure,segments.exact,off_heap.vec,off_heap.vex,heap,"
        + "merge.total,merge.seeded,query.total,query.mean";

    /** What the plugin reports about each field after all of the above (docs/stats.md), as the {@code _cat} view shows it. */
    private void statistics() throws IOException {
        String path = "/_cat/vicinity/" + DemoCommand.INDEX + "?v&s=field&h=" + STATS_COLUMNS;
        String table = http.getText(path);
        Console.OUT.println();
        Console.OUT.println("Per-field statistics of this node (all of them as JSON: GET /" + DemoCommand.INDEX + "/_vicinity/stats):");
        Console.OUT.println("GET " + path);
        table.lines().forEach(line -> Console.OUT.println("  " + line));
    }

    /** An approximate field of the demo index: its method, and the query parameter whose trade-off the demo shows. */
    private record ApproximateField(String field, String describe, String parameter, List<String> values) {}

    private static final List<ApproximateField> APPROXIMATE = List.of(
        new ApproximateField("pixels_graph", "nndescent (PyNNDescent's graphs)", "epsilon", List.of("0.0", "0.1", "0.2")),
        new ApproximateField("pixels_forest", "forest (Annoy's random-projection trees)", "search_k", List.of("160", "640", "2560")),
        new ApproximateField("pixels_lsh", "lsh (NearPy's hashing, FALCONN's cross-polytope tables)", "probes", List.of("64", "128", "256")));

    /**
     * The approximate methods: segments below 1,000 vectors (the default {@code exact_below}) are searched exactly, so the
     * index is force-merged to one segment per shard (about 1,900 vectors each) to give them structures; then the
     * evaluate endpoint shows each method's query-parameter trade-off.
     */
    private void approximateMethods() throws IOException {
        http.post("/" + DemoCommand.INDEX + "/_forcemerge?max_num_segments=1", null);
        http.post("/" + DemoCommand.INDEX + "/_refresh", null);
        for (ApproximateField approximate : APPROXIMATE) {
            Console.OUT.println();
            Console.OUT.println(approximate.describe() + " on field [" + approximate.field() + "], after a force-merge to one segment per shard;");
            Console.OUT.println("POST /" + DemoCommand.INDEX + "/_vicinity/evaluate with query_params." + approximate.parameter()
                + ", 200 sampled documents, k=10:");
            Console.OUT.println(DemoCommand.row("  %-9s %-8s %-15s %-23s %s", approximate.parameter(), "recall", "distance ratio",
                "time relative to exact", "candidates per query"));
            for (String value : approximate.values()) {
                Map<String, Object> result = http.post("/" + DemoCommand.INDEX + "/_vicinity/evaluate", """
                    { "field": "%s", "queries": 200, "seed": 7, "k": 10, "query_params": { "%s": %s } }"""
                    .formatted(approximate.field(), approximate.parameter(), value));
                Console.OUT.println(DemoCommand.row("  %-9s %-8.3f %-15.4f %-23.2f %.0f", value, ((Number) result.get("recall")).doubleValue(),
                    ((Number) result.get("distance_ratio")).doubleValue(), ((Number) result.get("relative_time")).doubleValue(),
                    ((Number) result.get("candidates_examined")).doubleValue()));
            }
        }
    }

    /** The evaluate endpoint: how the field's searches compare with exact ones, on sampled documents. */
    private void evaluate() throws IOException {
        Map<String, Object> result = http.post("/" + DemoCommand.INDEX + "/_vicinity/evaluate",
            "{ \"field\": \"pixels\", \"queries\": 100, \"seed\": 42, \"k\": 10 }");
        Console.OUT.println();
        Console.OUT.println("POST /" + DemoCommand.INDEX + "/_vicinity/evaluate (100 sampled documents as queries, k=10):");
        Console.OUT.println(DemoCommand.row("  %-8s %-10s %-15s %s", "recall", "precision", "distance ratio", "time relative to exact"));
        Console.OUT.println(DemoCommand.row("  %-8.3f %-10.3f %-15.3f %.2f", ((Number) result.get("recall")).doubleValue(),
            ((Number) result.get("precision")).doubleValue(), ((Number) result.get("distance_ratio")).doubleValue(),
            ((Number) result.get("relative_time")).doubleValue()));
    }

    private void createIndex() throws IOException {
        http.deleteIfExists("/" + DemoCommand.INDEX);
        http.put("/" + DemoCommand.INDEX, """
            {
              "settings": { "number_of_shards": 2, "number_of_replicas": 0 },
              "mappings": { "properties": {
                "row":    { "type": "integer" },
                "parity": { "type": "keyword" },
                "pixels": { "type": "vicinity_vector", "dims": %d, "metric": "euclidean", "method": { "type": "exact" } },
                "pixels_graph": { "type": "vicinity_vector", "dims": %d, "metric": "euclidean", "method": { "type": "nndescent", "n_neighbors": 30 } },
                "pixels_forest": { "type": "vicinity_vector", "dims": %d, "metric": "euclidean", "method": { "type": "forest", "n_trees": 16 } },
                "pixels_lsh": { "type": "vicinity_vector", "dims": %d, "metric": "euclidean",
                                "method": { "type": "lsh", "hashes": [ { "type": "cross_polytope", "tables": 64 } ] } },
                "pixels_hnsw": { "type": "dense_vector", "dims": %d, "similarity": "l2_norm" }
              } }
            }""".formatted(base[0].length, base[0].length, base[0].length, base[0].length, base[0].length));
        Map<String, Object> settings = http.get("/" + DemoCommand.INDEX + "/_settings?filter_path=**.codec");
        Console.OUT.println();
        Console.OUT.println("Created index [" + DemoCommand.INDEX + "] with a vicinity_vector field; the plugin chose its codec: " + settings);
    }

    private void load() throws IOException {
        for (int from = 0; from < base.length; from += BATCH) {
            StringBuilder bulk = new StringBuilder();
            for (int row = from; row < Math.min(base.length, from + BATCH); row++) {
                bulk.append("{\"index\":{\"_id\":\"").append(row).append("\"}}\n")
                    .append("{\"row\":").append(row).append(",\"parity\":\"").append(row % 2 == 0 ? "even" : "odd")
                    .append("\",\"pixels\":").append(json(base[row])).append(",\"pixels_graph\":").append(json(base[row]))
                    .append(",\"pixels_forest\":").append(json(base[row])).append(",\"pixels_lsh\":").append(json(base[row]))
                    .append(",\"pixels_hnsw\":").append(json(base[row])).append("}\n");
            }
            http.bulk("/" + DemoCommand.INDEX + "/_bulk", bulk.toString());
            // A refresh per batch leaves several segments per shard, as a live index has.
            http.post("/" + DemoCommand.INDEX + "/_refresh", null);
        }
    }

    private void describeIndex() throws IOException {
        Map<String, Object> count = http.get("/" + DemoCommand.INDEX + "/_count");
        String segments = http.getText("/_cat/segments/" + DemoCommand.INDEX + "?h=shard");
        Console.OUT.println();
        Console.OUT.println("Index [" + DemoCommand.INDEX + "]: UCI optdigits (CC BY 4.0), " + base[0].length + " dimensions");
        Console.OUT.println(DemoCommand.row("  %-12s %8s", "documents", count.get("count")));
        Console.OUT.println(DemoCommand.row("  %-12s %8d", "segments", segments.lines().count()));
        Console.OUT.println(DemoCommand.row("  %-12s %8d", "shards", 2));
    }

    /** Exact kNN through vicinity_knn, checked against a brute-force scan done here in the demo. */
    private void exactNearestNeighbours() throws IOException {
        Console.OUT.println();
        Console.OUT.println("vicinity_knn, method exact, k=" + K + " (per shard, size " + K + "), first " + SHOWN_QUERIES
            + " scikit-learn digits as queries; brute force computed by the demo:");
        Console.OUT.println(DemoCommand.row("  %-6s %-32s %-28s %s", "query", "nearest rows", "distances", "= brute force"));
        int agree = 0;
        int total = 20;
        for (int q = 0; q < total; q++) {
            List<Map<String, Object>> hits = vicinityKnn(queries[q], "");
            List<String> ids = hits.stream().map(h -> (String) h.get("_id")).toList();
            boolean same = ids.equals(bruteForce(queries[q], -1));
            agree += same ? 1 : 0;
            if (q < SHOWN_QUERIES) {
                String distances = hits.stream().map(h -> String.format(java.util.Locale.ROOT, "%.1f", distance(h))).collect(Collectors.joining(" "));
                Console.OUT.println(DemoCommand.row("  %-6d %-32s %-28s %s", q, String.join(" ", ids), distances, same ? "yes" : "NO"));
            }
        }
        Console.OUT.println(DemoCommand.row("  top-%d identical to brute force for %d of %d queries", K, agree, total));
    }

    private void filteredAndByReference() throws IOException {
        Console.OUT.println();
        List<Map<String, Object>> even = vicinityKnn(queries[0], ", \"filter\": { \"term\": { \"parity\": \"even\" } }");
        Console.OUT.println("Filtered (parity = even), query 0:  " + even.stream().map(h -> (String) h.get("_id")).collect(Collectors.joining(" ")));
        Map<String, Object> response = http.post("/" + DemoCommand.INDEX + "/_search", """
            { "size": %d, "_source": false,
              "query": { "vicinity_knn": { "field": "pixels", "vector": { "id": "7" }, "k": %d } } }""".formatted(K, K));
        Console.OUT.println("By reference (document 7's vector, itself excluded):  "
            + DemoCommand.hits(response).stream().map(h -> (String) h.get("_id")).collect(Collectors.joining(" ")));
    }

    private List<Map<String, Object>> vicinityKnn(float[] query, String extra) throws IOException {
        Map<String, Object> response = http.post("/" + DemoCommand.INDEX + "/_search", """
            { "size": %d, "_source": false,
              "query": { "vicinity_knn": { "field": "pixels", "vector": %s, "k": %d %s } } }""".formatted(K, json(query), K, extra));
        return DemoCommand.hits(response);
    }

    @SuppressWarnings("unchecked")
    private static double distance(Map<String, Object> hit) {
        Map<String, Object> fields = (Map<String, Object>) hit.get("fields");
        return ((Number) ((List<Object>) fields.get("_vicinity_distance")).get(0)).doubleValue();
    }

    /** The ids of the K nearest rows by euclidean distance in double precision, ties broken by the lower row. */
    private List<String> bruteForce(float[] query, int excludedRow) {
        double[] d = new double[base.length];
        Integer[] rows = new Integer[base.length];
        for (int row = 0; row < base.length; row++) {
            double sum = 0;
            for (int i = 0; i < query.length; i++) {
                double diff = (double) base[row][i] - query[i];
                sum += diff * diff;
            }
            d[row] = row == excludedRow ? Double.MAX_VALUE : sum;
            rows[row] = row;
        }
        Arrays.sort(rows, (a, b) -> d[a] != d[b] ? Double.compare(d[a], d[b]) : Integer.compare(a, b));
        return Arrays.stream(rows).limit(K).map(String::valueOf).toList();
    }

    private void searchWithDenseVector() throws IOException {
        Console.OUT.println();
        Console.OUT.println("Elasticsearch's own knn on a dense_vector field of the same index (HNSW), same queries:");
        Console.OUT.println(DemoCommand.row("  %-6s %s", "query", "nearest rows"));
        for (int q = 0; q < SHOWN_QUERIES; q++) {
            Map<String, Object> response = http.post("/" + DemoCommand.INDEX + "/_search", """
                { "size": %d, "_source": false,
                  "knn": { "field": "pixels_hnsw", "query_vector": %s, "k": %d, "num_candidates": 100 } }""".formatted(K, json(queries[q]), K));
            List<Map<String, Object>> hits = DemoCommand.hits(response);
            String shown = hits.stream().map(h -> (String) h.get("_id")).collect(Collectors.joining(" "));
            Console.OUT.println(DemoCommand.row("  %-6d %s", q, shown));
        }
    }

    static String json(float[] vector) {
        return Arrays.toString(vector);
    }
}
