package dev.vicinity.lsh;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.util.VectorUtil;

/**
 * A manual benchmark, not a test (nothing here is asserted, and it is not named like a test, so the build never
 * runs it): builds LSH indexes over a shared dataset and prints, per index and query setting, recall@10, queries/s
 * per CPU second of the querying thread (candidates scored with Lucene's {@link VectorUtil} on heap arrays,
 * single-threaded; CPU time because the machine is shared), build CPU seconds, bytes per
 * vector, probes, examined entries and candidates per query; brute force in the same run for reference.
 *
 * <p>Usage: {@code LshBench <dataset> <passes> <config>...}, where a config is
 * {@code name|key=value,key=value|probes/candidates,probes/candidates,...} with the flat parameter keys of
 * {@link LshParameters} ({@code -} for the defaults) and {@code candidates} 0 for no cap. Query settings of all
 * configs run interleaved, pass after pass, and the table reports each setting's best pass (the machine is shared).
 * Example: {@code LshBench mnist-784-euclidean 3 'cp|hashes.0.type=cross_polytope,hashes.0.tables=16|16/0,64/2000'}.
 * Set {@code -Dqueries=N} to use the first N queries only. Run it from {@code codec/} with the test class path, for
 * example {@code java --add-modules jdk.incubator.vector -Dvicinity.shared.data=../../shared/data -cp
 * target/classes:target/test-classes:<lucene-core jar> dev.vicinity.lsh.LshBench ...}.
 *
 * <p>Measured 2026-12-03 on the shared 2-core machine (AMD EPYC, AVX-512), queries/s per CPU second, best of 3
 * passes, with hnswlib 0.6.1 (M=16, ef_construction=200, one thread, Python loop of single queries, CPU time) run
 * in the same hour for reference; compare through ratios, not absolute numbers:
 * <pre>
 * MNIST (60,000 x 784, 10,000 queries)      recall@10   q/s   bytes/vector  build s  candidates  entries read
 *   brute force                               1.000      150
 *   hnswlib ef 10 / 12                        0.929 / 0.947   10,631 / 8,938
 *   default (64 cross-polytope) 128/1000      0.958    1,978      530          5.0      1,000       7,170
 *   default 64/500                            0.893    3,900                              500       4,248
 *   default 256/2000                          0.987    1,210                            2,000      12,099
 *   32 cross-polytope tables 128/1000         0.933    2,349      265          2.3      1,000       6,102
 *   binary, 64 tables 256/2000                0.970    1,296      530         10.6      2,000      10,554
 *   discretized, 64 tables 512/4000           0.965      682      792          3.1      3,964      18,850
 *   pca_discretized, 16 tables 256/2000       0.972    1,630      198          1.4      1,597       9,733
 *   tree, 16 tables (minimum 64)              0.714    2,517      198          2.5      1,570       1,680
 * GloVe (398,000 x 50, 1,000 queries)
 *   brute force                               1.000      214
 *   hnswlib ef 64 / 96                        0.901 / 0.939   10,009 / 6,905
 *   default (64 cross-polytope) 128/1000      0.840    1,692      533         16.1      1,000      30,098
 *   default 256/1000                          0.913      975                            1,000      52,455
 *   default 256/2000                          0.947      921                            2,000      52,455
 *   128 cross-polytope tables 128/1500        0.920    1,452    1,066         31.5      1,500      34,116
 *   128 cross-polytope tables 128/2000        0.932    1,384                            2,000      34,116
 *   binary, 64 tables 512/4000                0.938      620      533          7.4      4,000      71,004
 * </pre>
 */
public final class LshBench {

