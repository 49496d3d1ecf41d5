package dev.vicinity.codec;

import dev.vicinity.ann.QueryDistance;
import dev.vicinity.rptree.TreeAccess;

import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.GraphAccess;
import dev.vicinity.nndescent.NNDescentSearcher;
import dev.vicinity.nndescent.SearchResult;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.VectorUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;

/**
 * Reads one graphed {@code nndescent} field from the {@code .vex} file (layout on {@link NNDescentFieldEntry}) and
 * searches it. Nothing of the graph, the tree or the int8 walk vectors is copied to the heap: all are read through
 * slices of the (memory-mapped) data file. The walk runs on positions in the search tree's order (as stored); the
 * permutation translates accept-docs and hits to ordinals.
 *
 * <p>Heap per query: a searcher holds a visited-stamp array of {@code n} ints and a few row buffers. Searchers are
 * pooled per field and reused, so a reader keeps at most one per concurrently searching thread and a query allocates
 * only its result arrays.
 */
final class NNDescentFieldReader {

    private final NNDescentFieldEntry entry;
    private final Metric metric;
    private final int dims;
    private final IndexInput graphOffsets;
    private final IndexInput neighbours;
    private final IndexInput treeOffsets;
    private final IndexInput children;
    private final IndexInput normalRows;
    private final IndexInput normals;
    private final IndexInput indices;
    private final IndexInput knn;
    /** The int8 walk vectors by position, or {@code null} when the walk measures the float vectors. */
    private final IndexInput walkVectors;
    private final ConcurrentLinkedQueue<Walker> walkers = new ConcurrentLinkedQueue<>();

    NNDescentFieldReader(NNDescentFieldEntry entry, Metric metric, int dims, IndexInput data) throws IOException {
        this.entry = entry;
        this.metric = metric;
        this.dims = dims;
        if (entry.dataOffset() + entry.dataLength() > data.length()) {
            throw new org.apache.lucene.index.CorruptIndexException("nndescent block ends past the end of the data file", data);
        }
        int n = entry.size();
        this.graphOffsets = data.slice("nnd-graph-offsets", entry.graphOffsetsStart(), 4L * (n + 1));
        this.neighbours = data.slice("nnd-neighbours", entry.neighboursStart(), 4L * entry.edgeCount());
        this.treeOffsets = data.slice("nnd-tree-offsets", entry.treeOffsetsStart(), 4L * entry.nodeCount());
        this.children = data.slice("nnd-tree-children", entry.childrenStart(), 8L * entry.nodeCount());
        this.normalRows = data.slice("nnd-tree-normal-rows", entry.normalRowsStart(), 4L * entry.nodeCount());
        this.normals = data.slice("nnd-tree-normals", entry.normalsStart(), 4L * entry.internalCount() * dims);
        this.indices = data.slice("nnd-tree-indices", entry.indicesStart(dims), 4L * n);
        this.knn = data.slice("nnd-knn", entry.knnStart(dims), 4L * n * entry.knnK());
        this.walkVectors = entry.walkQuantizer() == null ? null : data.slice("nnd-walk-vectors", entry.walkVectorsStart(dims), (long) n * dims);
    }

    NNDescentFieldEntry entry() {
        return entry;
    }

    /**
     * The approximate {@code k} nearest accepted ordinals to {@code query}, with their distances in the metric's fast
     * scale as the walk measured them (int8 walks: approximate; callers rescore hits).
     *
     * @param values the field's raw vectors as the flat reader returns them (off-heap), a private copy; the walk
     *               measures them unless the segment has int8 walk vectors
     * @param acceptOrds accepted ordinals, {@code null} for all
     */
    SearchResult search(float[] query, FloatVectorValues values, int k, float epsilon, Bits acceptOrds, long visitLimit) throws IOException {
        return search(query, walkVectors == null ? walkDistance(query, values) : null, k, epsilon, acceptOrds, visitLimit);
    }

    /**
     * As {@link #search(float[], FloatVectorValues, int, float, Bits, long)}, measuring with {@code byOrd} (distances
     * by ordinal, see {@link #walkDistance}), or with the segment's int8 walk vectors when it is {@code null}.
     */
    SearchResult search(float[] query, QueryDistance byOrd, int k, float epsilon, Bits acceptOrds, long visitLimit) throws IOException {
        Walker walker = walkers.poll();
        if (walker == null) {
            walker = new Walker();
        }
        try {
            return walker.search(query, byOrd, k, epsilon, acceptOrds, visitLimit);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            walkers.offer(walker);
        }
    }

    /**
     * One thread's search state, pooled: the searcher and its inputs. The walk runs on positions (see
     * {@link NNDescentFieldEntry}); this translates accept-docs and hits through the permutation.
     */
    private final class Walker {
        private final NNDescentSearcher searcher =
            new NNDescentSearcher(new Graph(), new Tree(), metric, entry.params().nNeighbors(), entry.params().seed(), null);
        private final RandomAccessInput ordAt;
        private final Int8WalkDistance int8Distance;
        private int[] ords = new int[0];

        Walker() throws IOException {
            ordAt = randomAccess(indices);
            int8Distance = walkVectors == null ? null : new Int8WalkDistance(entry.walkQuantizer(), walkVectors.clone(), dims);
        }

