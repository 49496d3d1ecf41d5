package dev.vicinity.bench;

import dev.vicinity.metric.Metrics;

import org.elasticsearch.test.ESTestCase;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code ./vicinity bench --via es} without a node: its options, their mistakes (each naming the
 * value), each system's parameter checks, and the mappings and searches the systems send. An ESTestCase only because
 * the class path holds the Elasticsearch jars (see {@link BenchCommandTests}).
 */
public class EsBenchOptionsTests extends ESTestCase {

    private static BenchOptions parse(String... args) {
        return BenchOptions.parse(args);
    }

    private static String error(String... args) {
        return expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args)).getMessage();
    }

    public void testDefaultsAndScopedParameters() {
        BenchOptions options = parse("--via", "es", "--dataset", "x", "--method", "nndescent,es-hnsw,es-bbq_hnsw", "--out", "o",
            "--build", "es-hnsw.m=32", "--query", "es-bbq_hnsw.oversample=2,4", "--query", "epsilon=0.2");
        assertNotNull(options.viaEs());
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), options.viaEs().clients());
        assertEquals(List.of("none"), options.viaEs().filters());
        assertNull(options.viaEs().home());
        EsSystem hnsw = EsSystems.byName("es-hnsw");
        assertEquals(Map.of("m", "32", "ef_construction", "100"), options.buildParams(hnsw));
        assertEquals(List.of("10", "20", "40", "80", "160", "320"), options.querySweep(hnsw).get("num_candidates"));
        assertEquals(List.of("2", "4"), options.querySweep(EsSystems.byName("es-bbq_hnsw")).get("oversample"));
        // The Vicinity systems take the in-process methods' parameters and sweeps.
        assertEquals(List.of("0.2"), options.querySweep(EsSystems.byName("nndescent")).get("epsilon"));
        assertEquals("30", options.buildParams(EsSystems.byName("nndescent")).get("n_neighbors"));

        BenchOptions all = parse("--via", "es", "--dataset", "x", "--method", "exact", "--out", "o", "--filter", "all", "--clients", "3",
            "--home", "h");
        assertEquals(List.of("none", "mod10", "mod100", "cluster"), all.viaEs().filters());
        assertEquals(3, all.viaEs().clients());
        assertEquals(Path.of("h"), all.viaEs().home());
        assertNull("in process by default", parse("--dataset", "x", "--method", "exact", "--out", "o").viaEs());
    }

    public void testMistakesNameTheValue() {
        assertEquals("[--via] must be [lucene] (in this JVM, the default) or [es] (through an Elasticsearch node) but was [solr]",
            error("--via", "solr", "--dataset", "x", "--method", "exact", "--out", "o"));
        assertEquals("[--clients] must be at least [1] but was [0]",
            error("--via", "es", "--dataset", "x", "--method", "exact", "--out", "o", "--clients", "0"));
        assertEquals("[--clients] must be a non-negative integer but was [many]",
            error("--via", "es", "--dataset", "x", "--method", "exact", "--out", "o", "--clients", "many"));
        assertEquals("unknown filter [mod7] in [--filter], expected [all] or some of [none, mod10, mod100, cluster]",
            error("--via", "es", "--dataset", "x", "--method", "exact", "--out", "o", "--filter", "none,mod7"));
        assertEquals("filter [mod10] is listed twice in [--filter]",
            error("--via", "es", "--dataset", "x", "--method", "exact", "--out", "o", "--filter", "mod10,mod10"));
        assertEquals("[--clients] is only taken with [--via es]", error("--dataset", "x", "--method", "exact", "--out", "o", "--clients", "4"));
        assertEquals("[--filter] is only taken with [--via es]", error("--dataset", "x", "--method", "exact", "--out", "o", "--filter", "mod10"));
        assertEquals("[--target-recall] is not taken with [--via es]",
            error("--via", "es", "--dataset", "x", "--method", "nndescent", "--out", "o", "--target-recall", "0.9"));
        assertTrue(error("--via", "es", "--dataset", "x", "--method", "hnsw", "--out", "o"),
            error("--via", "es", "--dataset", "x", "--method", "hnsw", "--out", "o").startsWith("unknown system [hnsw] for [--via es], expected one of [exact,"));
        assertEquals("[--query] parameter [es-hnsw.ef] is not taken by [es-hnsw]",
            error("--via", "es", "--dataset", "x", "--method", "es-hnsw", "--out", "o", "--query", "es-hnsw.ef=10"));
        // and a dense_vector system's name without --via es says where it belongs
        assertTrue(error("--dataset", "x", "--method", "es-hnsw", "--out", "o"),
            error("--dataset", "x", "--method", "es-hnsw", "--out", "o").startsWith("unknown method [es-hnsw]"));
    }

    public void testSystemsCheckTheirParametersBeforeTheNodeStarts() {
        EsSystem hnsw = EsSystems.byName("es-hnsw");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> hnsw.check(8, Metrics.byName("manhattan", Float.NaN), hnsw.buildDefaults(), List.of(Map.of("num_candidates", "10")), 10));
        assertEquals("system [es-hnsw] does not support metric [manhattan], only [euclidean] (l2_norm) and [cosine] (angular)", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> hnsw.check(8, Metrics.byName("euclidean", Float.NaN),
            Map.of("m", "1", "ef_construction", "100"), List.of(Map.of("num_candidates", "10")), 10));
        assertEquals("[m] must be between [2] and [512] but was [1]", e.getMessage());
        EsSystem bbq = EsSystems.byName("es-bbq_hnsw");
        e = expectThrows(IllegalArgumentException.class, () -> bbq.check(128, Metrics.byName("cosine", Float.NaN), bbq.buildDefaults(),
            List.of(Map.of("num_candidates", "10", "oversample", "0.5")), 10));
        assertEquals("[oversample] must be [0] or between [1] and [10] but was [0.5]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> bbq.check(32, Metrics.byName("cosine", Float.NaN), bbq.buildDefaults(),
            List.of(Map.of("num_candidates", "10")), 10));
        assertEquals("system [es-bbq_hnsw] takes at least [64] dimensions but the vectors have [32]", e.getMessage());
        // a Vicinity system is checked by the codec, as the in-process bench checks it
        EsSystem nndescent = EsSystems.byName("nndescent");
        e = expectThrows(IllegalArgumentException.class, () -> nndescent.check(8, Metrics.byName("euclidean", Float.NaN),
            nndescent.buildDefaults(), List.of(Map.of("epsilon", "-1")), 10));
        assertTrue(e.getMessage(), e.getMessage().contains("[-1]"));
    }

    public void testMappingsAndSearches() {
        EsSystem lsh = EsSystems.byName("lsh-binary");
        assertEquals("{\"type\":\"vicinity_vector\",\"dims\":4,\"metric\":\"euclidean\",\"method\":{\"type\":\"lsh\","
            + "\"seed\":42,\"hashes\":[{\"type\":\"binary\",\"tables\":64}]}}", lsh.fieldMapping(4, Metrics.byName("euclidean", Float.NaN), lsh.buildDefaults()));
        assertEquals("{\"size\":10,\"_source\":false,\"query\":{\"vicinity_knn\":{\"field\":\"vector\",\"vector\":[1.0,2.5],\"k\":10,"
            + "\"probes\":64,\"candidates\":500,\"filter\":{\"term\":{\"mod10\":0}}}}}",
            lsh.searchBody("[1.0,2.5]", 10, ordered("probes", "64", "candidates", "500"), "{\"term\":{\"mod10\":0}}"));
        EsSystem int8 = EsSystems.byName("es-int8_hnsw");
        assertEquals("{\"type\":\"dense_vector\",\"dims\":4,\"index\":true,\"similarity\":\"cosine\",\"index_options\":{\"type\":\"int8_hnsw\","
            + "\"m\":16,\"ef_construction\":100}}", int8.fieldMapping(4, Metrics.byName("cosine", Float.NaN), int8.buildDefaults()));
        // num_candidates below k is raised to k; oversample is rescore_vector.oversample; the filter is the knn section's
        assertEquals("{\"size\":10,\"_source\":false,\"knn\":{\"field\":\"vector\",\"query_vector\":[1.0],\"k\":10,\"num_candidates\":10,"
            + "\"rescore_vector\":{\"oversample\":2},\"filter\":{\"term\":{\"cluster\":3}}}}",
            int8.searchBody("[1.0]", 10, Map.of("num_candidates", "5", "oversample", "2"), "{\"term\":{\"cluster\":3}}"));
        assertEquals("{\"size\":5,\"_source\":false,\"knn\":{\"field\":\"vector\",\"query_vector\":[1.0],\"k\":5,\"num_candidates\":40}}",
            EsSystems.byName("es-hnsw").searchBody("[1.0]", 5, Map.of("num_candidates", "40"), null));
        assertEquals(List.of("10"), EsSystems.byName("es-flat").queryDefaults().get("num_candidates"));
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    public void testJson() throws Exception {
        Map<String, Object> parsed = Json.parseObject("{\"a\":[1,2.5e1,{\"b\":\"x\\\"\\u0041\"}],\"t\":true,\"n\":null,\"e\":{}}");
        assertEquals(List.of(1.0, 25.0, Map.of("b", "x\"A")), parsed.get("a"));
        assertEquals(Boolean.TRUE, parsed.get("t"));
        assertTrue(parsed.containsKey("n"));
        assertEquals(Map.of(), parsed.get("e"));
        assertEquals("x\"A", Json.at(((List<?>) parsed.get("a")).get(2), "b"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":}"));
        assertEquals("malformed JSON: expected a value at offset [5] of [{\"a\":}]", e.getMessage());
        assertEquals("[0.5,-1.0E-5]", Json.vector(new float[] { 0.5f, -1e-5f }));
        assertArrayEquals(new int[] { 7, 3 },
            QueryClients.hitIds("{\"timed_out\":false,\"_shards\":{\"failed\":0},\"hits\":{\"hits\":[{\"_id\":\"7\"},{\"_id\":\"3\"}]}}"));
        assertArrayEquals(new int[0], QueryClients.hitIds("{\"timed_out\":false,\"_shards\":{\"failed\":0}}"));
        expectThrows(java.io.IOException.class, () -> QueryClients.hitIds("{\"timed_out\":false,\"_shards\":{\"failed\":1},\"hits\":{\"hits\":[]}}"));
    }
}
