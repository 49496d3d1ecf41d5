package dev.vicinity.nndescent;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;

import dev.vicinity.ann.VectorSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import org.apache.lucene.tests.util.LuceneTestCase;

public class NNDescentTests extends LuceneTestCase {

    /** {@code n} points around {@code clusters} gaussian centres, the kind of data NN-descent is meant for. */
    static float[][] clustered(int n, int dims, int clusters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[clusters][dims];
        for (float[] c : centres) {
            for (int d = 0; d < dims; d++) {
                c[d] = (float) (gaussian(random) * 5);
            }
        }
        float[][] points = new float[n][dims];
        for (float[] p : points) {
            float[] c = centres[random.nextInt(clusters)];
            for (int d = 0; d < dims; d++) {
                p[d] = c[d] + (float) gaussian(random);
            }
        }
        return points;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** The fraction of true k nearest neighbours (the point itself included, as in the graph) found in each row. */
    static double accuracy(float[][] points, Metric metric, KnnGraph graph) {
        int n = points.length;
        int k = graph.k();
        long found = 0;
        float[] dists = new float[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dists[j] = metric.fastDistance(points[i], points[j]);
                order[j] = j;
            }
            Arrays.sort(order, (x, y) -> Float.compare(dists[x], dists[y]));
            int[] row = graph.neighbours(i);
            for (int t = 0; t < k; t++) {
                for (int id : row) {
                    if (id == order[t]) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found / (double) (n * (long) k);
    }

    public void testGraphAccuracyOnClusteredData() {
        float[][] points = clustered(2000, 16 + random().nextInt(17), 20, random().nextLong());
        Metric metric = Metrics.byName("euclidean", Float.NaN);
        NNDescentParameters params = NNDescentParameters.defaults(points.length, 15, random().nextLong());
        NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(points[0].length, points), metric, params, null, null);
        double accuracy = accuracy(points, metric, index.knnGraph());
        assertEquals(0, index.knnGraph().unfilledSlots());
        // measured over 12 random seeds (dims 16-32): 0.99987 to 1.0; tolerance 0.005
        assertTrue("accuracy " + accuracy, accuracy >= 0.995);
        for (int i = 0; i < points.length; i++) {
            int base = i * 15;
            for (int s = base + 1; s < base + 15; s++) {
                assertTrue("sorted rows", index.knnGraph().distances()[s - 1] <= index.knnGraph().distances()[s]);
            }
        }
    }

    public void testCosineUsesAngularTreesAndStillFindsNeighbours() {
        float[][] points = clustered(1000, 16, 10, random().nextLong());
        Metric metric = Metrics.byName("cosine", Float.NaN);
        assertTrue(metric.isAngular());
        NNDescentParameters params = NNDescentParameters.defaults(points.length, 10, random().nextLong());
        NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(16, points), metric, params, null, null);
        double accuracy = accuracy(points, metric, index.knnGraph());
        assertTrue("accuracy " + accuracy, accuracy >= 0.99); // measured over 12 random seeds: 0.9985 to 0.9998
    }

    public void testDeterministicForAFixedSeed() {
        float[][] points = clustered(800, 8, 5, random().nextLong());
        Metric metric = Metrics.byName("euclidean", Float.NaN);
        NNDescentParameters params = NNDescentParameters.defaults(points.length, 10, random().nextLong()).withDiversifyProb(0.5f);
        NNDescentIndex a = NNDescentBuilder.build(VectorSource.of(8, points), metric, params, null, null);
        NNDescentIndex b = NNDescentBuilder.build(VectorSource.of(8, points), metric, params, null, null);
        assertArrayEquals(a.knnGraph().ids(), b.knnGraph().ids());
        assertArrayEquals(a.graph().offsets(), b.graph().offsets());
        assertArrayEquals(a.graph().neighbours(), b.graph().neighbours());
        assertArrayEquals(a.tree().indices(), b.tree().indices());
    }

    /** Like Lucene's off-heap vector values: one reused buffer per instance, overwritten by every call. */
    static VectorSource sharedBuffer(float[][] points) {
        int dims = points[0].length;
        return new VectorSource() {
            private final float[] buffer = new float[dims];

            @Override
            public int size() {
                return points.length;
            }

            @Override
            public int dims() {
                return dims;
            }

            @Override
            public float[] vector(int ord) {
                System.arraycopy(points[ord], 0, buffer, 0, dims);
                return buffer;
            }

            @Override
            public VectorSource copy() {
                return sharedBuffer(points);
            }
        };
    }

    public void testSharedBufferSourceBuildsAndSearchesTheSame() {
        float[][] points = clustered(700, 12, 7, random().nextLong());
        Metric metric = Metrics.byName(random().nextBoolean() ? "euclidean" : "cosine", Float.NaN);
        NNDescentParameters params = NNDescentParameters.defaults(points.length, 10, random().nextLong()).withDiversifyProb(0.7f);
        NNDescentIndex stable = NNDescentBuilder.build(VectorSource.of(12, points), metric, params, null, null);
        NNDescentIndex shared = NNDescentBuilder.build(sharedBuffer(points), metric, params, null, null);
        assertArrayEquals(stable.knnGraph().ids(), shared.knnGraph().ids());
        assertArrayEquals(stable.graph().neighbours(), shared.graph().neighbours());
        assertArrayEquals(stable.tree().indices(), shared.tree().indices());
        NNDescentSearcher a = new NNDescentSearcher(stable, VectorSource.of(12, points));
        NNDescentSearcher b = new NNDescentSearcher(shared, sharedBuffer(points));
        for (int q = 0; q < 20; q++) {
            float[] query = points[random().nextInt(points.length)].clone();
            query[0] += 0.1f;
            assertArrayEquals(a.search(query, 5, 0.1f, null).ords(), b.search(query, 5, 0.1f, null).ords());
        }
    }

    public void testInitialGraphSeedsTheBuild() {
        float[][] points = clustered(1500, 16, 15, random().nextLong());
        Metric metric = Metrics.byName("euclidean", Float.NaN);
        int n = points.length;
        NNDescentParameters params = NNDescentParameters.defaults(n, 12, random().nextLong());
        // as in a merge: each half was indexed alone, the merged build starts from both graphs
        int half = n / 2;
        int[][] initial = new int[n][];
        for (int part = 0; part < 2; part++) {
            int from = part * half;
            int to = part == 0 ? half : n;
            float[][] slice = Arrays.copyOfRange(points, from, to);
            KnnGraph g = NNDescentBuilder.build(VectorSource.of(16, slice), metric, params, null, null).knnGraph();
            for (int i = 0; i < slice.length; i++) {
                initial[from + i] = Arrays.stream(g.neighbours(i)).map(id -> id < 0 ? -1 : id + from).toArray();
            }
        }
        initial[0] = new int[] { -1, 5, -1 }; // rows may be short and partly unknown
        AtomicInteger iterations = new AtomicInteger();
        BuildMonitor monitor = new BuildMonitor() {
            @Override
            public void iteration(int iteration, int maxIterations, long updates) {
                assertEquals(iterations.incrementAndGet(), iteration);
                assertEquals(params.nIters(), maxIterations);
            }
        };
        NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(16, points), metric, params, initial, monitor);
        assertTrue(iterations.get() >= 1);
        double accuracy = accuracy(points, metric, index.knnGraph());
        assertTrue("accuracy " + accuracy, accuracy >= 0.99); // measured over 12 random seeds: 0.9986 to 0.9997
    }