        SearchResult search(float[] query, QueryDistance byOrd, int k, float epsilon, Bits acceptOrds, long visitLimit) {
            QueryDistance distance;
            if (byOrd == null) {
                int8Distance.setQuery(query);
                distance = int8Distance;
            } else {
                distance = byPosition(byOrd);
            }
            SearchResult byPosition = searcher.search(query, distance, k, epsilon,
                acceptOrds == null ? null : position -> acceptOrds.get(ordAt(position)), visitLimit);
            int[] hits = byPosition.ords().clone();
            for (int i = 0; i < hits.length; i++) {
                hits[i] = ordAt(hits[i]);
            }
            return new SearchResult(hits, byPosition.distances(), byPosition.visited(), byPosition.earlyTerminated());
        }

        private int ordAt(int position) {
            try {
                return ordAt.readInt(4L * position);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A distance over ordinals, asked by position. */
        private QueryDistance byPosition(QueryDistance byOrd) {
            return new QueryDistance() {
                @Override
                public float fastDistance(int position) {
                    return byOrd.fastDistance(ordAt(position));
                }

                @Override
                public void fastDistances(int[] positions, int count, float[] into) {
                    if (ords.length < count) {
                        ords = new int[positions.length];
                    }
                    for (int i = 0; i < count; i++) {
                        ords[i] = ordAt(positions[i]);
                    }
                    byOrd.fastDistances(ords, count, into);
                }
            };
        }
    }

    /**
     * The distances for a walk from {@code query}: in place through Lucene's scorer for the metric's twin similarity
     * where there is one ({@link TwinScorerDistance}), otherwise {@link #copyingDistance}.
     *
     * @param values the field's raw vectors as the flat reader returns them (off-heap), a private copy
     */
    QueryDistance walkDistance(float[] query, FloatVectorValues values) throws IOException {
        QueryDistance twin = TwinScorerDistance.forQuery(metric, values, query);
        return twin != null ? twin : copyingDistance(query, values);
    }

    /**
     * The general distance: copies each vector to the heap and applies the metric. Works for every metric.
     *
     * @param values the field's vectors, a private copy (their buffer is reused)
     */
    QueryDistance copyingDistance(float[] query, FloatVectorValues values) {
        return ord -> {
            try {
                return metric.fastDistance(query, values.vectorValue(ord));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** An independent reader of the k-NN rows (merges seed from them); not thread-safe. */
    KnnRows knnRows() {
        return new KnnRows(knn.clone(), entry.knnK());
    }

    /** Sequential-or-random reader of the stored k-NN graph rows. */
    static final class KnnRows {
        private final IndexInput in;
        private final int k;

        private KnnRows(IndexInput in, int k) {
            this.in = in;
            this.k = k;
        }

        int k() {
            return k;
        }

        /** Copies the row of {@code ord} into {@code into} (at least {@link #k()} long). */
        void row(int ord, int[] into) throws IOException {
            in.seek(4L * k * ord);
            in.readInts(into, 0, k);
        }
    }

    private static RandomAccessInput randomAccess(IndexInput in) throws IOException {
        return in.randomAccessSlice(0, in.length());
    }

    /** The search graph over its two slices; one per searcher. */
    private final class Graph implements GraphAccess {
        private final RandomAccessInput offsets;
        private final IndexInput rows = neighbours.clone();

        Graph() {
            try {
                offsets = randomAccess(graphOffsets);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int size() {
            return entry.size();
        }

        @Override
        public int maxDegree() {
            return entry.maxDegree();
        }

        @Override
        public float minDistance() {
            return entry.minDistance();
        }

        @Override
        public int neighbours(int point, int[] into) {
            try {
                int from = offsets.readInt(4L * point);
                int count = offsets.readInt(4L * point + 4) - from;
                rows.seek(4L * from);
                rows.readInts(into, 0, count);
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The search tree over its slices; one per searcher. */
    private final class Tree implements TreeAccess {
        private final RandomAccessInput offsets;
        private final RandomAccessInput childIds;
        private final RandomAccessInput rowOfNode;
        private final IndexInput normalValues = normals.clone();
        private final float[] normal = new float[dims];

        Tree() {
            try {
                offsets = randomAccess(treeOffsets);
                childIds = randomAccess(children);
                rowOfNode = randomAccess(normalRows);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int leafFor(float[] query, IntSupplier coin) {
            try {
                int node = 0;
                while (childIds.readInt(8L * node) >= 0) {
                    normalValues.seek(4L * dims * rowOfNode.readInt(4L * node));
                    normalValues.readFloats(normal, 0, dims);
                    float margin = Float.intBitsToFloat(offsets.readInt(4L * node)) + VectorUtil.dotProduct(normal, query);
                    boolean left = Math.abs(margin) < 1e-8f ? (coin.getAsInt() & 1) == 0 : margin > 0;
                    node = childIds.readInt(8L * node + (left ? 0 : 4));
                }
                return node;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int leafStart(int leaf) {
            try {
                return ~childIds.readInt(8L * leaf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int leafEnd(int leaf) {
            try {
                return childIds.readInt(8L * leaf + 4);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The walk runs on positions: the point at a position is the position itself. */
        @Override
        public int pointAt(int position) {
            return position;
        }
    }
}
