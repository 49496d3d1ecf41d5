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
        searchWithDenseVector();
    }

    private void createIndex() throws IOException {
        http.deleteIfExists("/" + DemoCommand.INDEX);
        http.put("/" + DemoCommand.INDEX, """
            {
              "settings": { "number_of_shards": 2, "number_of_replicas": 0 },
              "mappings": { "properties": {
                "row":    { "type": "integer" },
                "pixels": { "type": "dense_vector", "dims": %d, "similarity": "l2_norm" }
              } }
            }""".formatted(base[0].length));
    }

    private void load() throws IOException {
        for (int from = 0; from < base.length; from += BATCH) {
            StringBuilder bulk = new StringBuilder();
            for (int row = from; row < Math.min(base.length, from + BATCH); row++) {
                bulk.append("{\"index\":{\"_id\":\"").append(row).append("\"}}\n")
                    .append("{\"row\":").append(row).append(",\"pixels\":").append(json(base[row])).append("}\n");
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

    private void searchWithDenseVector() throws IOException {
        Console.OUT.println();
        Console.OUT.println("Elasticsearch's own knn on a dense_vector field, first " + SHOWN_QUERIES + " scikit-learn digits as queries:");
        Console.OUT.println(DemoCommand.row("  %-6s %s", "query", "nearest rows (score)"));
        for (int q = 0; q < SHOWN_QUERIES; q++) {
            Map<String, Object> response = http.post("/" + DemoCommand.INDEX + "/_search", """
                { "size": %d, "_source": false,
                  "knn": { "field": "pixels", "query_vector": %s, "k": %d, "num_candidates": 100 } }""".formatted(K, json(queries[q]), K));
            List<Map<String, Object>> hits = DemoCommand.hits(response);
            String shown = hits.stream().map(h -> h.get("_id") + " (" + h.get("_score") + ")").collect(Collectors.joining(", "));
            Console.OUT.println(DemoCommand.row("  %-6d %s", q, shown));
        }
    }

    static String json(float[] vector) {
        return Arrays.toString(vector);
    }
}
