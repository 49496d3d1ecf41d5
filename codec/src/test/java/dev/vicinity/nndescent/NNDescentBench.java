package dev.vicinity.nndescent;

import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.rptree.FlatTree;
import dev.vicinity.rptree.RPForestBuilder;

import dev.vicinity.ann.VectorSource;

import java.nio.file.Path;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

/**
 * A manual benchmark, not a test (no timing is ever asserted): builds an index over a shared dataset, prints the
 * build time, then recall@10 and queries/s per epsilon, single-threaded.
 * Usage: {@code NNDescentBench <dataset> [n_neighbors] [base limit, or 0 for all, with queries] [leaf_size] [n_trees] [diversify_prob]}.
 */
public final class NNDescentBench {

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "optdigits-64-euclidean";
        int nNeighbors = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int limit = args.length > 2 && Integer.parseInt(args[2]) > 0 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        Path dir = SharedData.dataset(name);
        float[][] base = SharedData.fvecs(dir.resolve("base.fvecs.gz"), limit);
        float[][] queries = SharedData.fvecs(dir.resolve("query.fvecs.gz"), Integer.MAX_VALUE);
        int[][] truth = SharedData.ivecs(dir.resolve("groundtruth.ivecs.gz"), Integer.MAX_VALUE);
        Metric plain = Metrics.byName(name.endsWith("angular") ? "cosine" : "euclidean", Float.NaN);
        long[] count = new long[1];
        Metric metric = Boolean.getBoolean("count") ? new Metric() {
            public String name() { return plain.name(); }
            public int id() { return plain.id(); }
            public float distance(float[] x, float[] y) { return plain.distance(x, y); }
            public float fastDistance(float[] x, float[] y) { count[0]++; return plain.fastDistance(x, y); }
            public float toDistance(float d) { return plain.toDistance(d); }
            public boolean isAngular() { return plain.isAngular(); }
        } : plain;
        VectorSource vectors = VectorSource.of(base[0].length, base);
        NNDescentParameters params = NNDescentParameters.defaults(base.length, nNeighbors, 42);
        if (args.length > 3) { // PyNNDescent 0.5.8 used leaf_size = max(10, n_neighbors), n_trees = min(32, 5 + round(n^0.25))
            params = params.withLeafSize(Integer.parseInt(args[3]));
        }
        if (args.length > 4) {
            params = params.withNTrees(Integer.parseInt(args[4]));
        }
        if (args.length > 5) {
            params = params.withDiversifyProb(Float.parseFloat(args[5]));
        }
        System.out.println(params);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        NNDescentIndex index = NNDescentBuilder.build(vectors, metric, params, null, new BuildMonitor() {
            final long t0 = System.nanoTime();

            @Override
            public void phase(String phase) {
                System.out.printf("  %6.2fs %s distances so far %d%n", (System.nanoTime() - t0) / 1e9, phase, count[0]);
            }

            @Override
            public void iteration(int iteration, int maxIterations, long updates) {
                System.out.printf("  %6.2fs iteration %d/%d updates %d distances so far %d%n", (System.nanoTime() - t0) / 1e9, iteration, maxIterations, updates, count[0]);
            }
        });
        // CPU time of this (the only building) thread: on a shared machine wall time also counts other processes
        System.out.printf("%s n=%d build %.2fs wall, %.2fs CPU, edges %d%n", name, base.length, (System.nanoTime() - start) / 1e9,
            (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9, index.graph().neighbours().length);
        graphAccuracy(base, plain, index.knnGraph(), 300);
        if (limit != Integer.MAX_VALUE && Boolean.getBoolean("queries") == false) {
            return; // the ground truth is for the full base: with a limit only timings would mean anything
        }
        for (int leaf : new int[] { 0, -1 }) {
        if (leaf == -1) { // the same index over vectors laid out in search-tree leaf order (PyNNDescent's vertex order)
            int[] order = index.tree().indices();
            float[][] rows = new float[base.length][];
            int[] rank = new int[base.length];
            for (int r = 0; r < order.length; r++) {
                rows[r] = base[order[r]].clone();
                rank[order[r]] = r;
            }
            int dims = base[0].length;
            vectors = new VectorSource() {
                public int size() { return rows.length; }
                public int dims() { return dims; }
                public float[] vector(int ord) { return rows[rank[ord]]; }
                public VectorSource copy() { return this; }
            };
            System.out.println("vectors in leaf order:");
        }
        FlatTree tree = leaf <= 0 ? index.tree() : RPForestBuilder.refine(vectors, metric.isAngular(), leaf, new java.util.SplittableRandom(7), BuildMonitor.NONE, index.tree());
        System.out.println("search tree leaf size " + (leaf <= 0 ? params.searchLeafSize() : leaf) + ", nodes " + tree.nodeCount());
        NNDescentSearcher searcher = new NNDescentSearcher(index.graph(), tree, metric, nNeighbors, 42, vectors);
        for (float epsilon : new float[] { 0f, 0.1f, 0.2f, 0.3f }) {
            for (int pass = 0; pass < 2; pass++) {
                long t = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                long found = 0;
                long visited = 0;
                for (int q = 0; q < queries.length; q++) {
                    SearchResult r = searcher.search(queries[q], 10, epsilon, null);
                    visited += r.visited();
                    for (int ord : r.ords()) {
                        for (int j = 0; j < 10; j++) {
                            if (truth[q][j] == ord) {
                                found++;
                                break;
                            }
                        }
                    }
                }
                double secs = (System.nanoTime() - t) / 1e9;
                double cpuSecs = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
                System.out.printf("eps %.1f recall %.4f q/s %.0f wall, %.0f per CPU second, distances/query %.0f%n", epsilon,
                    found / (10.0 * queries.length), queries.length / secs, queries.length / cpuSecs, visited / (double) queries.length);
            }
        }
        }
    }

    /** The fraction of the true k-NN (self included) found in the rows of {@code sample} random points. */
    static void graphAccuracy(float[][] base, Metric metric, KnnGraph graph, int sample) {
        java.util.Random random = new java.util.Random(1);
        long found = 0;
        int k = graph.k();
        for (int s = 0; s < sample; s++) {
            int i = random.nextInt(base.length);
            float[] d = new float[base.length];
            for (int j = 0; j < base.length; j++) {
                d[j] = metric.fastDistance(base[i], base[j]);
            }
            float[] sorted = d.clone();
            java.util.Arrays.sort(sorted);
            float kth = sorted[k - 1];
            for (int id : graph.neighbours(i)) {
                if (id >= 0 && d[id] <= kth) {
                    found++;
                }
            }
        }
        System.out.printf("k-NN graph accuracy on %d sampled rows: %.4f%n", sample, found / (double) (sample * k));
    }
}
