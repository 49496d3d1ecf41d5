package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;

import java.io.IOException;

import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * Recall@10 against the exact neighbours of the small shared datasets, in memory, for random seeds: 16 trees, leaves
 * of 16, the default hyperplanes (dense for these dimensions) and path priority. Floors are the lowest recall measured
 * over 12 seeds minus 0.02 (optdigits: 0.929 / 0.991 / 0.969; sift-5k: 0.670 / 0.874 / 0.721).
 */
public class ForestRecallTests extends LuceneTestCase {

    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);

    private static double[] recalls(String dataset, ForestParameters params, int[][] settings) throws IOException {
        SharedData.Loaded data = SharedData.load(dataset, Integer.MAX_VALUE);
        Forest forest = ForestBuilder.build(VectorSource.of(data.base()[0].length, data.base()), EUCLIDEAN, params, null);
        ForestSearcher searcher = new ForestSearcher(forest);
        double[] recalls = new double[settings.length];
        for (int s = 0; s < settings.length; s++) {
            recalls[s] = ForestTestData.recall(searcher, data.base(), data.queries(), data.truth(), EUCLIDEAN, 10, settings[s][0], settings[s][1]);
        }
        return recalls;
    }

    public void testOptdigits() throws IOException {
        // search_k, votes
        double[] r = recalls("optdigits-64-euclidean", new ForestParameters(16, 16, -1, random().nextLong()), new int[][] { { 160, 1 }, { 480, 1 }, { 480, 2 } });
        assertTrue("search_k 160: " + r[0], r[0] >= 0.909);
        assertTrue("search_k 480: " + r[1], r[1] >= 0.971);
        assertTrue("search_k 480, votes 2: " + r[2], r[2] >= 0.949);
    }

    public void testSift5k() throws IOException {
        double[] r = recalls("sift-5k-128-euclidean", new ForestParameters(16, 16, -1, random().nextLong()), new int[][] { { 160, 1 }, { 480, 1 }, { 480, 2 } });
        assertTrue("search_k 160: " + r[0], r[0] >= 0.65);
        assertTrue("search_k 480: " + r[1], r[1] >= 0.854);
        assertTrue("search_k 480, votes 2: " + r[2], r[2] >= 0.701);
    }
}
