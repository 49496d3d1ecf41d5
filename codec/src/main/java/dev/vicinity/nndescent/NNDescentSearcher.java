package dev.vicinity.nndescent;

import dev.vicinity.ann.AcceptOrds;
import dev.vicinity.ann.QueryDistance;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.TreeAccess;

import java.util.Arrays;
import java.util.SplittableRandom;

import dev.vicinity.metric.Metric;

/**
 * Answers queries on an {@link NNDescentIndex} (PyNNDescent's search function): descend the search tree to one leaf,
 * seed with the leaf's points (plus random points when the leaf has fewer than {@code min(k, n_neighbors)}), then
 * walk the search graph best-first, expanding a point only while its distance is below the bound
 * {@code worst + ε·(worst − min_distance)}, where {@code worst} is the k-th best distance so far ({@code +∞} until
 * k hits are known). A larger {@code epsilon} backtracks more: slower, higher recall.
 *
 * <p><b>Filtering.</b> Points the {@link AcceptOrds} rejects are still visited and expanded (they connect the graph)
 * but never returned, and they do not tighten the bound. Under a very restrictive filter the bound stays infinite for
 * long and the walk approaches a full scan, so the codec searches exactly when few documents are accepted.
 *
 * <p>Not thread-safe: one searcher per thread, reused across queries. The visited set is a generation-stamped
 * {@code int[n]}, so starting a query costs nothing and no per-query set is allocated. Tree-descent coin flips and
 * random seeds come from a generator reset to the build seed at every query, so a query always gets the same answer.
 */
public final class NNDescentSearcher {

    private final GraphAccess graph;
    private final TreeAccess tree;
    private final int[] row;
    private final float[] rowDistances;
    private final Metric metric;
    private final VectorSource vectors;
    private final int nNeighbors;
    private final long seed;
    private final int n;

    private final int[] visitedAt;
    private int generation;

    private final ResultHeap results = new ResultHeap();
    private int[] seedIds = new int[64];
    private float[] seedDists = new float[64];
    private int seedCount;
    private int[] leafPoints = new int[0];
    private float[] leafDistances = new float[0];

    public NNDescentSearcher(NNDescentIndex index, VectorSource vectors) {
        this(index.graph(), index.tree(), index.metric(), index.parameters().nNeighbors(), index.parameters().seed(), vectors);
    }

    /**
     * For codecs that read the graph and the tree back from files, with the parameters stored beside them.
     * {@code vectors} may be {@code null} if every search passes its own {@link QueryDistance}.
     */
    public NNDescentSearcher(GraphAccess graph, TreeAccess tree, Metric metric, int nNeighbors, long seed, VectorSource vectors) {
        this.graph = graph;
        this.tree = tree;
        this.metric = metric;
        this.vectors = vectors;
        this.nNeighbors = nNeighbors;
        this.seed = seed;
        this.n = graph.size();
        if (vectors != null && vectors.size() != n) {
            throw new IllegalArgumentException("the graph has [" + n + "] points but there are [" + vectors.size() + "] vectors");
        }
        this.visitedAt = new int[n];
        this.row = new int[graph.maxDegree()];
        this.rowDistances = new float[row.length];
    }

    /** {@link #search(float[], int, float, AcceptOrds, long)} without a visit limit. */
    public SearchResult search(float[] query, int k, float epsilon, AcceptOrds accept) {
        return search(query, k, epsilon, accept, Long.MAX_VALUE);
    }

    /**
     * The (approximately) {@code k} nearest accepted points to {@code query}, nearest first.
     *
     * @param epsilon    backtracking, {@code >= 0} (PyNNDescent default 0.1)
     * @param accept     which ordinals may be returned, {@code null} = all
     * @param visitLimit stop after this many distance computations (the result then has {@code earlyTerminated})
     */
    public SearchResult search(float[] query, int k, float epsilon, AcceptOrds accept, long visitLimit) {
        if (vectors == null) {
            throw new IllegalStateException("this searcher has no vectors: pass a QueryDistance");
        }
        if (query.length != vectors.dims()) {
            throw new IllegalArgumentException("the query has [" + query.length + "] dims but the vectors have [" + vectors.dims() + "]");
        }
        return search(query, ord -> metric.fastDistance(query, vectors.vector(ord)), k, epsilon, accept, visitLimit);
    }

