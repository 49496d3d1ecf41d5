package dev.vicinity.lsh;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.tests.util.LuceneTestCase;

public class LshParametersTests extends LuceneTestCase {

    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);
    private static final Metric COSINE = Metrics.byName("cosine", Float.NaN);

    public void testDefaultsWithoutHashes() {
        LshParameters p = LshParameters.parse(Map.of(), EUCLIDEAN);
        assertEquals(LshParameters.DEFAULT_SEED, p.seed());
        assertEquals(1, p.hashes().size());
        HashSpec spec = p.hashes().get(0);
        assertEquals(HashType.CROSS_POLYTOPE, spec.type());
        assertEquals(LshParameters.defaultTables(HashType.CROSS_POLYTOPE), spec.tables());
        assertEquals("auto", 0, spec.dimension());
        assertEquals(LshParameters.DEFAULT_ROTATIONS, spec.rotations());
        assertEquals(LshParameters.DEFAULT_BUCKET_SIZE, spec.bucketSize());
        assertTrue("euclidean centres by default", spec.center());
        assertTrue("a centred family is fitted", spec.trained());
        assertFalse("angular metrics do not centre by default", LshParameters.parse(Map.of(), COSINE).hashes().get(0).center());
        assertEquals(spec.tables(), p.tableCount());
    }

    public void testEntriesParsedInOrderWithTheirOwnValues() {
        Map<String, String> map = new HashMap<>();
        map.put("seed", "7");
        map.put("hashes.0.type", "binary");
        map.put("hashes.0.tables", "3");
        map.put("hashes.0.projections", "12");
        map.put("hashes.0.center", "false");
        map.put("hashes.1.type", "discretized");
        map.put("hashes.1.bin_width", "2.5");
        map.put("hashes.1.projections", "5");
        map.put("hashes.2.type", "tree");
        map.put("hashes.2.minimum_result_size", "20");
        map.put("hashes.2.seed", "99");
        map.put("hashes.3.type", "cross_polytope");
        map.put("hashes.3.dimension", "16");
        map.put("hashes.3.rotations", "3");
        map.put("hashes.3.bucket_size", "4");
        map.put("hashes.4.type", "pca_discretized");
        map.put("hashes.5.type", "PCA_Binary");
        LshParameters p = LshParameters.parse(map, EUCLIDEAN);
        assertEquals(7, p.seed());
        List<HashSpec> h = p.hashes();
        assertEquals(6, h.size());
        assertEquals(new HashSpec(HashType.BINARY, 3, 12, Float.NaN, 0, 0, 0, false, 16, SplitMix64.derive(7, 0, -1)), h.get(0));
        assertFalse(h.get(0).trained());
        assertEquals(new HashSpec(HashType.DISCRETIZED, 16, 5, 2.5f, 0, 0, 0, false, 16, SplitMix64.derive(7, 1, -1)), h.get(1));
        assertFalse("an explicit bin width is not fitted", h.get(1).trained());
        assertEquals(new HashSpec(HashType.TREE, 16, 32, Float.NaN, 20, 0, 0, true, 0, 99), h.get(2));
        assertEquals(16, h.get(3).dimension());
        assertEquals(3, h.get(3).rotations());
        assertEquals(4, h.get(3).bucketSize());
        assertTrue("auto bin width is fitted", Float.isNaN(h.get(4).binWidth()));
        assertTrue(h.get(4).trained());
        assertEquals(HashType.PCA_BINARY, h.get(5).type());
        assertEquals(1, h.get(5).tables());
        assertEquals(16 + 16 + 64 + 16 + 3 + 1, p.tableCount());
        assertNotEquals("entries get independent seeds", h.get(0).seed(), h.get(1).seed());
    }

    public void testToMapRoundTrips() {
        Map<String, String> map = Map.of("hashes.0.type", "discretized", "hashes.1.type", "cross_polytope", "hashes.1.tables", "5",
            "hashes.2.type", "tree", "hashes.3.type", "pca_binary", "hashes.4.type", "discretized", "hashes.4.bin_width", "0.5", "seed", "-3");
        for (Metric metric : List.of(EUCLIDEAN, COSINE)) {
            LshParameters p = LshParameters.parse(map, metric);
            Map<String, String> resolved = p.toMap();
            assertEquals(p, LshParameters.parse(resolved, metric));
            assertEquals("auto", resolved.get("hashes.0.bin_width"));
            assertEquals("0.5", resolved.get("hashes.4.bin_width"));
            assertEquals("auto", resolved.get("hashes.1.dimension"));
            assertEquals(Boolean.toString(metric.isAngular() == false), resolved.get("hashes.1.center"));
        }
    }

    public void testErrorsNameThePathAndTheValue() {
        assertMessage("[hashes.1.bin_width] must be a finite number > [0] but was [-1]",
            Map.of("hashes.0.type", "binary", "hashes.1.type", "discretized", "hashes.1.bin_width", "-1"));
        assertMessage("[hashes.0.bin_width] must be a finite number > [0] but was [NaN]", Map.of("hashes.0.type", "discretized", "hashes.0.bin_width", "NaN"));
        assertMessage("[hashes.0.bin_width] must be a finite number > [0] or [auto] but was [wide]",
            Map.of("hashes.0.type", "discretized", "hashes.0.bin_width", "wide"));
        assertMessage("unknown parameter [probes] for index method [lsh], expected [seed] or [hashes.N.name]", Map.of("probes", "3"));
        assertMessage("unknown parameter [hashes.0.bin_width] for hash type [binary], expected one of [type, tables, projections, center, bucket_size, seed]",
            Map.of("hashes.0.type", "binary", "hashes.0.bin_width", "1"));
        assertMessage("[hashes.0.type] must be one of [binary, discretized, pca_binary, pca_discretized, tree, cross_polytope] but was [minhash]",
            Map.of("hashes.0.type", "minhash"));
        assertMessage("[hashes.0.type] is required, one of [binary, discretized, pca_binary, pca_discretized, tree, cross_polytope]",
            Map.of("hashes.0.tables", "2"));
        assertMessage("[hashes.1] is missing: entries are numbered from [0] without gaps", Map.of("hashes.0.type", "binary", "hashes.2.type", "binary"));
        assertMessage("[hashes.x.type] is not a parameter of index method [lsh]: entries are named [hashes.N.name] with N = 0, 1, ...",
            Map.of("hashes.x.type", "binary"));
        assertMessage("[hashes.01.type] is not a parameter of index method [lsh]: entries are named [hashes.N.name] with N = 0, 1, ...",
            Map.of("hashes.01.type", "binary"));
        assertMessage("[hashes.0.tables] must be between [1] and [128] but was [0]", Map.of("hashes.0.type", "binary", "hashes.0.tables", "0"));
        assertMessage("[hashes.0.tables] must be an integer but was [two]", Map.of("hashes.0.type", "binary", "hashes.0.tables", "two"));
        assertMessage("[hashes.1.tables] brings the tables of all entries to [130] but at most [128] are allowed",
            Map.of("hashes.0.type", "binary", "hashes.0.tables", "100", "hashes.1.type", "tree", "hashes.1.tables", "30"));
        assertMessage("[hashes.0.projections] must be between [1] and [32] but was [33]", Map.of("hashes.0.type", "binary", "hashes.0.projections", "33"));
        assertMessage("[hashes.0.projections] must be between [1] and [64] but was [65]",
            Map.of("hashes.0.type", "discretized", "hashes.0.projections", "65"));
        assertMessage("[hashes.0.dimension] must be a power of two or [auto] but was [48]",
            Map.of("hashes.0.type", "cross_polytope", "hashes.0.dimension", "48"));
        assertMessage("[hashes.0.dimension] must be between [2] and [65536] but was [1]", Map.of("hashes.0.type", "cross_polytope", "hashes.0.dimension", "1"));
        assertMessage("[hashes.0.rotations] must be between [1] and [3] but was [4]", Map.of("hashes.0.type", "cross_polytope", "hashes.0.rotations", "4"));
        assertMessage("[hashes.0.center] must be [true] or [false] but was [yes]", Map.of("hashes.0.type", "binary", "hashes.0.center", "yes"));
        assertMessage("[hashes.0.bucket_size] must be between [1] and [65536] but was [0]", Map.of("hashes.0.type", "binary", "hashes.0.bucket_size", "0"));
        assertMessage("[hashes.0.minimum_result_size] must be between [1] and [1000000] but was [0]",
            Map.of("hashes.0.type", "tree", "hashes.0.minimum_result_size", "0"));
        assertMessage("[hashes.0.tables] must be [1] for [pca_binary], whose functions are the principal components and would be the same"
            + " in every table, but was [2]", Map.of("hashes.0.type", "pca_binary", "hashes.0.tables", "2"));
        assertMessage("[seed] must be an integer but was [1.5]", Map.of("seed", "1.5"));
        assertMessage("[hashes.0.seed] must be an integer but was [x]", Map.of("hashes.0.type", "binary", "hashes.0.seed", "x"));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= LshParameters.MAX_ENTRIES; i++) {
            many.put("hashes." + i + ".type", "binary");
            many.put("hashes." + i + ".tables", "1");
        }
        assertMessage("[hashes] may have at most [8] entries but has [9]", many);
    }

    public void testFamiliesRefuseMetricsTheyDoNotFit() {
        for (String name : List.of("manhattan", "chebyshev", "dot", "hamming", "canberra", "braycurtis")) {
            Metric metric = Metrics.byName(name, Float.NaN);
            for (HashType type : HashType.values()) {
                IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                    () -> LshParameters.parse(Map.of("hashes.0.type", type.typeName()), metric));
                assertEquals("[hashes.0.type] [" + type.typeName() + "] does not fit metric [" + name
                    + "]: locality-sensitive hashes need an angular metric or one ranked by squared euclidean distance", e.getMessage());
            }
            expectThrows(IllegalArgumentException.class, () -> LshParameters.parse(Map.of(), metric));
        }
        for (String name : List.of("euclidean", "sqeuclidean", "cosine", "correlation")) {
            for (HashType type : HashType.values()) {
                LshParameters.parse(Map.of("hashes.0.type", type.typeName()), Metrics.byName(name, Float.NaN));
            }
        }
    }

    private static void assertMessage(String message, Map<String, String> params) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> LshParameters.parse(params, EUCLIDEAN));
        assertEquals(message, e.getMessage());
    }
}
