package dev.vicinity.codec.nndescent;

import dev.vicinity.ann.AcceptOrds;
import dev.vicinity.ann.NeighborCollector;
import dev.vicinity.ann.QueryDistance;
import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.FieldSearch;
import dev.vicinity.codec.HitCollector;
import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.SearcherPool;
import dev.vicinity.codec.rptree.OffHeapTree;
import dev.vicinity.nndescent.GraphAccess;
import dev.vicinity.nndescent.NNDescentSearcher;
import dev.vicinity.nndescent.ResultHeap;
import dev.vicinity.rptree.TreeAccess;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.RamUsageEstimator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;

/**
 * Reads one {@code nndescent} field's block (layout on {@link NNDescentFieldEntry}) and searches it. Nothing of the
 * graph, the tree or the int8 walk vectors is copied to the heap: all are read through slices of the (memory-mapped)
 * data file. The walk runs on positions in the search tree's order (as stored); the tree's permutation translates
 * accept-docs and hits to ordinals. Every id read from the file is checked against the counts, so damaged bytes
 * surface as a {@link CorruptIndexException} naming the file.
 *
 * <p>The float walk writes each hit straight into the query's collector with the distance it measured (a hit is
 * measured once), and its bound follows the collector's threshold, which reflects the segments searched before. The
 * int8 walk ranks approximately into its own heap of {@code k} and then measures those {@code k} on the float vectors.
 *
 * <p>Heap per search: walkers are pooled and reused; a walker's scratch grows with what a walk touches (visited set,
 * seed heap), never with the number of vectors.
 */
final class NNDescentFieldReader implements MethodField {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(NNDescentFieldReader.class);

    private final NNDescentFieldEntry entry;
    private final FieldMeta field;
    private final IndexInput graphOffsets;
    private final IndexInput neighbours;
    private final OffHeapTree tree;
    private final IndexInput knn;
    /** The int8 walk vectors by position, or {@code null} when the walk measures the float vectors. */
    private final IndexInput walkVectors;
    private final SearcherPool<Walker> walkers = new SearcherPool<>(Walker::new);
    private final FilteredWalkCost filteredWalkCost;

    NNDescentFieldReader(NNDescentFieldEntry entry, FieldMeta field, IndexInput block) throws IOException {
        this.entry = entry;
        this.field = field;
        int n = entry.size();
        this.graphOffsets = block.slice("nnd-graph-offsets", 0, 4L * (n + 1));
        this.neighbours = block.slice("nnd-neighbours", entry.neighboursStart(), 4L * entry.edgeCount());
        this.tree = entry.tree().open(block, entry.treeStart());
        this.knn = block.slice("nnd-knn", entry.knnStart(), 4L * n * entry.knnK());
        this.walkVectors = entry.walkQuantizer() == null ? null
            : block.slice("nnd-walk-vectors", entry.walkVectorsStart(), (long) n * entry.dims());
        this.filteredWalkCost = new FilteredWalkCost(entry.dims());
    }

    @Override
    public IndexMethod method() {
        return NNDescentMethod.INSTANCE;
    }

    @Override
    public NNDescentFieldEntry entry() {
        return entry;
    }

    /** The entry, its parameters and the handles over the block; the graph, tree and walk vectors stay in the file. */
    @Override
    public long ramBytesUsed() {
        long bytes = SHALLOW_SIZE + RamUsageEstimator.shallowSizeOf(entry) + RamUsageEstimator.shallowSizeOf(entry.params())
            + RamUsageEstimator.shallowSizeOf(entry.tree()) + RamUsageEstimator.shallowSizeOf(tree) + RamUsageEstimator.shallowSizeOf(walkers);
        for (IndexInput slice : new IndexInput[] { graphOffsets, neighbours, knn, walkVectors }) {
            bytes += slice == null ? 0 : RamUsageEstimator.shallowSizeOf(slice);
        }
        return bytes + (entry.walkQuantizer() == null ? 0 : RamUsageEstimator.shallowSizeOf(entry.walkQuantizer()));
    }

    @Override
    public boolean exactUnderFilter(long accepted, int n, int k) {
        return filteredWalkCost.exactCheaper(accepted, n, k);
    }

    @Override
    public void search(FieldSearch search) throws IOException {
        float epsilon = ((NNDescentQuery) search.parameters()).epsilon();
        walkers.search(walker -> walker.search(search, epsilon));
    }

