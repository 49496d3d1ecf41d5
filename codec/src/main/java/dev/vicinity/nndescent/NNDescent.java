package dev.vicinity.nndescent;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.rptree.FlatTree;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;


/**
 * Builds the approximate k-NN graph by NN-descent (Dong et al., as implemented by PyNNDescent's {@code nn_descent}):
 *
 * <ol>
 *   <li>optionally seed the heaps from an initial graph (merges start from their sources' graphs), flagged old
 *       because those pairs were already joined where they came from;</li>
 *   <li>for every pair in every RP-tree leaf, push each point into the other's heap (flagged new);</li>
 *   <li>fill rows that still have empty slots with random points;</li>
 *   <li>iterate: sample up to {@code max_candidates} new and old neighbours per point (forward and reverse, by
 *       reservoir sampling), then "local join" new×new and new×old candidate pairs, pushing each closer pair into
 *       both heaps; stop after {@code n_iters} or when an iteration makes at most {@code delta·k·n} updates.</li>
 * </ol>
 *
 * Single-threaded, so updates are applied at once rather than buffered as PyNNDescent's parallel version does: the
 * heaps' thresholds are then always current, which rejects more pairs early, and nothing like PyNNDescent's
 * per-thread update arrays (its memory blow-ups, issues #90 and #220) is allocated. All distances are the metric's
 * {@code fastDistance}.
 */
final class NNDescent {

    /** Points processed between two abort checks in the join (a few hundred thousand distances at most). */
    private static final int ABORT_CHECK_BLOCK = 256;

    /**
     * Pairs that shared a leaf of an earlier tree are skipped only when a distance costs clearly more than the check,
     * which reads one leaf id per tree for both points: with at least this many dimensions per tree. Measured (same
     * graph either way): MNIST, 784 dimensions and 10 trees, builds 10-20% faster with the check; GloVe (150k),
     * 50 dimensions and 11 trees, 16% faster without it.
     */
    static final int LEAF_CHECK_DIMS_PER_TREE = 8;

    private final OrdDistance distance;
    private final NNDescentParameters params;
    private final SplittableRandom random;
    private final BuildMonitor monitor;
    private final int n;
    private final int k;
    private final NeighborHeap heap;
    /**
     * {@code leafOf[p·trees + t]}: the leaf of point p in tree t; {@code null} without a forest or when pairs that
     * shared a leaf are not worth skipping (see {@link #LEAF_CHECK_DIMS_PER_TREE}).
     */
    private int[] leafOf;
    private int trees;
    private final int dims;
    /** The points measured against one point in one {@link OrdDistance#distances} call, and their distances. */
    private int[] batchIds = new int[64];
    private float[] batchDistances = new float[64];

    /**
     * @param n        the number of points
     * @param dims     their dimensions, which set what a distance costs
     * @param distance the metric's fast distance between two points, see {@link OrdDistance#of}
     */
    NNDescent(int n, int dims, OrdDistance distance, NNDescentParameters params, SplittableRandom random, BuildMonitor monitor) {
        this.dims = dims;
        this.distance = distance;
        this.params = params;
        this.random = random;
        this.monitor = monitor;
        this.n = n;
        this.k = params.nNeighbors();
        this.heap = new NeighborHeap(n, k);
    }

    /** Runs all steps; {@code initialGraph} may be {@code null}, and its rows may have any length and hold {@code -1}. */
    KnnGraph build(int[][] initialGraph, List<FlatTree> forest) {
        monitor.phase("init");
        if (initialGraph != null) {
            initFromGraph(initialGraph);
        }
        trees = forest.size();
        leafOf = trees > 0 && dims >= LEAF_CHECK_DIMS_PER_TREE * trees ? leafTable(forest) : null;
        for (int t = 0; t < trees; t++) {
            initFromLeaves(forest.get(t), t);
        }
        initRandom();
        monitor.phase("nn_descent");
        iterate(forest.isEmpty() ? null : forest.get(0).indices());
        heap.deheapSort();
        return new KnnGraph(n, k, heap.ids, heap.dists);
    }

