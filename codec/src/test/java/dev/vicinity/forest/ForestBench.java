package dev.vicinity.forest;

import dev.vicinity.ann.QueryDistance;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.util.VectorUtil;

/**
 * A manual benchmark, never run by the build and never asserting a time: builds forests over a shared dataset and
 * prints recall@10, queries per second (wall and per CPU second of the querying thread), exact distances per query,
 * build seconds and bytes per vector (the forest plus the float vectors, as an index holds both) for a sweep, and
 * brute force measured the same way in the same run, so ratios compare like with like. Candidates are scored with
 * Lucene's {@code VectorUtil} on heap arrays: squared L2 for euclidean data, the dot product of normalised vectors for
 * angular data (what Lucene's scorers do for cosine).
 *
 * <p>Usage: {@code ForestBench <dataset> [key=value ...]} with keys (comma lists sweep):
 * {@code trees=50} (forests of fewer trees are searched as prefixes of the largest, which is what building them
 * gives, since tree t depends on the seed only), {@code leaf=32}, {@code searchK=1000,2000}, {@code votes=1},
 * {@code budget=0} (0 = none), {@code splitDims=-1}, {@code priority=sum} ({@code min} for Annoy's rule),
 * {@code lanes=0} (above 0: also a searcher descending that many paths together, measured interleaved),
 * {@code workers=1} (above 1: the forest is built a second time on that many threads and timed),
 * {@code queries=0} (0 = all), {@code passes=2} (the best pass is printed), {@code brute=300} (queries for brute
 * force), {@code seed=42}.
 */