    private static final int K = 10;
    /** Query times are this thread's CPU time: on a shared machine wall time also counts other processes. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    record Setting(int probes, int candidates) {}

    record Built(String name, LshIndex index, double buildSeconds, List<Setting> settings) {}

    record Outcome(double recall, double seconds, double probes, double examined, double candidates, double searchSeconds) {}

    public static void main(String[] args) throws Exception {
        String dataset = args[0];
        int passes = Integer.parseInt(args[1]);
        int queryLimit = Integer.getInteger("queries", Integer.MAX_VALUE);
        SharedData.Loaded data = SharedData.load(dataset, queryLimit);
        boolean angular = dataset.endsWith("angular");
        Metric metric = Metrics.byName(angular ? "cosine" : "euclidean", Float.NaN);
        float[][] base = data.base();
        float[][] queries = data.queries();
        int dims = base[0].length;
        float[][] scored = angular ? normalized(base) : base;
        float[][] scoredQueries = angular ? normalized(queries) : queries;
        System.out.printf(Locale.ROOT, "%s: n=%d, dims=%d, queries=%d, metric=%s, raw vector bytes=%d%n", dataset, base.length, dims,
            queries.length, metric.name(), 4 * dims);

        List<Built> built = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int c = 2; c < args.length; c++) {
            String[] parts = args[c].split("\\|");
            Map<String, String> params = new LinkedHashMap<>();
            if (parts[1].equals("-") == false) {
                for (String kv : parts[1].split(",")) {
                    String[] pair = kv.split("=", 2);
                    params.put(pair[0].trim(), pair[1].trim());
                }
            }
            List<Setting> settings = new ArrayList<>();
            for (String s : parts[2].split(",")) {
                String[] pc = s.split("/");
                settings.add(new Setting(Integer.parseInt(pc[0]), Integer.parseInt(pc[1])));
            }
            LshParameters parameters = LshParameters.parse(params, metric);
            long cpu = threads.getCurrentThreadCpuTime();
            LshIndex index = LshBuilder.build(VectorSource.of(dims, base), metric, parameters, null);
            double buildSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            long stateBytes = 0;
            for (float[] state : index.functions().states()) {
                stateBytes += 4L * state.length;
            }
            System.out.printf(Locale.ROOT, "built %-12s in %6.2f s CPU: %d tables, resolutions %s, %.1f bytes/vector (+%d state bytes)%n", parts[0],
                buildSeconds, index.tables().tableCount(), resolutionSummary(index.tables()),
                index.tables().bytes() / (double) base.length, stateBytes);
            built.add(new Built(parts[0], index, buildSeconds, settings));
        }

        int[][] truth = data.truth();
        Map<String, Outcome> best = new LinkedHashMap<>();
        for (int pass = 0; pass < passes; pass++) {
            best.merge("brute force", bruteForce(scored, scoredQueries, truth, angular), LshBench::faster);
            for (Built b : built) {
                for (Setting s : b.settings) {
                    LshSearcher searcher = new LshSearcher(b.index.functions(), b.index.tables());
                    Outcome outcome = run(searcher, s, queries, scored, scoredQueries, truth, angular);
                    best.merge(b.name + " " + s.probes + "/" + s.candidates, outcome, LshBench::faster);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-28s %8s %9s %9s %10s %11s %9s%n", "setting", "recall", "q/s", "probes", "examined", "candidates",
            "us/query in LSH");
        for (Map.Entry<String, Outcome> e : best.entrySet()) {
            Outcome o = e.getValue();
            System.out.printf(Locale.ROOT, "%-28s %8.4f %9.0f %9.1f %10.1f %11.1f %9.1f%n", e.getKey(), o.recall, queries.length / o.seconds, o.probes,
                o.examined, o.candidates, o.searchSeconds * 1e6 / queries.length);
        }
    }

    private static Outcome faster(Outcome a, Outcome b) {
        return a.seconds <= b.seconds ? a : b;
    }

    static String resolutionSummary(LshTables tables) {
        int min = Integer.MAX_VALUE, max = 0;
        for (int t = 0; t < tables.tableCount(); t++) {
            min = Math.min(min, tables.resolution(t));
            max = Math.max(max, tables.resolution(t));
        }
        return min == max ? Integer.toString(min) : min + ".." + max;
    }

    static float[][] normalized(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = vectors[i].clone();
            float norm = (float) Math.sqrt(VectorUtil.dotProduct(out[i], out[i]));
            if (norm > 0) {
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] /= norm;
                }
            }
        }
        return out;
    }

    private static Outcome run(LshSearcher searcher, Setting s, float[][] queries, float[][] scored, float[][] scoredQueries, int[][] truth,
        boolean angular) {
        int[] best = new int[K];
        float[] bestDistance = new float[K];
        long found = 0, probes = 0, examined = 0, candidates = 0, searchNanos = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int q = 0; q < queries.length; q++) {
            long t0 = System.nanoTime();
            int count = searcher.search(queries[q], s.probes, s.candidates, K, null);
            searchNanos += System.nanoTime() - t0;
            int[] ords = searcher.candidates();
            int size = 0;
            float[] query = scoredQueries[q];
            for (int i = 0; i < count; i++) {
                int ord = ords[i];
                float d = angular ? -VectorUtil.dotProduct(query, scored[ord]) : VectorUtil.squareDistance(query, scored[ord]);
                size = offer(best, bestDistance, size, ord, d);
            }
            probes += searcher.probed();
            examined += searcher.examined();
            candidates += count;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < K; j++) {
                    if (truth[q][j] == best[i]) {
                        found++;
                        break;
                    }
                }
            }
        }
        double seconds = (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
        double n = queries.length;
        return new Outcome(found / (K * n), seconds, probes / n, examined / n, candidates / n, searchNanos / 1e9);
    }

    /** Keeps the K smallest distances in a bounded max-heap; returns the new size. */
    static int offer(int[] ids, float[] dist, int size, int id, float d) {
        if (size < K) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (dist[parent] >= d) {
                    break;
                }
                ids[i] = ids[parent];
                dist[i] = dist[parent];
                i = parent;
            }
            ids[i] = id;
            dist[i] = d;
            return size;
        }
        if (d >= dist[0]) {
            return size;
        }
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                break;
            }
            int right = left + 1;
            int child = right < size && dist[right] > dist[left] ? right : left;
            if (dist[child] <= d) {
                break;
            }
            ids[i] = ids[child];
            dist[i] = dist[child];
            i = child;
        }
        ids[i] = id;
        dist[i] = d;
        return size;
    }

    /** Exact search of the first 200 queries, extrapolated to all: the reference speed. */
    private static Outcome bruteForce(float[][] base, float[][] queries, int[][] truth, boolean angular) {
        int limit = Math.min(queries.length, 200);
        int[] best = new int[K];
        float[] bestDistance = new float[K];
        long found = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int q = 0; q < limit; q++) {
            int size = 0;
            for (int i = 0; i < base.length; i++) {
                float d = angular ? -VectorUtil.dotProduct(queries[q], base[i]) : VectorUtil.squareDistance(queries[q], base[i]);
                size = offer(best, bestDistance, size, i, d);
            }
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < K; j++) {
                    if (truth[q][j] == best[i]) {
                        found++;
                        break;
                    }
                }
            }
        }
        double seconds = (THREADS.getCurrentThreadCpuTime() - start) / 1e9 * queries.length / limit;
        return new Outcome(found / (K * (double) limit), seconds, 0, base.length, base.length, 0);
    }
}
