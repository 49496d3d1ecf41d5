package dev.vicinity.it;

import dev.vicinity.it.HttpJsonSupport.Reply;

import org.elasticsearch.client.RestClient;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.common.unit.ByteSizeValue;
import org.elasticsearch.test.ESIntegTestCase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

/**
 * {@code GET /_vicinity/stats}, {@code GET /{index}/_vicinity/stats} and {@code GET /_cat/vicinity} over real HTTP on
 * two data nodes, an index of three shards with one replica (so each node holds a copy of every shard) and a field of
 * each method. Every expected number is derived from the cluster, never written down: segment sizes and which node
 * holds which copy come from {@code _segments}, searches are sent to one node at a time with
 * {@code preference=_only_nodes}, batch sizes are drawn around {@code exact_below}.
 *
 * <p>What the numbers are (docs/stats.md): per node, summed over the node's copies (primaries and replicas alike), so
 * each vector counts once per copy holding it; a segment has a structure when it holds at least {@code exact_below}
 * vectors (chosen above what the methods need at least); {@code .vec} holds {@code dims * 4} bytes per vector.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class StatsEndpointIT extends VicinityHttpTestCase {

    private static final String INDEX = "vectors";
    private static final int SHARDS = 3;
    private static final int DIMS = 4;
    /** Above twice nndescent's n_neighbors (4), the least a graph needs, and above the forest's and lsh's 2. */
    private static final int EXACT_BELOW = 12;
    /** Field name to method; {@code e} is searched exactly in every segment. */
    private static final Map<String, String> METHODS = new LinkedHashMap<>();

    static {
        METHODS.put("e", "exact");
        METHODS.put("g", "nndescent");
        METHODS.put("f", "forest");
        METHODS.put("l", "lsh");
    }

    private RestClient rest() {
        return getRestClient();
    }

    /** One shard copy as {@code _segments} lists it: its node and the vector count of each of its segments. */
    private record Copy(String node, List<Long> segments) {
        long vectors() {
            return segments.stream().mapToLong(Long::longValue).sum();
        }

        long structured() {
            return segments.stream().filter(n -> n >= EXACT_BELOW).count();
        }

        long structuredVectors() {
            return segments.stream().filter(n -> n >= EXACT_BELOW).mapToLong(Long::longValue).sum();
        }
    }

    public void testStatsAgreeWithTheCluster() {
        createIndex(INDEX);
        int total = 0;
        // two batches, each refreshed into one segment per shard copy; sizes on both sides of exact_below per shard
        for (int batch : new int[] { between(60, 120), between(10, 40) }) {
            index(INDEX, total, batch);
            total += batch;
            HttpJsonSupport.ok(rest(), "POST", "/" + INDEX + "/_refresh", null);
        }
        List<Copy> before = copies();
        logger.info("shard copies (node, vectors per segment) before the force-merge: {}", before);
        assertThat("copies", before.size(), equalTo(2 * SHARDS));
        assertThat("every vector once per copy", before.stream().mapToLong(Copy::vectors).sum(), equalTo(2L * total));

        Map<String, String> nodes = nodeNamesById();
        assertThat(nodes.size(), equalTo(2));
        // searches per field and node, each sent to one node's copies only
        Map<String, Map<String, Integer>> searches = new TreeMap<>();
        for (String node : nodes.keySet()) {
            for (String field : METHODS.keySet()) {
                int count = between(0, 4);
                searches.computeIfAbsent(node, n -> new HashMap<>()).put(field, count);
                for (int s = 0; s < count; s++) {
                    Reply reply = HttpJsonSupport.ok(rest(), "POST", "/" + INDEX + "/_search?preference=_only_nodes:" + node, knn(field));
                    assertThat(reply.body(), ((Number) reply.at("_shards", "successful")).intValue(), equalTo(SHARDS));
                }
            }
        }

        Reply stats = HttpJsonSupport.ok(rest(), "GET", "/_vicinity/stats", null);
        assertThat(stats.body(), ((Number) stats.at("_nodes", "total")).intValue(), equalTo(2));
        assertThat(stats.body(), ((Number) stats.at("_nodes", "successful")).intValue(), equalTo(2));
        for (String node : nodes.keySet()) {
            List<Copy> onNode = before.stream().filter(c -> c.node().equals(node)).toList();
            assertThat(stats.body(), stats.at("nodes", node, "name"), equalTo(nodes.get(node)));
            assertThat(((Number) stats.at("nodes", node, "indices", INDEX, "shards")).intValue(), equalTo(onNode.size()));
            for (String field : METHODS.keySet()) {
                Map<String, Object> f = stats.at("nodes", node, "indices", INDEX, "fields", field);
                String where = "node [" + node + "] field [" + field + "]: " + f;
                boolean builds = METHODS.get(field).equals("exact") == false;
                long vectors = onNode.stream().mapToLong(Copy::vectors).sum();
                long segments = onNode.stream().mapToLong(c -> c.segments().size()).sum();
                long structured = builds ? onNode.stream().mapToLong(Copy::structured).sum() : 0;
                assertThat(where, at(f, "method.type"), equalTo(METHODS.get(field)));
                assertThat(where, number(f, "value_count"), equalTo(vectors));
                assertThat(where, number(f, "segments.count"), equalTo(segments));
                assertThat(where, number(f, "segments.structure"), equalTo(structured));
                assertThat(where, number(f, "segments.exact"), equalTo(segments - structured));
                assertThat(where, number(f, "off_heap.vec_size_bytes"), equalTo((long) DIMS * Float.BYTES * vectors));
                assertThat(where, number(f, "off_heap.vex_size_bytes") > 0, equalTo(structured > 0));
                assertThat(where, number(f, "off_heap.total_size_bytes"),
                    equalTo(number(f, "off_heap.vec_size_bytes") + number(f, "off_heap.vex_size_bytes")));
                assertThat(where, number(f, "heap_size_in_bytes"), greaterThan(0L));
                assertThat(where, number(f, "build.flush.total"), equalTo(structured));
                assertThat(where, number(f, "build.flush.vectors"), equalTo(builds ? onNode.stream().mapToLong(Copy::structuredVectors).sum() : 0));
                assertThat(where, number(f, "build.merge.total"), equalTo(0L));
                long queries = (long) searches.get(node).get(field) * onNode.size();
                assertThat(where, number(f, "search.query_total"), equalTo(queries));
                assertThat(where, number(f, "search.query_mean_time_in_micros") > 0, equalTo(queries > 0));
                assertNull("no human form unless asked: " + where, at(f, "off_heap.vec_size"));
            }
            // the hash functions of lsh live on the heap, a scanned field holds only its entries
            assertThat(number(stats.at("nodes", node, "indices", INDEX, "fields", "l"), "heap_size_in_bytes"),
                greaterThan(number(stats.at("nodes", node, "indices", INDEX, "fields", "e"), "heap_size_in_bytes")));
        }

        // every indexed vector once per copy: twice over the two nodes, with one replica
        for (String field : METHODS.keySet()) {
            long sum = 0;
            for (String node : nodes.keySet()) {
                sum += number(stats.at("nodes", node, "indices", INDEX, "fields", field), "value_count");
            }
            assertThat("value_count of [" + field + "] over the nodes", sum, equalTo(2L * total));
        }

        // one merge per copy that had two segments: nndescent seeds from the graphs it finds, lsh combines buckets only
        // when every source has tables, a forest is always built anew, exact builds nothing
        HttpJsonSupport.ok(rest(), "POST", "/" + INDEX + "/_forcemerge?max_num_segments=1", null);
        HttpJsonSupport.ok(rest(), "POST", "/" + INDEX + "/_refresh", null);
        Reply merged = HttpJsonSupport.ok(rest(), "GET", "/" + INDEX + "/_vicinity/stats", null);
        for (String node : nodes.keySet()) {
            List<Copy> onNode = before.stream().filter(c -> c.node().equals(node)).toList();
            List<Copy> mergedCopies = onNode.stream().filter(c -> c.segments().size() > 1 && c.vectors() >= EXACT_BELOW).toList();
            long graphSeeded = mergedCopies.stream().filter(c -> c.structured() > 0).count();
            long lshSeeded = mergedCopies.stream().filter(c -> c.structured() == c.segments().size()).count();
            long mergedVectors = mergedCopies.stream().mapToLong(Copy::vectors).sum();
            Map<String, long[]> expected = Map.of("e", new long[] { 0, 0 }, "g", new long[] { graphSeeded, mergedCopies.size() - graphSeeded },
                "f", new long[] { 0, mergedCopies.size() }, "l", new long[] { lshSeeded, mergedCopies.size() - lshSeeded });
            for (String field : METHODS.keySet()) {
                Map<String, Object> f = merged.at("nodes", node, "indices", INDEX, "fields", field);
                String where = "after the force-merge, node [" + node + "] field [" + field + "]: " + f;
                boolean builds = METHODS.get(field).equals("exact") == false;
                assertThat(where, number(f, "segments.count"), equalTo((long) onNode.size()));
                long withStructure = builds ? onNode.stream().filter(c -> c.vectors() >= EXACT_BELOW).count() : 0;
                assertThat(where, number(f, "segments.structure"), equalTo(withStructure));
                assertThat(where, number(f, "build.merge.seeded.total"), equalTo(expected.get(field)[0]));
                assertThat(where, number(f, "build.merge.scratch.total"), equalTo(expected.get(field)[1]));
                assertThat(where, number(f, "build.merge.total"), equalTo(expected.get(field)[0] + expected.get(field)[1]));
                assertThat(where, number(f, "build.merge.vectors"), equalTo(builds ? mergedVectors : 0));
                assertThat(where, number(f, "build.flush.total"), equalTo(builds ? onNode.stream().mapToLong(Copy::structured).sum() : 0));
            }
        }
    }

    /** The node filter, index selection, human forms, the _cat view and the errors, on an index of their own. */
    public void testFiltersFormatsAndErrors() {
        createIndex("cats");
        createIndex("dogs");
        int docs = between(20, 50);
        index("cats", 0, docs);
        index("dogs", 0, between(5, 10));
        HttpJsonSupport.ok(rest(), "POST", "/cats,dogs/_refresh", null);
        Map<String, String> nodes = nodeNamesById();
        String nodeId = randomFrom(nodes.keySet());

        // the node filter, by id and by name, answers from that node only
        for (String filter : List.of(nodeId, nodes.get(nodeId))) {
            Reply one = HttpJsonSupport.ok(rest(), "GET", "/_vicinity/stats/nodes/" + filter, null);
            assertThat(one.body(), ((Number) one.at("_nodes", "total")).intValue(), equalTo(1));
            assertThat(one.body(), ((Map<?, ?>) one.at("nodes")).keySet(), equalTo(Set.of(nodeId)));
            Reply indexAndNode = HttpJsonSupport.ok(rest(), "GET", "/cats/_vicinity/stats/nodes/" + filter, null);
            assertThat(indexAndNode.body(), ((Map<?, ?>) indexAndNode.at("nodes")).keySet(), equalTo(Set.of(nodeId)));
            assertThat(indexAndNode.body(), ((Map<?, ?>) indexAndNode.at("nodes", nodeId, "indices")).keySet(), equalTo(Set.of("cats")));
        }
        // indices: one, a wildcard, all
        assertThat(indicesOn(HttpJsonSupport.ok(rest(), "GET", "/cats/_vicinity/stats", null), nodeId), equalTo(Set.of("cats")));
        assertThat(indicesOn(HttpJsonSupport.ok(rest(), "GET", "/d*/_vicinity/stats", null), nodeId), equalTo(Set.of("dogs")));
        Set<String> all = indicesOn(HttpJsonSupport.ok(rest(), "GET", "/_vicinity/stats", null), nodeId);
        assertTrue(all.toString(), all.containsAll(Set.of("cats", "dogs")));

        // human adds the readable forms beside the raw numbers
        Reply human = HttpJsonSupport.ok(rest(), "GET", "/cats/_vicinity/stats?human=true", null);
        Map<String, Object> g = human.at("nodes", nodeId, "indices", "cats", "fields", "g");
        Map<String, String> readableBesideRaw = Map.of("off_heap.total_size", "off_heap.total_size_bytes", "off_heap.vec_size",
            "off_heap.vec_size_bytes", "off_heap.vex_size", "off_heap.vex_size_bytes", "heap_size", "heap_size_in_bytes", "build.flush.time",
            "build.flush.time_in_millis", "build.merge.time", "build.merge.time_in_millis", "build.merge.seeded.time",
            "build.merge.seeded.time_in_millis", "search.query_time", "search.query_time_in_millis", "search.query_mean_time",
            "search.query_mean_time_in_micros");
        for (Map.Entry<String, String> pair : readableBesideRaw.entrySet()) {
            assertThat(pair.getKey() + " in " + g, at(g, pair.getKey()), not(equalTo(null)));
            number(g, pair.getValue());
        }
        assertThat(g.toString(), at(g, "off_heap.vec_size"), equalTo(ByteSizeValue.ofBytes(number(g, "off_heap.vec_size_bytes")).toString()));

        // _cat: a header with v, the columns asked for with h, the same numbers as the JSON
        String columns = "node,index,field,method,vectors,segments,segments.structure,query.total";
        Reply text = HttpJsonSupport.ok(rest(), "GET", "/_cat/vicinity/cats?v&h=" + columns, null);
        List<String> lines = text.body().lines().toList();
        assertThat(text.body(), List.of(lines.get(0).trim().split("\\s+")), equalTo(List.of(columns.split(","))));
        assertThat(text.body(), lines.size(), equalTo(1 + nodes.size() * METHODS.size()));
        Reply plain = HttpJsonSupport.ok(rest(), "GET", "/_cat/vicinity/cats?h=" + columns, null);
        assertThat("no header without v: " + plain.body(), plain.body().lines().count(), equalTo((long) nodes.size() * METHODS.size()));
        Reply json = HttpJsonSupport.ok(rest(), "GET", "/_cat/vicinity/cats?format=json&h=" + columns, null);
        Reply jsonStats = HttpJsonSupport.ok(rest(), "GET", "/cats/_vicinity/stats", null);
        List<Map<String, Object>> rows = catRows(json.body());
        assertThat(json.body(), rows.size(), equalTo(nodes.size() * METHODS.size()));
        for (Map<String, Object> row : rows) {
            String id = nodes.entrySet().stream().filter(e -> e.getValue().equals(row.get("node"))).findFirst().orElseThrow().getKey();
            Map<String, Object> f = jsonStats.at("nodes", id, "indices", "cats", "fields", (String) row.get("field"));
            assertThat(row.toString(), row.get("index"), equalTo("cats"));
            assertThat(row.toString(), row.get("method"), equalTo(at(f, "method.type")));
            assertThat(row.toString(), Long.parseLong((String) row.get("vectors")), equalTo(number(f, "value_count")));
            assertThat(row.toString(), Long.parseLong((String) row.get("segments")), equalTo(number(f, "segments.count")));
            assertThat(row.toString(), Long.parseLong((String) row.get("segments.structure")), equalTo(number(f, "segments.structure")));
            assertThat(row.toString(), Long.parseLong((String) row.get("query.total")), equalTo(number(f, "search.query_total")));
        }
        Reply help = HttpJsonSupport.ok(rest(), "GET", "/_cat/vicinity?help", null);
        for (String column : List.of("node", "field", "segments.structure", "off_heap.vec", "off_heap.vex", "heap", "merge.seeded", "query.mean")) {
            assertThat(help.body(), containsString(column));
        }
        Reply defaults = HttpJsonSupport.ok(rest(), "GET", "/_cat/vicinity/cats?v", null);
        assertThat(defaults.body(), List.of(defaults.body().lines().findFirst().orElseThrow().trim().split("\\s+")), equalTo(List.of("node", "index",
            "field", "method", "vectors", "segments", "segments.structure", "segments.exact", "off_heap.vec", "off_heap.vex", "heap",
            "flush.total", "merge.total", "merge.seeded", "query.total", "query.mean")));

        // bad input: 400 naming the parameter and the value; a missing index is Elasticsearch's 404
        HttpJsonSupport.badRequest(rest(), "GET", "/_vicinity/stats?level=shards", null, "unrecognized parameter", "[level]");
        HttpJsonSupport.badRequest(rest(), "GET", "/_vicinity/stats?timeout=soon", null, "[timeout]", "[soon]");
        HttpJsonSupport.badRequest(rest(), "GET", "/_vicinity/stats?human=maybe", null, "[maybe]");
        HttpJsonSupport.badRequest(rest(), "GET", "/_cat/vicinity?h=node,colour", null, "[h]", "[colour]");
        HttpJsonSupport.badRequest(rest(), "GET", "/_cat/vicinity?h=*colour*", null, "[h]", "[*colour*]");
        HttpJsonSupport.badRequest(rest(), "GET", "/_cat/vicinity?s=colour:desc", null, "[s]", "[colour]");
        HttpJsonSupport.badRequest(rest(), "GET", "/_cat/vicinity?bogus=1", null, "unrecognized parameter", "[bogus]");
        Reply missing = HttpJsonSupport.refused(rest(), 404, "GET", "/birds/_vicinity/stats", null, "birds");
        assertThat(missing.body(), missing.at("error", "type"), equalTo("index_not_found_exception"));
        Reply missingCat = HttpJsonSupport.refused(rest(), 404, "GET", "/_cat/vicinity/birds", null, "birds");
        assertThat(missingCat.body(), missingCat.at("error", "type"), equalTo("index_not_found_exception"));
    }

    private void createIndex(String index) {
        StringBuilder fields = new StringBuilder();
        for (Map.Entry<String, String> field : METHODS.entrySet()) {
            String params = switch (field.getValue()) {
                case "nndescent" -> ", \"n_neighbors\": 4";
                case "forest" -> ", \"n_trees\": 3";
                default -> "";
            };
            String exactBelow = field.getValue().equals("exact") ? "" : ", \"exact_below\": " + EXACT_BELOW;
            fields.append(String.format(Locale.ROOT, "\"%s\": { \"type\": \"vicinity_vector\", \"dims\": %d, \"metric\": \"euclidean\","
                + " \"method\": { \"type\": \"%s\"%s%s } },", field.getKey(), DIMS, field.getValue(), params, exactBelow));
        }
        HttpJsonSupport.ok(rest(), "PUT", "/" + index, String.format(Locale.ROOT, """
            { "settings": { "number_of_shards": %d, "number_of_replicas": 1, "index.codec": "Vicinity104", "refresh_interval": -1 },
              "mappings": { "properties": { %s "n": { "type": "integer" } } } }""", SHARDS, fields));
        ensureGreen(index);
    }

    private void index(String index, int from, int count) {
        StringBuilder bulk = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n{");
            for (String field : METHODS.keySet()) {
                bulk.append('"').append(field).append("\":").append(HttpJsonSupport.vectorJson(randomVector())).append(',');
            }
            bulk.append("\"n\":").append(i).append("}\n");
        }
        Reply reply = HttpJsonSupport.ok(rest(), "POST", "/" + index + "/_bulk", bulk.toString());
        assertThat(reply.body(), reply.json().get("errors"), equalTo(false));
    }

    private static float[] randomVector() {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = randomFloat() * 10 - 5;
        }
        return v;
    }

    private static String knn(String field) {
        return "{ \"size\": 3, \"query\": { \"vicinity_knn\": { \"field\": \"" + field + "\", \"vector\": "
            + HttpJsonSupport.vectorJson(randomVector()) + ", \"k\": 3 } } }";
    }

    /** Every copy of {@link #INDEX}'s shards with its node and the vector counts of its segments, from {@code _segments}. */
    private List<Copy> copies() {
        Reply segments = HttpJsonSupport.ok(rest(), "GET", "/" + INDEX + "/_segments", null);
        Map<String, List<Map<String, Object>>> shards = segments.at("indices", INDEX, "shards");
        List<Copy> copies = new ArrayList<>();
        for (List<Map<String, Object>> shard : shards.values()) {
            for (Map<String, Object> copy : shard) {
                List<Long> sizes = new ArrayList<>();
                Map<String, Map<String, Object>> bySegment = at(copy, "segments");
                for (Map<String, Object> segment : bySegment.values()) {
                    assertThat("searchable after the refresh: " + segment, segment.get("search"), equalTo(true));
                    sizes.add(number(segment, "num_docs") + number(segment, "deleted_docs"));
                }
                copies.add(new Copy(at(copy, "routing.node"), sizes));
            }
        }
        return copies;
    }

    private static Map<String, String> nodeNamesById() {
        Map<String, String> names = new TreeMap<>();
        for (DiscoveryNode node : internalCluster().clusterService().state().nodes()) {
            names.put(node.getId(), node.getName());
        }
        return names;
    }

    private static Set<String> indicesOn(Reply stats, String nodeId) {
        Map<?, ?> indices = stats.at("nodes", nodeId, "indices");
        TreeSet<String> names = new TreeSet<>();
        indices.keySet().forEach(name -> names.add(name.toString()));
        return names;
    }

    private static List<Map<String, Object>> catRows(String json) {
        try (var parser = org.elasticsearch.xcontent.json.JsonXContent.jsonXContent.createParser(
            org.elasticsearch.xcontent.XContentParserConfiguration.EMPTY, json)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Object row : parser.list()) {
                rows.add(castMap(row));
            }
            return rows;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** The value at a dotted path of nested maps, {@code null} when a step is missing. */
    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> map, String path) {
        Object node = map;
        for (String key : path.split("\\.")) {
            if (node instanceof Map<?, ?> m) {
                node = m.get(key);
            } else {
                return null;
            }
        }
        return (T) node;
    }

    private static long number(Map<String, Object> map, String path) {
        Object value = at(map, path);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new AssertionError("no number at [" + path + "] in " + map);
    }
}