    /**
     * As {@link #search(float[], int, float, AcceptOrds, long)}, with distances from {@code distance}; {@code query}
     * is still needed to descend the search tree.
     */
    public SearchResult search(float[] query, QueryDistance distance, int k, float epsilon, AcceptOrds accept, long visitLimit) {
        if (k < 1) {
            throw new IllegalArgumentException("[k] must be at least [1] but was [" + k + "]");
        }
        if ((epsilon >= 0) == false) {
            throw new IllegalArgumentException("[epsilon] must be at least [0] but was [" + epsilon + "]");
        }
        if (n == 0) {
            return new SearchResult(new int[0], new float[0], 0, false);
        }
        startQuery(k);
        SplittableRandom random = new SplittableRandom(seed);
        long visited = 0;

        int leaf = tree.leafFor(query, random::nextInt);
        visited += seedLeaf(leaf, distance, accept, visitLimit);
        int wanted = Math.min(k, nNeighbors) - (tree.leafEnd(leaf) - tree.leafStart(leaf));
        for (int j = 0; j < wanted && visited < visitLimit; j++) {
            int p = random.nextInt(n);
            if (visitedAt[p] != generation) {
                visited += seed(p, distance, accept);
            }
        }

        float minDistance = graph.minDistance();
        float bound = bound(epsilon, minDistance);
        boolean earlyTerminated = visited >= visitLimit;
        while (seedCount > 0) {
            float dv = seedDists[0];
            int v = popSeed();
            if (dv >= bound) {
                break;
            }
            // gather the unvisited neighbours first and measure them in one call (see QueryDistance#fastDistances);
            // every unvisited neighbour is measured whatever the bound, so this walks exactly as one by one would
            int degree = graph.neighbours(v, row);
            int count = 0;
            for (int e = 0; e < degree; e++) {
                int u = row[e];
                if (visitedAt[u] != generation) {
                    if (visited + count >= visitLimit) {
                        earlyTerminated = true;
                        break;
                    }
                    visitedAt[u] = generation;
                    row[count++] = u;
                }
            }
            distance.fastDistances(row, count, rowDistances);
            visited += count;
            for (int e = 0; e < count; e++) {
                int u = row[e];
                float d = rowDistances[e];
                if (d < bound) {
                    if (accept == null || accept.accept(u)) {
                        results.offer(u, d);
                        bound = bound(epsilon, minDistance);
                    }
                    pushSeed(u, d);
                }
            }
            if (earlyTerminated) {
                break;
            }
        }
        return results.toResult(metric, visited, earlyTerminated);
    }

    private float bound(float epsilon, float minDistance) {
        if (results.isFull() == false) {
            return Float.POSITIVE_INFINITY;
        }
        float worst = results.worst();
        return worst + epsilon * (worst - minDistance);
    }

    private void startQuery(int k) {
        if (++generation == 0) { // wrapped after 2^32 queries: forget every stamp
            Arrays.fill(visitedAt, 0);
            generation = 1;
        }
        results.reset(k);
        seedCount = 0;
    }

    /**
     * Marks, measures in one call (as for a row of the graph) and queues the points of {@code leaf}, at most
     * {@code visitLimit} of them; returns the number of distances computed.
     */
    private int seedLeaf(int leaf, QueryDistance distance, AcceptOrds accept, long visitLimit) {
        int start = tree.leafStart(leaf);
        int count = (int) Math.min(tree.leafEnd(leaf) - start, visitLimit);
        if (leafPoints.length < count) {
            leafPoints = new int[count];
            leafDistances = new float[count];
        }
        for (int i = 0; i < count; i++) {
            leafPoints[i] = tree.pointAt(start + i);
            visitedAt[leafPoints[i]] = generation;
        }
        distance.fastDistances(leafPoints, count, leafDistances);
        for (int i = 0; i < count; i++) {
            if (accept == null || accept.accept(leafPoints[i])) {
                results.offer(leafPoints[i], leafDistances[i]);
            }
            pushSeed(leafPoints[i], leafDistances[i]);
        }
        return count;
    }

    /** Marks, measures and queues an entry point; returns the number of distances computed (1). */
    private int seed(int p, QueryDistance distance, AcceptOrds accept) {
        visitedAt[p] = generation;
        float d = distance.fastDistance(p);
        if (accept == null || accept.accept(p)) {
            results.offer(p, d);
        }
        pushSeed(p, d);
        return 1;
    }

    /** Min-heap push by distance. */
    private void pushSeed(int id, float dist) {
        if (seedCount == seedIds.length) {
            seedIds = Arrays.copyOf(seedIds, seedCount * 2);
            seedDists = Arrays.copyOf(seedDists, seedCount * 2);
        }
        int i = seedCount++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (seedDists[parent] <= dist) {
                break;
            }
            seedIds[i] = seedIds[parent];
            seedDists[i] = seedDists[parent];
            i = parent;
        }
        seedIds[i] = id;
        seedDists[i] = dist;
    }

    /** Removes the nearest seed and returns its id. */
    private int popSeed() {
        int top = seedIds[0];
        int lastId = seedIds[--seedCount];
        float lastDist = seedDists[seedCount];
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= seedCount) {
                break;
            }
            int right = left + 1;
            int child = right < seedCount && seedDists[right] < seedDists[left] ? right : left;
            if (seedDists[child] >= lastDist) {
                break;
            }
            seedIds[i] = seedIds[child];
            seedDists[i] = seedDists[child];
            i = child;
        }
        if (seedCount > 0) {
            seedIds[i] = lastId;
            seedDists[i] = lastDist;
        }
        return top;
    }
}