    private int[] leafTable(List<FlatTree> forest) {
        int[] table = new int[Math.multiplyExact(n, trees)];
        for (int t = 0; t < trees; t++) {
            int[] leaves = forest.get(t).leafOfPoints(n);
            for (int p = 0; p < n; p++) {
                table[p * trees + t] = leaves[p];
            }
        }
        return table;
    }

    private void checkAborted(String phase) {
        if (monitor.aborted()) {
            throw new BuildAbortedException(phase);
        }
    }

    private void initFromGraph(int[][] graph) {
        if (graph.length != n) {
            throw new IllegalArgumentException("the initial graph has [" + graph.length + "] rows but there are [" + n + "] vectors");
        }
        for (int p = 0; p < n; p++) {
            if (p % ABORT_CHECK_BLOCK == 0) {
                checkAborted("init");
            }
            int count = 0;
            for (int q : graph[p]) {
                if (q < 0) {
                    continue;
                }
                if (q >= n) {
                    throw new IllegalArgumentException("the initial graph links [" + p + "] to [" + q + "] but there are [" + n + "] vectors");
                }
                batch(count++, q);
            }
            distance.distances(p, batchIds, count, batchDistances);
            for (int b = 0; b < count; b++) {
                heap.push(p, batchIds[b], batchDistances[b], NeighborHeap.OLD);
            }
        }
    }

    /** Joins every pair of points that share a leaf: points in one leaf are likely near each other. */
    private void initFromLeaves(FlatTree tree, int treeNumber) {
        int[] indices = tree.indices();
        for (int node = 0; node < tree.nodeCount(); node++) {
            if (tree.isLeaf(node) == false) {
                continue;
            }
            checkAborted("init");
            int end = tree.leafEnd(node);
            for (int i = tree.leafStart(node); i < end; i++) {
                int p = indices[i];
                int count = 0;
                for (int j = i + 1; j < end; j++) {
                    int q = indices[j];
                    if (sharedLeaf(p, q, treeNumber) == false) { // else an earlier tree already compared them
                        batch(count++, q);
                    }
                }
                distance.distances(p, batchIds, count, batchDistances);
                for (int b = 0; b < count; b++) {
                    int q = batchIds[b];
                    float d = batchDistances[b];
                    if (d < heap.worst(p) || d < heap.worst(q)) {
                        heap.push(p, q, d, NeighborHeap.NEW);
                        heap.push(q, p, d, NeighborHeap.NEW);
                    }
                }
            }
        }
    }

    /** Tops up rows with empty slots with random points (one attempt per empty slot, as PyNNDescent). */
    private void initRandom() {
        for (int p = 0; p < n; p++) {
            int missing = 0;
            for (int s = p * k, end = s + k; s < end; s++) {
                missing += heap.ids[s] < 0 ? 1 : 0;
            }
            if (missing == 0) {
                continue;
            }
            for (int j = 0; j < missing; j++) {
                int q = random.nextInt(n);
                heap.push(p, q, distance.distance(p, q), NeighborHeap.NEW);
            }
        }
    }

    /** @param order the order to visit points in the join, or {@code null} for ordinal order */
    private void iterate(int[] order) {
        int c = Math.min(params.maxCandidates(), n);
        CandidateSample newCandidates = new CandidateSample(n, c, random);
        CandidateSample oldCandidates = new CandidateSample(n, c, random);
        double stop = (double) params.delta() * k * n;
        for (int iteration = 1; iteration <= params.nIters(); iteration++) {
            checkAborted("nn_descent");
            newCandidates.clear();
            oldCandidates.clear();
            sampleCandidates(newCandidates, oldCandidates);
            long updates = join(newCandidates, oldCandidates, order);
            monitor.iteration(iteration, params.nIters(), updates);
            if (updates <= stop) {
                break;
            }
        }
    }