    public void testAbort() {
        float[][] points = clustered(500, 4, 3, random().nextLong());
        int allowed = random().nextInt(20);
        AtomicInteger polls = new AtomicInteger();
        BuildMonitor monitor = new BuildMonitor() {
            @Override
            public boolean aborted() {
                return polls.incrementAndGet() > allowed;
            }
        };
        NNDescentParameters params = NNDescentParameters.defaults(points.length, 5, random().nextLong()).withLeafSize(10);
        expectThrows(
            BuildAbortedException.class,
            () -> NNDescentBuilder.build(VectorSource.of(4, points), Metrics.byName("euclidean", Float.NaN), params, null, monitor)
        );
    }

    public void testTinyInputs() {
        Metric metric = Metrics.byName("euclidean", Float.NaN);
        for (int n = 0; n < 5; n++) {
            float[][] points = clustered(n, 3, 1, random().nextLong());
            NNDescentParameters params = NNDescentParameters.defaults(n, 10, random().nextLong());
            NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(3, points), metric, params, null, null);
            assertEquals(n, index.size());
            assertEquals("each row can hold at most n points", (long) n * (10 - n), index.knnGraph().unfilledSlots());
            NNDescentSearcher searcher = new NNDescentSearcher(index, VectorSource.of(3, points));
            SearchResult result = searcher.search(new float[3], 10, 0.1f, null);
            assertEquals(n, result.size());
        }
    }
}
