package dev.vicinity.nndescent;

import dev.vicinity.ann.AcceptOrds;
import dev.vicinity.ann.QueryDistance;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.TreeAccess;

import java.util.Arrays;
import java.util.SplittableRandom;

import dev.vicinity.ann.NeighborCollector;
import dev.vicinity.ann.VisitedSet;
import dev.vicinity.metric.Metric;

/**
 * Answers queries on an {@link NNDescentIndex} (PyNNDescent's search function): descend the search tree to one leaf,
 * seed with the leaf's points (plus random points when the leaf has fewer than {@code min(k, n_neighbors)}), then
 * walk the search graph best-first, expanding a point only while its distance is below the bound
 * {@code worst + ε·(worst − min_distance)}, where {@code worst} is the collector's {@link NeighborCollector#threshold()}
 * ({@code +∞} until k hits are known; in the codec, the k-th best of the whole query so far, so a segment that cannot
 * contribute stops early). A larger {@code epsilon} backtracks more: slower, higher recall.
 *
 * <p><b>Filtering.</b> Points the {@link AcceptOrds} rejects are still visited and expanded (they connect the graph)
 * but never returned, and they do not tighten the bound. Under a very restrictive filter the bound stays infinite for
 * long and the walk approaches a full scan, so the codec searches exactly when few documents are accepted.
 *
 * <p>Not thread-safe: one searcher per thread, reused across queries. Its scratch (the {@link VisitedSet}, the seed
 * heap, row buffers) grows with what a walk touches, never with the number of points, and is kept for the next query.
 * Tree-descent coin flips and random seeds come from a generator reset to the build seed at every query, so a query
 * always gets the same answer.
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

    private final VisitedSet visited = new VisitedSet();
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
        results.reset(k);
        Walk walk = search(query, distance, results, k, epsilon, accept, visitLimit);
        return results.toResult(metric, walk.visited(), walk.earlyTerminated());
    }

    /** What a walk did: distances computed, and whether the visit limit stopped it. */
    public record Walk(long visited, boolean earlyTerminated) {}

    /**
     * Walks from {@code query}, offering every accepted point it measures below the bound to {@code collector} (each at
     * most once), and stops when no queued point is below the bound or after {@code visitLimit} distances.
     *
     * @param distance fast distances by point, one or a row at a time
     * @param collector where accepted points go; its {@link NeighborCollector#threshold()} drives the bound
     * @param k how many results the collector keeps: when the search tree's leaf has fewer than
     *     {@code min(k, n_neighbors)} points, random points are added as entry points (PyNNDescent's rule)
     */
    public Walk search(float[] query, QueryDistance distance, NeighborCollector collector, int k, float epsilon, AcceptOrds accept,
                       long visitLimit) {
        if ((epsilon >= 0) == false) {
            throw new IllegalArgumentException("[epsilon] must be at least [0] but was [" + epsilon + "]");
        }
        if (n == 0 || visitLimit <= 0) {
            return new Walk(0, n > 0);
        }
        visited.clear();
        seedCount = 0;
        SplittableRandom random = new SplittableRandom(seed);
        long measured = 0;

        int leaf = tree.leafFor(query, random::nextInt);
        measured += seedLeaf(leaf, distance, collector, accept, visitLimit);
        int wanted = Math.min(k, nNeighbors) - (tree.leafEnd(leaf) - tree.leafStart(leaf));
        for (int j = 0; j < wanted && measured < visitLimit; j++) {
            int p = random.nextInt(n);
            if (visited.add(p)) {
                measured += seed(p, distance, collector, accept);
            }
        }

        float minDistance = graph.minDistance();
        float bound = bound(collector, epsilon, minDistance);
        boolean earlyTerminated = measured >= visitLimit;
        while (seedCount > 0 && earlyTerminated == false) {
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
                if (visited.add(u)) {
                    if (measured + count >= visitLimit) {
                        earlyTerminated = true;
                        break;
                    }
                    row[count++] = u;
                }
            }
            distance.fastDistances(row, count, rowDistances);
            measured += count;
            for (int e = 0; e < count; e++) {
                int u = row[e];
                float d = rowDistances[e];
                if (d < bound) {
                    if ((accept == null || accept.accept(u)) && collector.collect(u, d)) {
                        bound = bound(collector, epsilon, minDistance);
                    }
                    pushSeed(u, d);
                }
            }
        }
        return new Walk(measured, earlyTerminated);
    }

    private static float bound(NeighborCollector collector, float epsilon, float minDistance) {
        float worst = collector.threshold();
        if (worst == Float.POSITIVE_INFINITY) {
            return worst;
        }
        return worst + epsilon * (worst - minDistance);
    }

    /**
     * Marks, measures in one call (as for a row of the graph) and queues the points of {@code leaf}, at most
     * {@code visitLimit} of them; returns the number of distances computed.
     */
    private int seedLeaf(int leaf, QueryDistance distance, NeighborCollector collector, AcceptOrds accept, long visitLimit) {
        int start = tree.leafStart(leaf);
        int count = (int) Math.min(tree.leafEnd(leaf) - start, visitLimit);
        if (leafPoints.length < count) {
            leafPoints = new int[count];
            leafDistances = new float[count];
        }
        for (int i = 0; i < count; i++) {
            leafPoints[i] = tree.pointAt(start + i);
            visited.add(leafPoints[i]);
        }
        distance.fastDistances(leafPoints, count, leafDistances);
        for (int i = 0; i < count; i++) {
            if (accept == null || accept.accept(leafPoints[i])) {
                collector.collect(leafPoints[i], leafDistances[i]);
            }
            pushSeed(leafPoints[i], leafDistances[i]);
        }
        return count;
    }

    /** Measures and queues an entry point already marked visited; returns the number of distances computed (1). */
    private int seed(int p, QueryDistance distance, NeighborCollector collector, AcceptOrds accept) {
        float d = distance.fastDistance(p);
        if (accept == null || accept.accept(p)) {
            collector.collect(p, d);
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
