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
 * <p><b>Filtering.</b> Under an {@link AcceptOrds} the walk measures, queues and expands accepted points only: a
 * rejected neighbour is not measured, its accepted neighbours are measured in its place (two hops, as ACORN and
 * Lucene's filtered HNSW search do, and further while an expansion finds fewer than a few), and entry points are drawn
 * from accepted points when the query's leaf has too few. Walking through rejected points instead (measuring them)
 * cost 1.8x the distances for a lower recall under a filter unrelated to the vectors (MNIST, every 10th point), and
 * under one that follows them (a region far from the query) walked the whole gap between query and region (2.6x the
 * distances at recall 0.99). With every 50th point accepted the walk still reaches recall@10 0.95 at epsilon 0.2;
 * the codec decides between it and an exact scan of the accepted points by their costs.
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
    private int[] toMeasure = new int[0];
    private float[] measuredDistances = new float[0];
    private int[] toExplore;
    private final int[] hopRow;

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
        this.hopRow = new int[row.length];
        this.toExplore = new int[row.length];
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
        if (accept != null) {
            return filteredWalk(query, distance, collector, k, epsilon, accept, visitLimit);
        }
        visited.clear();
        seedCount = 0;
        SplittableRandom random = new SplittableRandom(seed);
        long measured = 0;

        int leaf = tree.leafFor(query, random::nextInt);
        measured += seedLeaf(leaf, distance, collector, visitLimit);
        int wanted = Math.min(k, nNeighbors) - (tree.leafEnd(leaf) - tree.leafStart(leaf));
        for (int j = 0; j < wanted && measured < visitLimit; j++) {
            int p = random.nextInt(n);
            if (visited.add(p)) {
                measured += seed(p, distance, collector);
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
            bound = offerBelowBound(row, rowDistances, count, bound, collector, epsilon, minDistance);
        }
        return new Walk(measured, earlyTerminated);
    }

    /**
     * The walk under a filter: only accepted points are measured, queued and expanded. A rejected neighbour is not
     * measured; its own neighbours that the filter accepts are measured in its place (two hops, further while few are
     * found), so the walk crosses the gaps the filter leaves in the graph (ACORN's expansion). Entry points are the accepted points of the query's
     * leaf, the accepted neighbours of its rejected points, then random accepted points, so a filter that accepts a
     * region far from the query (a category that follows the content) still starts the walk inside that region.
     */
    private Walk filteredWalk(float[] query, QueryDistance distance, NeighborCollector collector, int k, float epsilon, AcceptOrds accept,
                              long visitLimit) {
        visited.clear();
        seedCount = 0;
        SplittableRandom random = new SplittableRandom(seed);
        int wanted = Math.min(k, nNeighbors);
        int cap = Math.max(wanted, row.length);
        ensureMeasureCapacity(cap);

        int leaf = tree.leafFor(query, random::nextInt);
        int count = 0;
        int rejectedCount = 0;
        for (int i = tree.leafStart(leaf); i < tree.leafEnd(leaf); i++) {
            int p = tree.pointAt(i);
            visited.add(p);
            if (accept.accept(p)) {
                ensureMeasureCapacity(count + 1);
                toMeasure[count++] = p;
            } else {
                ensureExploreCapacity(rejectedCount + 1);
                toExplore[rejectedCount++] = p;
            }
        }
        count = hops(rejectedCount, count, Math.max(cap, count + wanted), accept);
        for (int tries = 0; count < wanted && tries < wanted * RANDOM_SEED_TRIES; tries++) {
            int p = random.nextInt(n);
            if (accept.accept(p) && visited.add(p)) {
                toMeasure[count++] = p;
            }
        }
        long measured = Math.min(count, visitLimit);
        boolean earlyTerminated = count > visitLimit;
        count = (int) measured;
        distance.fastDistances(toMeasure, count, measuredDistances);
        for (int i = 0; i < count; i++) {
            collector.collect(toMeasure[i], measuredDistances[i]);
            pushSeed(toMeasure[i], measuredDistances[i]);
        }

        float minDistance = graph.minDistance();
        float bound = bound(collector, epsilon, minDistance);
        while (seedCount > 0 && earlyTerminated == false) {
            float dv = seedDists[0];
            int v = popSeed();
            if (dv >= bound) {
                break;
            }
            int degree = graph.neighbours(v, row);
            count = 0;
            rejectedCount = 0;
            for (int e = 0; e < degree; e++) {
                int u = row[e];
                if (visited.add(u)) {
                    if (accept.accept(u)) {
                        toMeasure[count++] = u;
                    } else {
                        toExplore[rejectedCount++] = u;
                    }
                }
            }
            count = hops(rejectedCount, count, cap, accept);
            if (measured + count > visitLimit) {
                count = (int) (visitLimit - measured);
                earlyTerminated = true;
            }
            distance.fastDistances(toMeasure, count, measuredDistances);
            measured += count;
            bound = offerBelowBound(toMeasure, measuredDistances, count, bound, collector, epsilon, minDistance);
        }
        return new Walk(measured, earlyTerminated);
    }

    /** Random draws per wanted entry point when the leaf and its two hops hold too few accepted points. */
    private static final int RANDOM_SEED_TRIES = 1024;

    /**
     * The fewest new accepted points an expansion looks for before it stops searching beyond two hops: with fewer,
     * it goes on through the rejected points it met (three hops and more). Measured on MNIST (FilteredWalkBench): with
     * two hops only, recall@10 at epsilon 0.2 stalled at 0.93 (every 10th point accepted), 0.79 (every 20th) and 0.48
     * (every 50th); looking on until 4 are found, the same epsilon gives 0.998, 0.990 and 0.950, and a region far from the query is
     * searched with a third of the distances of walking through the gap.
     */
    private static final int ACCEPTED_PER_EXPANSION = 4;
    /** The most graph rows one expansion reads beyond its own row, in multiples of the largest degree. */
    private static final int HOP_ROWS_PER_DEGREE = 2;

    /**
     * Adds to {@code toMeasure[count ..]} the unvisited accepted neighbours of the rejected points
     * {@code toExplore[0 .. rejected)}, up to {@code cap} in all, marking them visited. While fewer than
     * {@value #ACCEPTED_PER_EXPANSION} were found, the rejected points met on the way are explored after them (marked
     * visited, so no row is read twice in a walk), within {@value #HOP_ROWS_PER_DEGREE} rows per degree. Returns the
     * new count.
     */
    private int hops(int rejected, int count, int cap, AcceptOrds accept) {
        ensureMeasureCapacity(cap);
        int maxRows = HOP_ROWS_PER_DEGREE * row.length;
        int found = 0;
        for (int i = 0; i < rejected && count < cap && i < maxRows; i++) {
            int degree = graph.neighbours(toExplore[i], hopRow);
            for (int e = 0; e < degree && count < cap; e++) {
                int w = hopRow[e];
                if (visited.contains(w)) {
                    continue;
                }
                if (accept.accept(w)) {
                    visited.add(w);
                    toMeasure[count++] = w;
                    found++;
                } else if (found < ACCEPTED_PER_EXPANSION && rejected < maxRows) {
                    visited.add(w);
                    ensureExploreCapacity(rejected + 1);
                    toExplore[rejected++] = w;
                }
            }
        }
        return count;
    }

    private void ensureMeasureCapacity(int capacity) {
        if (toMeasure.length < capacity) {
            toMeasure = Arrays.copyOf(toMeasure, Math.max(capacity, 2 * toMeasure.length));
            measuredDistances = new float[toMeasure.length];
        }
    }

    private void ensureExploreCapacity(int capacity) {
        if (toExplore.length < capacity) {
            toExplore = Arrays.copyOf(toExplore, Math.max(capacity, 2 * toExplore.length));
        }
    }

    /**
     * Offers to {@code collector} and queues the measured points below {@code bound}, tightening the bound as the
     * collector fills; returns the bound after them.
     */
    private float offerBelowBound(int[] points, float[] distances, int count, float bound, NeighborCollector collector, float epsilon,
                                  float minDistance) {
        for (int e = 0; e < count; e++) {
            float d = distances[e];
            if (d < bound) {
                if (collector.collect(points[e], d)) {
                    bound = bound(collector, epsilon, minDistance);
                }
                pushSeed(points[e], d);
            }
        }
        return bound;
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
    private int seedLeaf(int leaf, QueryDistance distance, NeighborCollector collector, long visitLimit) {
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
            collector.collect(leafPoints[i], leafDistances[i]);
            pushSeed(leafPoints[i], leafDistances[i]);
        }
        return count;
    }

    /** Measures and queues an entry point already marked visited; returns the number of distances computed (1). */
    private int seed(int p, QueryDistance distance, NeighborCollector collector) {
        float d = distance.fastDistance(p);
        collector.collect(p, d);
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
