package dev.vicinity.nndescent;

import dev.vicinity.ann.VectorSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

/**
 * A manual benchmark, not a test (no timing is ever asserted): what seeding a merge with its sources' k-NN graphs
 * saves against building the merged segment from nothing. Splits a shared dataset into {@code parts} consecutive
 * "segments", builds each, then builds the whole twice, from scratch and seeded with the parts' k-NN rows (what
 * the codec does at merge time, minus deletes), and prints both build times (CPU of this thread), k-NN graph
 * accuracy and query recall at epsilon 0.1.
 * Usage: {@code MergeBench <dataset> [parts]}.
 */
public final class MergeBench {

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "mnist-784-euclidean";
        int parts = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = SharedData.dataset(name);
        float[][] base = SharedData.fvecs(dir.resolve("base.fvecs.gz"), Integer.MAX_VALUE);
        float[][] queries = SharedData.fvecs(dir.resolve("query.fvecs.gz"), Integer.MAX_VALUE);
        int[][] truth = SharedData.ivecs(dir.resolve("groundtruth.ivecs.gz"), Integer.MAX_VALUE);
        Metric metric = Metrics.byName(name.endsWith("angular") ? "cosine" : "euclidean", Float.NaN);
        int n = base.length;
        int dims = base[0].length;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        int[][] seed = new int[n][];
        long partsCpu = 0;
        for (int part = 0; part < parts; part++) {
            int from = (int) ((long) n * part / parts);
            int to = (int) ((long) n * (part + 1) / parts);
            float[][] slice = Arrays.copyOfRange(base, from, to);
            long cpu = threads.getCurrentThreadCpuTime();
            NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(dims, slice), metric,
                NNDescentParameters.defaults(slice.length, 30, 42), null, null);
            partsCpu += threads.getCurrentThreadCpuTime() - cpu;
            for (int i = 0; i < slice.length; i++) {
                int[] row = index.knnGraph().neighbours(i).clone();
                for (int j = 0; j < row.length; j++) {
                    row[j] = row[j] < 0 ? -1 : row[j] + from;
                }
                seed[from + i] = row;
            }
        }
        System.out.printf("%s: %d parts built in %.2fs CPU%n", name, parts, partsCpu / 1e9);
        NNDescentParameters params = NNDescentParameters.defaults(n, 30, 42);
        for (boolean seeded : new boolean[] { false, true }) {
            long cpu = threads.getCurrentThreadCpuTime();
            NNDescentIndex index = NNDescentBuilder.build(VectorSource.of(dims, base), metric, params, seeded ? seed : null, null);
            double secs = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            System.out.printf("merged build %s: %.2fs CPU%n", seeded ? "seeded by the parts" : "from scratch", secs);
            NNDescentBench.graphAccuracy(base, metric, index.knnGraph(), 300);
            NNDescentSearcher searcher = new NNDescentSearcher(index, VectorSource.of(dims, base));
            long found = 0;
            for (int q = 0; q < queries.length; q++) {
                for (int ord : searcher.search(queries[q], 10, 0.1f, null).ords()) {
                    for (int j = 0; j < 10; j++) {
                        if (truth[q][j] == ord) {
                            found++;
                            break;
                        }
                    }
                }
            }
            System.out.printf("  recall@10 at epsilon 0.1: %.4f%n", found / (10.0 * queries.length));
        }
    }
}