    /**
     * PyNNDescent's {@code new_build_candidates}: every edge {@code i → j} is offered to the candidate sets of both
     * {@code i} and {@code j} (new or old by its flag), each of which keeps a uniform sample of at most {@code c}
     * (see {@link CandidateSample}). Neighbours sampled as new are then flagged old, so each pair is joined as
     * new×new once.
     */
    private void sampleCandidates(CandidateSample newCandidates, CandidateSample oldCandidates) {
        int[] ids = heap.ids;
        byte[] flags = heap.flags;
        for (int i = 0; i < n; i++) {
            for (int s = i * k, end = s + k; s < end; s++) {
                int j = ids[s];
                if (j < 0) {
                    continue;
                }
                CandidateSample target = flags[s] == NeighborHeap.NEW ? newCandidates : oldCandidates;
                target.offer(i, j);
                target.offer(j, i);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int s = i * k, end = s + k; s < end; s++) {
                if (flags[s] == NeighborHeap.NEW && newCandidates.contains(i, ids[s])) {
                    flags[s] = NeighborHeap.OLD;
                }
            }
        }
    }

    /**
     * The local join: around each point, every new candidate meets every new candidate at or after it (including
     * itself, which is how a point becomes its own 0-distance neighbour, as in PyNNDescent) and every old candidate.
     * Points are visited in RP-tree leaf order: consecutive points then share many candidates, whose vectors are
     * still in the CPU cache, instead of fetching ~60 random vectors from memory per point.
     */
    private long join(CandidateSample newCandidates, CandidateSample oldCandidates, int[] order) {
        int c = newCandidates.c;
        int[] newIds = newCandidates.ids;
        int[] oldIds = oldCandidates.ids;
        long updates = 0;
        for (int step = 0; step < n; step++) {
            if (step % ABORT_CHECK_BLOCK == 0) {
                checkAborted("nn_descent");
            }
            int i = order == null ? step : order[step];
            int base = i * c;
            for (int x = 0; x < c; x++) {
                int p = newIds[base + x];
                if (p < 0) {
                    continue;
                }
                int count = 0;
                for (int y = x; y < c; y++) {
                    int q = newIds[base + y];
                    if (joinable(p, q)) {
                        batch(count++, q);
                    }
                }
                for (int y = 0; y < c; y++) {
                    int q = oldIds[base + y];
                    if (joinable(p, q)) {
                        batch(count++, q);
                    }
                }
                // all of p's pairs are measured first, in one call; the pushes then run in the same order as if
                // each pair were measured just before its push, so the graph is the same
                distance.distances(p, batchIds, count, batchDistances);
                for (int b = 0; b < count; b++) {
                    updates += update(p, batchIds[b], batchDistances[b]);
                }
            }
        }
        return updates;
    }

    /** Whether the join measures candidate {@code q} against {@code p}: a real id that did not share a leaf with it. */
    private boolean joinable(int p, int q) {
        return q >= 0 && (p == q || sharedLeaf(p, q, trees) == false);
    }

    /** Puts {@code q} at {@code slot} of the batch of points measured against one point, growing it as needed. */
    private void batch(int slot, int q) {
        if (slot == batchIds.length) {
            batchIds = Arrays.copyOf(batchIds, slot * 2);
            batchDistances = Arrays.copyOf(batchDistances, slot * 2);
        }
        batchIds[slot] = q;
    }

    /**
     * Whether p and q shared a leaf in one of the first {@code treesBefore} trees, so the initialisation already
     * compared them. Such a pair can never
     * enter a heap later: it was rejected (or since evicted) at a distance not below a worst that has only decreased
     * since. On MNIST this skips a large share of the first iterations' distances without changing the graph.
     */
    private boolean sharedLeaf(int p, int q, int treesBefore) {
        if (leafOf == null) {
            return false;
        }
        for (int t = 0, bp = p * trees, bq = q * trees; t < treesBefore; t++) {
            if (leafOf[bp + t] == leafOf[bq + t]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Pushes a measured candidate pair into both rows where it is closer than their worst. Pairs already in both
     * rows are measured too: scanning the rows first to skip them cost more than it saved (GloVe 150k build 43.4 s
     * without the scan against 47.8 s with it, MNIST 18.8 s against 19.1 s); the pushes reject duplicates.
     */
    private int update(int p, int q, float d) {
        int updates = 0;
        if (d < heap.worst(p) || d < heap.worst(q)) {
            updates += heap.push(p, q, d, NeighborHeap.NEW) ? 1 : 0;
            if (p != q) {
                updates += heap.push(q, p, d, NeighborHeap.NEW) ? 1 : 0;
            }
        }
        return updates;
    }
}