    /**
     * One thread's search state, pooled: the searcher, its inputs, and the adapters from positions (what the walk
     * sees) to ordinals (what accept-docs, distances and the collector speak).
     */
    private final class Walker implements QueryDistance, NeighborCollector {
        private final OffHeapTree.Reader treeReader = tree.reader();
        private final NNDescentSearcher searcher =
            new NNDescentSearcher(new Graph(), new PositionTree(treeReader), field.metric(), entry.params().nNeighbors(), entry.params().seed(), null);
        private final Int8WalkDistance int8Distance =
            walkVectors == null ? null : new Int8WalkDistance(entry.walkQuantizer(), walkVectors.clone(), entry.dims());
        private final ResultHeap approximate = new ResultHeap();
        private int[] ords = new int[64];
        private float[] distances = new float[64];
        /** The current search's ordinal distances and hits, used by this walker's adapter methods. */
        private QueryDistance byOrd;
        private HitCollector hits;

        Walker() throws IOException {}

        void search(FieldSearch search, float epsilon) throws IOException {
            int k = Math.min(search.hits().k(), entry.size());
            if (k == 0) {
                return;
            }
            AcceptOrds accept = search.acceptsAll() ? null : position -> search.accepts(treeReader.pointAt(position));
            long budget = search.hits().remainingVisits();
            this.byOrd = search.distances();
            this.hits = search.hits();
            NNDescentSearcher.Walk walk;
            if (int8Distance == null) {
                walk = searcher.search(search.query(), this, this, k, epsilon, accept, budget);
                hits.visited((int) Math.min(Integer.MAX_VALUE, walk.visited()));
            } else {
                int8Distance.setQuery(search.query());
                approximate.reset(k);
                walk = searcher.search(search.query(), int8Distance, approximate, k, epsilon, accept, budget);
                hits.visited((int) Math.min(Integer.MAX_VALUE, walk.visited()));
                rescore();
            }
            if (accept != null) {
                // a walk stopped by the visit limit (about the accepted count) still says what walks cost here
                filteredWalkCost.walked(walk.visited());
            }
        }

        /** Measures the int8 walk's hits on the float vectors and collects them. */
        private void rescore() {
            int count = approximate.size();
            ensure(count);
            for (int i = 0; i < count; i++) {
                ords[i] = treeReader.pointAt(approximate.id(i));
            }
            byOrd.fastDistances(ords, count, distances);
            hits.visited(count);
            for (int i = 0; i < count; i++) {
                hits.collect(ords[i], distances[i]);
            }
        }

        private void ensure(int count) {
            if (ords.length < count) {
                ords = new int[Math.max(count, 2 * ords.length)];
                distances = new float[ords.length];
            }
        }

        /** Distance to the point at {@code position}. */
        @Override
        public float fastDistance(int position) {
            return byOrd.fastDistance(treeReader.pointAt(position));
        }

        @Override
        public void fastDistances(int[] positions, int count, float[] into) {
            ensure(count);
            for (int i = 0; i < count; i++) {
                ords[i] = treeReader.pointAt(positions[i]);
            }
            byOrd.fastDistances(ords, count, into);
        }

        /** Offers the point at {@code position}. */
        @Override
        public boolean collect(int position, float fastDistance) {
            return hits.collect(treeReader.pointAt(position), fastDistance);
        }

        @Override
        public float threshold() {
            return hits.threshold();
        }
    }

    /**
     * The search tree as the walk sees it: the walk runs on positions, and the points of a leaf are the positions
     * {@code start .. end - 1} themselves (the tree's permutation maps them to ordinals only at the edges of the walk).
     */
    private record PositionTree(OffHeapTree.Reader tree) implements TreeAccess {
        @Override
        public int leafFor(float[] query, IntSupplier coin) {
            return tree.leafFor(query, coin);
        }

        @Override
        public int leafStart(int leaf) {
            return tree.leafStart(leaf);
        }

        @Override
        public int leafEnd(int leaf) {
            return tree.leafEnd(leaf);
        }

        @Override
        public int pointAt(int position) {
            return position;
        }
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

    /** The search graph over its two slices; one per walker. Rows and ids are checked against the counts. */
    private final class Graph implements GraphAccess {
        private final RandomAccessInput offsets;
        private final IndexInput rows = neighbours.clone();

        Graph() throws IOException {
            offsets = graphOffsets.randomAccessSlice(0, graphOffsets.length());
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
                int to = offsets.readInt(4L * point + 4);
                int count = to - from;
                if (from < 0 || count < 0 || count > entry.maxDegree() || to > entry.edgeCount()) {
                    throw corrupt("point [" + point + "] has graph row [" + from + ", " + to + ")");
                }
                rows.seek(4L * from);
                rows.readInts(into, 0, count);
                int n = entry.size();
                for (int i = 0; i < count; i++) {
                    if (into[i] < 0 || into[i] >= n) {
                        throw corrupt("point [" + point + "] has neighbour [" + into[i] + "] of [" + n + "]");
                    }
                }
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private IOException corrupt(String message) {
            return new CorruptIndexException("nndescent graph: " + message, neighbours);
        }
    }
}
