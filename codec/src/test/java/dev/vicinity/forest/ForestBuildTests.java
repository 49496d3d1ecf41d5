package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import java.util.Arrays;
import java.util.Random;

import org.apache.lucene.tests.util.LuceneTestCase;

public class ForestBuildTests extends LuceneTestCase {

    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);
    private static final Metric COSINE = Metrics.byName("cosine", Float.NaN);

    public void testTreesAreWellFormedAndLeavesBounded() {
        Random random = random();
        int dims = 2 + random.nextInt(19);
        float[][] points = ForestTestData.clustered(random, 200 + random.nextInt(1500), dims, 1 + random.nextInt(8), random.nextFloat() * 5);
        int leafSize = 2 + random.nextInt(40);
        int trees = 1 + random.nextInt(5);
        Metric metric = random.nextBoolean() ? EUCLIDEAN : COSINE;
        int splitDims = random.nextBoolean() ? 0 : 1 + random.nextInt(dims);
        Forest forest = ForestBuilder.build(ForestTestData.source(points), metric, new ForestParameters(trees, leafSize, splitDims, random.nextLong()), null);
        forest.check();
        assertEquals(trees, forest.treeCount());
        assertEquals(points.length, forest.size());
        assertEquals(dims, forest.dims());
        assertEquals(splitDims != 0 && splitDims < dims, forest.isSparse());
        assertTrue(forest.maxLeafSize() <= leafSize);
        assertOwnLeaves(forest, points, 0.99);
    }

    /** Descending with a point's own vector reaches a leaf holding it (margins of exactly 0 go both ways). */
    static void assertOwnLeaves(Forest forest, float[][] points, double share) {
        int found = 0;
        int[] leafOf = new int[points.length];
        for (int t = 0; t < forest.treeCount(); t++) {
            for (int leaf = 0; leaf < forest.leafCount(); leaf++) {
                if (forest.leafStart(leaf) >= t * points.length && forest.leafStart(leaf) < (t + 1) * points.length) {
                    for (int at = forest.leafStart(leaf); at < forest.leafEnd(leaf); at++) {
                        leafOf[forest.points()[at]] = leaf;
                    }
                }
            }
            for (int p = 0; p < points.length; p++) {
                float[] extended = Arrays.copyOf(points[p], points[p].length + 1);
                extended[points[p].length] = 1;
                found += reaches(forest, forest.root(t), extended, leafOf[p]) ? 1 : 0;
            }
        }
        int total = points.length * forest.treeCount();
        assertTrue(found + " of " + total + " points descend to their own leaf", found >= total * share);
    }

    private static boolean reaches(Forest forest, int code, float[] extended, int leaf) {
        while (code >= 0) {
            float m = forest.margin(code, extended);
            if (m == 0) {
                return reaches(forest, forest.child(code, 0), extended, leaf) || reaches(forest, forest.child(code, 1), extended, leaf);
            }
            code = forest.child(code, m > 0 ? 0 : 1);
        }
        return ~code == leaf;
    }

    public void testSameSeedSameForestAndTreesDoNotDependOnTheirNumber() {
        Random random = random();
        float[][] points = ForestTestData.clustered(random, 1500, 12, 5, 1f);
        long seed = random.nextLong();
        ForestParameters params = new ForestParameters(3, 10, -1, seed);
        Forest a = ForestBuilder.build(ForestTestData.source(points), COSINE, params, null);
        Forest b = ForestBuilder.build(ForestTestData.source(points), COSINE, params, null);
        assertArrayEquals(a.points(), b.points());
        assertArrayEquals(a.children(), b.children());
        assertArrayEquals(a.leafBounds(), b.leafBounds());
        for (int i = 0; i < a.internalCount(); i++) {
            assertArrayEquals(a.planes()[i], b.planes()[i], 0f);
        }
        Forest reseeded = ForestBuilder.build(ForestTestData.source(points), COSINE, new ForestParameters(3, 10, -1, seed + 1), null);
        assertFalse("another seed, other trees", Arrays.equals(a.points(), reseeded.points()));
        // tree t draws from the t-th stream of the seed, whether 3 or 20 trees (in two batches) are built
        Forest more = ForestBuilder.build(ForestTestData.source(points), COSINE, params.withNTrees(20), null);
        assertArrayEquals(a.points(), Arrays.copyOf(more.points(), a.points().length));
        assertEquals(a.root(2), more.root(2));
    }

    public void testParallelBuildsGiveTheSameForestAndAbortsStopThem() throws Exception {
        Random random = random();
        float[][] points = ForestTestData.clustered(random, 1200, 12, 5, 0f);
        ForestParameters params = new ForestParameters(2 + random.nextInt(40), 10, -1, random.nextLong());
        Forest alone = ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, params, null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            Forest together = ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, params, null, pool, 3);
            assertArrayEquals(alone.points(), together.points());
            assertArrayEquals(alone.children(), together.children());
            dev.vicinity.ann.BuildMonitor abort = new dev.vicinity.ann.BuildMonitor() {
                @Override
                public boolean aborted() {
                    return true;
                }
            };
            expectThrows(dev.vicinity.ann.BuildAbortedException.class, () -> ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, params.withNTrees(8), abort));
            expectThrows(dev.vicinity.ann.BuildAbortedException.class, () -> ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, params.withNTrees(8), abort, pool, 3));
        } finally {
            pool.shutdown();
        }
    }

    public void testEveryMetricIsSplitAndFindsItsNeighbours() {
        Random random = random();
        for (String name : Metrics.names()) {
            Metric metric = Metrics.byName(name, name.equals("minkowski") ? 3f : Float.NaN);
            boolean bits = name.equals("hamming") || name.equals("jaccard");
            float[][] data = bits ? ForestTestData.bits(random, 1200, 64, 12) : ForestTestData.clustered(random, 1200, 16, 12, 6f);
            float[][] base = Arrays.copyOf(data, 1000);
            float[][] queries = Arrays.copyOfRange(data, 1000, 1200);
            Forest forest = ForestBuilder.build(ForestTestData.source(base), metric, new ForestParameters(10, 10, -1, random.nextLong()), null);
            forest.check();
            assertEquals(name, SplitSpace.forMetric(metric), forest.space());
            int[][] truth = new int[queries.length][];
            for (int q = 0; q < queries.length; q++) {
                truth[q] = ForestTestData.exact(base, queries[q], metric, 10);
            }
            // 100 slots are a tenth of the points: candidates picked at random would find about a tenth of the neighbours
            double recall = ForestTestData.recall(new ForestSearcher(forest), base, queries, truth, metric, 10, 100, 1);
            assertTrue(name + " recall@10 " + recall, recall >= (bits ? 0.35 : 0.5));
        }
    }

    public void testMetricsWithoutSplitAreRefusedByName() {
        Metric strange = new Metric() {
            @Override
            public String name() {
                return "strange";
            }

            @Override
            public int id() {
                return 99;
            }

            @Override
            public float distance(float[] a, float[] b) {
                return 0;
            }
        };
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> ForestBuilder.build(VectorSource.of(2, new float[][] { { 1, 2 } }), strange, ForestParameters.defaults(1), null));
        assertTrue(e.getMessage(), e.getMessage().contains("[strange]"));
        for (String name : Metrics.names()) { // every metric Vicinity knows has a split
            SplitSpace.forMetric(Metrics.byName(name, name.equals("minkowski") ? 1f : Float.NaN));
        }
        assertEquals(SplitSpace.MANHATTAN, SplitSpace.forMetric(Metrics.byName("minkowski", 1f)));
        assertEquals(SplitSpace.EUCLIDEAN, SplitSpace.forMetric(Metrics.byName("minkowski", 2f)));
    }

    public void testSplitSpaceIdsArePermanent() {
        int[] ids = { 1, 2, 3, 4, 5, 6 };
        SplitSpace[] spaces = { SplitSpace.EUCLIDEAN, SplitSpace.MANHATTAN, SplitSpace.ANGULAR, SplitSpace.CENTRED, SplitSpace.DOT, SplitSpace.COORDINATE };
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i], spaces[i].id());
            assertSame(spaces[i], SplitSpace.byId(ids[i]));
        }
        expectThrows(IllegalArgumentException.class, () -> SplitSpace.byId(0));
    }

    public void testHammingSplitsOneCoordinateOfBits() {
        float[][] points = ForestTestData.bits(random(), 800, 40, 6);
        Forest forest = ForestBuilder.build(ForestTestData.source(points), Metrics.byName("hamming", Float.NaN), new ForestParameters(4, 8, -1, random().nextLong()), null);
        forest.check();
        assertEquals(SplitSpace.COORDINATE, forest.space());
        assertTrue(forest.isSparse());
        assertEquals(1, forest.normalLength());
        for (float[] plane : forest.planes()) {
            // a bit split (x[c] - 0.5 > 0 means the bit is set), or a coin-flip node's zero row
            assertTrue(Arrays.toString(plane), (plane[0] == 1f && plane[1] == -0.5f) || (plane[0] == 0f && plane[1] == 0f));
        }
        assertOwnLeaves(forest, points, 0.99);
    }

    public void testSparseHyperplanesKeepTheirLargestCoordinates() {
        float[][] points = ForestTestData.clustered(random(), 1000, 40, 6, 0f);
        Forest forest = ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, new ForestParameters(3, 20, 8, random().nextLong()), null);
        forest.check();
        assertTrue(forest.isSparse());
        assertEquals(8, forest.normalLength());
        for (int node = 0; node < forest.internalCount(); node++) {
            float[] plane = forest.planes()[node];
            double squared = 0;
            for (int j = 0; j < 8; j++) {
                squared += plane[j] * plane[j];
                if (j > 0) {
                    assertTrue("coordinates ascend", forest.normalDim(node, j) > forest.normalDim(node, j - 1) || squared == 0);
                }
            }
            assertTrue("unit normal or coin flip: " + squared, Math.abs(squared - 1) < 1e-4 || squared == 0);
        }
        assertOwnLeaves(forest, points, 0.99);
        // dense normals for correlation whatever split_dims says: only a full centred normal ignores each vector's mean
        Forest correlation = ForestBuilder.build(ForestTestData.source(points), Metrics.byName("correlation", Float.NaN), new ForestParameters(2, 20, 8, 1), null);
        assertFalse(correlation.isSparse());
    }

    public void testDotSplitsTheAugmentedVectorsAndStoresQueryDimensions() {
        float[][] points = ForestTestData.clustered(random(), 600, 10, 4, 0f);
        for (int splitDims : new int[] { 0, 4 }) {
            Forest forest = ForestBuilder.build(ForestTestData.source(points), Metrics.byName("dot", Float.NaN), new ForestParameters(3, 10, splitDims, 3), null);
            forest.check(); // sparse coordinates stay below the query's dimensions
            assertEquals(SplitSpace.DOT, forest.space());
            assertEquals(10, forest.dims());
            assertEquals(splitDims == 0 ? 10 : 4, forest.normalLength());
        }
    }

    public void testAutomaticTreesReachAsManyNodesAsPoints() {
        float[][] points = ForestTestData.clustered(random(), 2000, 8, 4, 0f);
        Forest forest = ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, new ForestParameters(ForestParameters.AUTO_TREES, 20, -1, 5), null);
        forest.check();
        long nodes = forest.internalCount() + forest.leafCount();
        assertTrue(nodes + " nodes", nodes >= points.length);
        long perTree = nodes / forest.treeCount();
        assertTrue("no tree more than needed: " + forest.treeCount() + " trees, " + nodes + " nodes", nodes - perTree < points.length + perTree);
        assertTrue(forest.treeCount() > 1);
    }

    public void testCheckFindsDamagedArrays() {
        float[][] points = ForestTestData.clustered(random(), 500, 6, 3, 0f);
        Forest forest = ForestBuilder.build(ForestTestData.source(points), EUCLIDEAN, new ForestParameters(3, 8, -1, 2), null);
        forest.check();
        int[] children = forest.children().clone();
        children[1] = children[0]; // one node reached twice, another never
        expectThrows(IllegalStateException.class, () -> copy(forest, children, forest.points(), forest.maxLeafSize()).check());
        int[] points2 = forest.points().clone();
        points2[3] = points2[4]; // a point listed twice in a tree
        expectThrows(IllegalStateException.class, () -> copy(forest, forest.children(), points2, forest.maxLeafSize()).check());
        expectThrows(IllegalStateException.class, () -> copy(forest, forest.children(), forest.points(), forest.maxLeafSize() + 1).check());
    }

    private static Forest copy(Forest f, int[] children, int[] points, int maxLeafSize) {
        return new Forest(f.space(), f.dims(), f.size(), f.roots(), children, f.planes(), f.sparse(), maxLeafSize, f.leafBounds(), points);
    }

    public void testDuplicatesEmptyAndSinglePoint() {
        float[][] same = new float[300][];
        for (int i = 0; i < same.length; i++) {
            same[i] = new float[] { 1, 2, 3 };
        }
        Forest duplicates = ForestBuilder.build(ForestTestData.source(same), EUCLIDEAN, new ForestParameters(2, 5, -1, 1), null);
        duplicates.check();
        assertTrue(duplicates.maxLeafSize() <= 5);
        Forest empty = ForestBuilder.build(VectorSource.of(3, new float[0][]), EUCLIDEAN, ForestParameters.defaults(1), null);
        empty.check();
        assertEquals(0, empty.treeCount());
        assertEquals(0, new ForestSearcher(empty).collect(new float[3], 10, 1, 10, Integer.MAX_VALUE, null));
        Forest one = ForestBuilder.build(VectorSource.of(3, new float[][] { { 1, 2, 3 } }), COSINE, new ForestParameters(2, 2, -1, 1), null);
        one.check();
        ForestSearcher searcher = new ForestSearcher(one);
        assertEquals(1, searcher.collect(new float[] { 1, 0, 0 }, 10, 1, 10, Integer.MAX_VALUE, null));
        assertEquals(0, searcher.candidates()[0]);
    }
}
