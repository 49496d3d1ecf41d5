package dev.vicinity.nndescent;

import dev.vicinity.rptree.RPTreeTests;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.FlatTree;

import dev.vicinity.ann.BuildMonitor;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import org.apache.lucene.tests.util.LuceneTestCase;

public class SearchGraphTests extends LuceneTestCase {

    /** Points on a line; the distance is {@code |x - y|}. */
    private static OrdDistance line(float... x) {
        return (a, b) -> Math.abs(x[a] - x[b]);
    }

    private static SearchGraphBuilder builder(OrdDistance distance, int maxDegree) {
        return new SearchGraphBuilder(distance, 1f, maxDegree, new SplittableRandom(0), BuildMonitor.NONE);
    }

    /**
     * Point 0 at x=0 has in-edges from 1 (x=-2), 2 (x=1) and 3 (x=3). By distance: 2 (1), 1 (2), 3 (3). 1 is on the
     * other side of 0 from 2 (d(1,2) = 3 > 2), so it stays; 3 is occluded by 2 (d(3,2) = 2 < 3). The transpose stores
     * the in-edges by source ordinal (1, 2, 3), not by distance: PyNNDescent's dense {@code diversify_csr} compares
     * with {@code current_indices[k]} (storage position) instead of {@code current_indices[order[k]]}, which
     * measures point 1 against itself (distance 0) and wrongly drops it.
     */
    public void testReverseDiversifyComparesTheRightPoints() {
        OrdDistance distance = line(0f, -2f, 1f, 3f);
        WeightedRows forward = new WeightedRows(new int[] { 0, 0, 1, 2, 3 }, new int[] { 0, 0, 0 }, new float[] { 2f, 1f, 3f });
        WeightedRows reverse = builder(distance, 10).reverseDiversify(forward);
        assertEquals(4, reverse.size());
        assertArrayEquals("nearest first, 3 occluded by 2", new int[] { 2, 1 }, rowIds(reverse, 0));
        assertEquals(0, reverse.end(1) - reverse.start(1));
    }

    public void testForwardDiversifyKeepsTheFirstAndDropsOccluded() {
        // 0 at x=0; neighbours 1 (x=1), 2 (x=2): 2 is occluded by 1; 3 (x=-1.5) is not
        OrdDistance distance = line(0f, 1f, 2f, -1.5f);
        KnnGraph knn = new KnnGraph(
            4,
            4,
            new int[] { 0, 1, 3, 2, 1, 0, 2, 3, 2, 1, 0, 3, 3, 0, 1, 2 },
            new float[] { 0, 1, 1.5f, 2, 0, 1, 1, 2.5f, 0, 1, 2, 3.5f, 0, 1.5f, 2.5f, 3.5f }
        );
        WeightedRows forward = builder(distance, 10).forwardDiversify(knn);
        assertArrayEquals("self dropped, 2 occluded by 1", new int[] { 1, 3 }, rowIds(forward, 0));
        assertArrayEquals(new int[] { 0, 2 }, rowIds(forward, 1));
    }

    public void testSearchGraphShape() {
        float[][] points = NNDescentTests.clustered(1000, 8, 10, random().nextLong());
        Metric metric = Metrics.byName("euclidean", Float.NaN);
        NNDescentParameters params = NNDescentParameters.defaults(points.length, 10, random().nextLong())
            .withPruningDegreeMultiplier(0.5f + random().nextFloat() * 2)
            .withDiversifyProb(random().nextFloat());
        NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(8, points), metric, params, null, null);
        SearchGraph graph = index.graph();
        assertEquals(points.length, graph.size());
        assertEquals(0f, graph.minDistance(), 0f); // euclidean distances are never negative
        int[] inDegree = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            assertTrue(graph.degree(i) <= params.maxDegree());
            Set<Integer> seen = new HashSet<>();
            float previous = -1;
            for (int e = graph.offsets()[i]; e < graph.offsets()[i + 1]; e++) {
                int j = graph.neighbours()[e];
                assertNotEquals("no self loops", i, j);
                assertTrue("no duplicates", seen.add(j));
                float d = metric.fastDistance(points[i], points[j]);
                assertTrue("nearest first", d >= previous);
                previous = d;
                inDegree[j]++;
            }
        }
        for (int i = 0; i < points.length; i++) {
            assertTrue("point " + i + " is connected", graph.degree(i) + inDegree[i] > 0);
        }
    }

    public void testBestTreeTakesTheHighestScore() {
        float[][] points = NNDescentTests.clustered(600, 8, 6, random().nextLong());
        Metric metric = Metrics.byName("euclidean", Float.NaN);
        NNDescentParameters params = NNDescentParameters.defaults(points.length, 10, random().nextLong());
        NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(8, points), metric, params, null, null);
        FlatTree good = RPTreeTests.forest(points, false, 60, 1, 1).get(0);
        FlatTree bad = RPTreeTests.forest(points, false, 2, 1, 1).get(0); // tiny leaves split neighbours apart
        long goodScore = NNDescentBuilder.score(good, index.knnGraph());
        long badScore = NNDescentBuilder.score(bad, index.knnGraph());
        assertTrue(goodScore + " vs " + badScore, goodScore > badScore);
        assertSame(good, NNDescentBuilder.bestTree(java.util.List.of(bad, good), index.knnGraph()));
        assertSame(good, NNDescentBuilder.bestTree(java.util.List.of(good, bad), index.knnGraph()));
    }

    private static int[] rowIds(WeightedRows rows, int row) {
        int[] ids = new int[rows.end(row) - rows.start(row)];
        System.arraycopy(rows.ids(), rows.start(row), ids, 0, ids.length);
        return ids;
    }

    /** Renumbering keeps every edge and each row's order, under the new numbers; a non-permutation is refused. */
    public void testRenumberedKeepsEdgesAndRowOrder() {
        int n = 50 + random().nextInt(200);
        int[] offsets = new int[n + 1];
        int[] neighbours = new int[n * 5];
        for (int p = 0; p < n; p++) {
            int degree = random().nextInt(6);
            for (int e = 0; e < degree; e++) {
                neighbours[offsets[p] + e] = random().nextInt(n);
            }
            offsets[p + 1] = offsets[p] + degree;
        }
        SearchGraph graph = new SearchGraph(offsets, java.util.Arrays.copyOf(neighbours, offsets[n]), -1f);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random().nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] position = new int[n];
        for (int p = 0; p < n; p++) {
            position[order[p]] = p;
        }
        SearchGraph renumbered = graph.renumbered(order);
        assertEquals(graph.minDistance(), renumbered.minDistance(), 0f);
        assertEquals(graph.neighbours().length, renumbered.neighbours().length);
        int[] row = new int[graph.maxDegree()];
        int[] newRow = new int[graph.maxDegree()];
        for (int ord = 0; ord < n; ord++) {
            int degree = graph.neighbours(ord, row);
            assertEquals(degree, renumbered.neighbours(position[ord], newRow));
            for (int e = 0; e < degree; e++) {
                assertEquals("edge " + e + " of " + ord, position[row[e]], newRow[e]);
            }
        }
        int[] notAPermutation = order.clone();
        notAPermutation[0] = notAPermutation[1];
        expectThrows(IllegalArgumentException.class, () -> graph.renumbered(notAPermutation));
        expectThrows(IllegalArgumentException.class, () -> graph.renumbered(new int[n - 1]));
    }
}