public final class ForestBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "optdigits-64-euclidean";
        Options options = new Options(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        Path dir = SharedData.dataset(name);
        float[][] base = SharedData.fvecs(dir.resolve("base.fvecs.gz"), Integer.MAX_VALUE);
        int queryLimit = options.integer("queries", 0);
        float[][] queries = SharedData.fvecs(dir.resolve("query.fvecs.gz"), queryLimit > 0 ? queryLimit : Integer.MAX_VALUE);
        int[][] truth = SharedData.ivecs(dir.resolve("groundtruth.ivecs.gz"), queries.length);
        boolean angular = name.endsWith("angular");
        Metric metric = Metrics.byName(angular ? "cosine" : "euclidean", Float.NaN);
        float[][] scored = angular ? normalised(base) : base;
        float[][] scoredQueries = angular ? normalised(queries) : queries;
        int dims = base[0].length;
        int passes = options.integer("passes", 2);
        System.out.printf(Locale.ROOT, "%s: %d x %d, %d queries, %s%n", name, base.length, dims, queries.length, metric.name());

        long seed = options.integer("seed", 42);
        int[] trees = options.integers("trees", "50");
        int maxTrees = Arrays.stream(trees).max().orElseThrow();
        int[] searchKs = options.integers("searchK", "1000,2000,5000");
        int[] votes = options.integers("votes", "1");
        int[] budgets = options.integers("budget", "0");
        System.out.println("dataset | split | leaf | trees | search_k | votes | budget | recall@10 | q/s wall | q/s CPU | scored/query | slots/query | margins/query | build s (CPU) | bytes/vector");
        for (int splitDims : options.integers("splitDims", "-1"))
        for (int leaf : options.integers("leaf", "32")) {
            ForestParameters params = new ForestParameters(maxTrees, leaf, splitDims, seed);
            int resolved = params.resolveSplitDims(dims);
            String split = "two-means, " + (resolved == dims ? "dense" : resolved + " dims");
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            Forest forest = ForestBuilder.build(VectorSource.of(dims, base), metric, params, null);
            double buildWall = (System.nanoTime() - wall) / 1e9;
            double buildCpu = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            int workers = options.integer("workers", 1);
            if (workers > 1) { // the same forest built again on worker threads, timed on the wall clock
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
                long parallelWall = System.nanoTime();
                Forest parallel = ForestBuilder.build(VectorSource.of(dims, base), metric, params, null, pool, workers);
                System.out.printf(Locale.ROOT, "# built again on %d workers: %.2f s wall, same forest: %b%n", workers, (System.nanoTime() - parallelWall) / 1e9,
                    Arrays.equals(parallel.points(), forest.points()) && Arrays.equals(parallel.children(), forest.children()));
                pool.shutdown();
            }
            System.out.printf(Locale.ROOT, "# built %d trees, leaf %d: %.2f s wall, %.2f s CPU, %d internal nodes, %d leaves, max leaf %d%n", maxTrees, leaf,
                buildWall, buildCpu, forest.internalCount(), forest.leafCount(), forest.maxLeafSize());
            for (int t : trees) {
                PrefixForest prefix = new PrefixForest(forest, t);
                double bytesPerVector = 4.0 * dims + prefix.bytes() / (double) base.length;
                for (String priority : options.get("priority", "sum").split(","))
                for (int budget : budgets) {
                    PathPriority rule = priority.equals("min") ? PathPriority.MIN_MARGIN : PathPriority.SUM_OF_MARGINS;
                    ForestSearcher searcher = new ForestSearcher(prefix, rule);
                    int otherLanes = options.integer("lanes", 0); // > 0: also measure that many lanes, interleaved
                    ForestSearcher other = new ForestSearcher(prefix, rule, Math.max(1, otherLanes));
                    for (int v : votes) {
                        for (int searchK : searchKs) {
                            Run best = null;
                            Run bestOther = null;
                            prefix.margins = 0;
                            for (int pass = 0; pass < passes; pass++) { // interleaved A, B, A, B
                                Run run = run(searcher, scoredQueries, scored, angular, truth, searchK, v, budget == 0 ? Integer.MAX_VALUE : budget);
                                best = best == null || run.cpuQps > best.cpuQps ? run : best;
                                if (otherLanes > 0) {
                                    Run o = run(other, scoredQueries, scored, angular, truth, searchK, v, budget == 0 ? Integer.MAX_VALUE : budget);
                                    bestOther = bestOther == null || o.cpuQps > bestOther.cpuQps ? o : bestOther;
                                }
                            }
                            if (bestOther != null) {
                                System.out.printf(Locale.ROOT, "%s | lanes %d | %d | %d | %d | %d | - | %.4f | %.0f | %.0f | %.0f | %.0f | - | - | -%n", name, otherLanes, leaf, t, searchK, v,
                                    bestOther.recall, bestOther.wallQps, bestOther.cpuQps, bestOther.scored, bestOther.slots);
                            }
                            System.out.printf(Locale.ROOT, "%s | %s, %s | %d | %d | %d | %d | %s | %.4f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f (%.1f) | %.0f%n", name, split, priority, leaf,
                                t, searchK, v, budget == 0 ? "-" : Integer.toString(budget), best.recall, best.wallQps, best.cpuQps, best.scored, best.slots,
                                prefix.margins / (double) passes / queries.length, buildWall * t / maxTrees, buildCpu * t / maxTrees, bytesPerVector);
                        }
                    }
                }
            }
        }
        int bruteQueries = Math.min(queries.length, options.integer("brute", 300));
        for (int pass = 0; pass < passes; pass++) {
            Run brute = brute(Arrays.copyOf(scoredQueries, bruteQueries), scored, angular, truth);
            System.out.printf(Locale.ROOT, "%s | brute force | - | - | - | - | - | %.4f | %.0f | %.0f | %d | - | - | 0 | %.0f%n", name, brute.recall, brute.wallQps, brute.cpuQps,
                base.length, 4.0 * dims);
        }
    }

    record Run(double recall, double wallQps, double cpuQps, double scored, double slots) {}

    static Run run(ForestSearcher searcher, float[][] queries, float[][] base, boolean angular, int[][] truth, int searchK, int votes, int budget) {
        long found = 0;
        long scored = 0;
        long slots = 0;
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int q = 0; q < queries.length; q++) {
            float[] query = queries[q];
            QueryDistance distance = angular ? ord -> -VectorUtil.dotProduct(query, base[ord]) : ord -> VectorUtil.squareDistance(query, base[ord]);
            ForestHits hits = searcher.search(query, distance, 10, searchK, votes, budget, null);
            scored += hits.measured();
            slots += hits.slots();
            found += overlap(hits.ords(), truth[q]);
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
        return new Run(found / (10.0 * queries.length), queries.length / wallSeconds, queries.length / cpuSeconds, scored / (double) queries.length,
            slots / (double) queries.length);
    }

    static Run brute(float[][] queries, float[][] base, boolean angular, int[][] truth) {
        long found = 0;
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        int[] all = new int[base.length];
        float[] distances = new float[base.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int q = 0; q < queries.length; q++) {
            float[] query = queries[q];
            for (int i = 0; i < base.length; i++) {
                distances[i] = angular ? -VectorUtil.dotProduct(query, base[i]) : VectorUtil.squareDistance(query, base[i]);
            }
            found += overlap(ForestHits.nearest(all, distances, base.length, 10, 0).ords(), truth[q]);
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
        return new Run(found / (10.0 * queries.length), queries.length / wallSeconds, queries.length / cpuSeconds, base.length, 0);
    }

    static int overlap(int[] found, int[] truth) {
        int hits = 0;
        for (int ord : found) {
            for (int j = 0; j < 10; j++) {
                if (truth[j] == ord) {
                    hits++;
                    break;
                }
            }
        }
        return hits;
    }

    static float[][] normalised(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = vectors[i].clone();
            float norm = (float) Math.sqrt(VectorUtil.dotProduct(out[i], out[i]));
            if (norm > 0) {
                for (int d = 0; d < out[i].length; d++) {
                    out[i][d] /= norm;
                }
            }
        }
        return out;
    }

    /** The first {@code trees} trees of a forest: the forest a build with that many trees gives. */
    static final class PrefixForest implements ForestAccess {
        private final Forest forest;
        private final int trees;
        long margins;

        PrefixForest(Forest forest, int trees) {
            this.forest = forest;
            this.trees = trees;
        }

        /** The bytes of this prefix as written: its share of nodes, leaves and points. */
        long bytes() {
            if (trees == forest.treeCount()) {
                return forest.bytes();
            }
            int internal = forest.roots()[trees] >= 0 ? forest.roots()[trees] : forest.internalCount();
            int leaves = forest.leafCount();
            for (int l = 0; l < forest.leafCount(); l++) {
                if (forest.leafBounds()[l] >= trees * forest.size()) {
                    leaves = l;
                    break;
                }
            }
            long normals = (long) internal * (forest.normalLength() + 1);
            // (sparse normals also store their coordinates)
            return 4L * (trees + 2L * internal + normals + (forest.isSparse() ? (long) internal * forest.normalLength() : 0) + leaves + 1 + (long) trees * forest.size());
        }

        public SplitSpace space() { return forest.space(); }
        public int dims() { return forest.dims(); }
        public int size() { return forest.size(); }
        public int treeCount() { return trees; }
        public int root(int tree) { return forest.root(tree); }
        public float margin(int node, float[] query) { margins++; return forest.margin(node, query); }
        public int child(int node, int side) { return forest.child(node, side); }
        public int leafStart(int leaf) { return forest.leafStart(leaf); }
        public int leafEnd(int leaf) { return forest.leafEnd(leaf); }
        public void points(int from, int to, int[] into, int at) { forest.points(from, to, into, at); }
        public int maxLeafSize() { return forest.maxLeafSize(); }
    }

    /** {@code key=value} arguments. */
    record Options(String[] args) {
        String get(String key, String fallback) {
            for (String arg : args) {
                if (arg.startsWith(key + "=")) {
                    return arg.substring(key.length() + 1);
                }
            }
            return fallback;
        }

        int integer(String key, int fallback) {
            return Integer.parseInt(get(key, Integer.toString(fallback)));
        }

        int[] integers(String key, String fallback) {
            List<Integer> values = new ArrayList<>();
            for (String v : get(key, fallback).split(",")) {
                values.add(Integer.parseInt(v.trim()));
            }
            return values.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
