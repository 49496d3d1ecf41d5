package dev.vicinity.lsh;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.VectorUtil;
import org.junit.AfterClass;

/**
 * Recall@10 against the exact neighbours of the small shared datasets, in memory: {@code optdigits-64-euclidean}
 * (3,823 points, 1,797 queries) and {@code sift-5k-128-euclidean} (4,000 points, 1,000 queries). Each run draws a
 * random seed; the floors are the lowest recall measured over 20 seeds minus the tolerance stated beside each.
 */
public class LshRecallTests extends LuceneTestCase {

    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);
    private static final int K = 10;
    private static final Map<String, SharedData.Loaded> DATA = new HashMap<>();

    @AfterClass
    public static void freeData() {
        DATA.clear();
    }

    private static SharedData.Loaded data(String name) throws IOException {
        SharedData.Loaded loaded = DATA.get(name);
        if (loaded == null) {
            loaded = SharedData.load(name, Integer.MAX_VALUE);
            DATA.put(name, loaded);
        }
        return loaded;
    }

    /** Recall@10 of an index with {@code params} (plus a random seed) at {@code probes} and {@code candidates}. */
    static double recall(SharedData.Loaded data, Map<String, String> params, long seed, int probes, int candidates) {
        Map<String, String> withSeed = new HashMap<>(params);
        withSeed.put("seed", Long.toString(seed));
        float[][] base = data.base();
        LshIndex index = LshBuilder.build(VectorSource.of(base[0].length, base), EUCLIDEAN, LshParameters.parse(withSeed, EUCLIDEAN), null);
        LshSearcher searcher = new LshSearcher(index.functions(), index.tables());
        int[] best = new int[K];
        float[] distances = new float[K];
        long found = 0;
        for (int q = 0; q < data.queries().length; q++) {
            float[] query = data.queries()[q];
            int count = searcher.search(query, probes, candidates, K, null);
            assertTrue("never fewer than k candidates", count >= K);
            int size = 0;
            for (int i = 0; i < count; i++) {
                int ord = searcher.candidates()[i];
                size = LshBench.offer(best, distances, size, ord, VectorUtil.squareDistance(query, base[ord]));
            }
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < K; j++) {
                    if (data.truth()[q][j] == best[i]) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found / (double) (K * data.queries().length);
    }

    private static void assertRecall(String what, double recall, double floor) {
        assertTrue(what + ": recall@10 " + recall + " below " + floor, recall >= floor);
    }

    public void testDefaultIndexOnOptdigits() throws IOException {
        SharedData.Loaded data = data("optdigits-64-euclidean");
        long seed = random().nextLong();
        // 64 cross-polytope tables, 128 probes, 1,000 candidates; measured over 20 seeds: 0.9962 to 0.9976; tolerance 0.01
        assertRecall("default", recall(data, Map.of(), seed, LshSearcher.defaultProbes(LshParameters.parse(Map.of(), EUCLIDEAN).tableCount()),
            LshSearcher.defaultCandidates(K)), 0.986);
    }

    public void testDefaultIndexOnSift() throws IOException {
        SharedData.Loaded data = data("sift-5k-128-euclidean");
        long seed = random().nextLong();
        // measured over 20 seeds: 0.9341 to 0.9442; tolerance 0.01
        assertRecall("default", recall(data, Map.of(), seed, LshSearcher.defaultProbes(LshParameters.parse(Map.of(), EUCLIDEAN).tableCount()),
            LshSearcher.defaultCandidates(K)), 0.924);
    }

    public void testNearPyFamiliesOnOptdigits() throws IOException {
        SharedData.Loaded data = data("optdigits-64-euclidean");
        long seed = random().nextLong();
        // default tables (16, pca_binary 1), no cap; measured over 20 seeds, range beside each; tolerance 0.015
        assertRecall("binary", recall(data, Map.of("hashes.0.type", "binary"), seed, 64, 0), 0.975); // 0.9901 to 0.9931
        assertRecall("discretized", recall(data, Map.of("hashes.0.type", "discretized"), seed, 64, 0), 0.956); // 0.9711 to 0.9803
        assertRecall("tree", recall(data, Map.of("hashes.0.type", "tree", "hashes.0.tables", "8"), seed, 1, 0), 0.887); // 0.9024 to 0.9272
        assertRecall("pca_binary", recall(data, Map.of("hashes.0.type", "pca_binary"), seed, 64, 0), 0.976); // 0.9915 (no seed dependence)
        assertRecall("pca_discretized", recall(data, Map.of("hashes.0.type", "pca_discretized", "hashes.0.tables", "8"), seed, 32, 0),
            0.940); // 0.9551 to 0.9745
    }
}
