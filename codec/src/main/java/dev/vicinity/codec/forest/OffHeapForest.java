package dev.vicinity.codec.forest;

import dev.vicinity.forest.ForestAccess;
import dev.vicinity.forest.SplitSpace;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.VectorUtil;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One thread's view of a {@code forest} block, read in place from the (memory-mapped) data file: a query copies only
 * the hyperplane rows of the nodes it visits and the point lists of the leaves it takes. Every code, bound and ordinal
 * read is checked against the entry's counts, so damaged bytes surface as a {@link CorruptIndexException} naming the
 * file, never as an out-of-bounds read or a wrong answer. Not thread-safe.
 */
final class OffHeapForest implements ForestAccess {

    private final ForestFieldEntry entry;
    private final IndexInput block;
    private final RandomAccessInput roots;
    private final RandomAccessInput children;
    private final IndexInput planes;
    private final RandomAccessInput leafBounds;
    private final IndexInput points;
    private final float[] row;

    OffHeapForest(ForestFieldEntry entry, IndexInput block) throws IOException {
        this.entry = entry;
        this.block = block;
        this.roots = block.randomAccessSlice(0, 4L * entry.treeCount());
        this.children = block.randomAccessSlice(entry.childrenStart(), 8L * entry.internalCount());
        this.planes = block.slice("forest-planes", entry.planesStart(), entry.leafBoundsStart() - entry.planesStart());
        this.leafBounds = block.randomAccessSlice(entry.leafBoundsStart(), 4L * (entry.leafCount() + 1));
        this.points = block.slice("forest-points", entry.pointsStart(), 4L * entry.treeCount() * entry.size());
        this.row = new float[entry.rowLength()];
    }

    @Override
    public SplitSpace space() {
        return entry.space();
    }

    @Override
    public int dims() {
        return entry.dims();
    }

    @Override
    public int size() {
        return entry.size();
    }

    @Override
    public int treeCount() {
        return entry.treeCount();
    }

    @Override
    public int root(int tree) {
        int code = read(roots, 4L * tree);
        if (validCode(code) == false) {
            throw corrupt("tree [" + tree + "]'s root is " + describeCode(code));
        }
        return code;
    }

    @Override
    public float margin(int node, float[] extendedQuery) {
        try {
            planes.seek(4L * row.length * node);
            planes.readFloats(row, 0, row.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entry.sparse() == false) {
            return VectorUtil.dotProduct(row, extendedQuery);
        }
        int length = entry.normalLength();
        float sum = row[length];
        for (int j = 0; j < length; j++) {
            float dim = row[length + 1 + j];
            if ((dim >= 0 && dim < entry.dims()) == false) {
                throw corrupt("node [" + node + "] has normal coordinate [" + dim + "] of [" + entry.dims() + "]");
            }
            sum += row[j] * extendedQuery[(int) dim];
        }
        return sum;
    }

    @Override
    public int child(int node, int side) {
        int code = read(children, 8L * node + 4L * side);
        if (validCode(code) == false) { // the message is built only here: this runs for every node a query visits
            throw corrupt("node [" + node + "]'s child is " + describeCode(code));
        }
        return code;
    }

    @Override
    public int leafStart(int leaf) {
        return checkBound(read(leafBounds, 4L * leaf), leaf);
    }

    @Override
    public int leafEnd(int leaf) {
        return checkBound(read(leafBounds, 4L * leaf + 4), leaf);
    }

    @Override
    public void points(int from, int to, int[] into, int at) {
        if (from > to || to - from > entry.maxLeafSize()) {
            throw corrupt("leaf [" + from + ", " + to + ") holds more than the largest leaf's [" + entry.maxLeafSize() + "] points");
        }
        try {
            points.seek(4L * from);
            points.readInts(into, at, to - from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = at; i < at + to - from; i++) {
            if (into[i] < 0 || into[i] >= entry.size()) {
                throw corrupt("position [" + (from + i - at) + "] holds point [" + into[i] + "] of [" + entry.size() + "]");
            }
        }
    }

    @Override
    public int maxLeafSize() {
        return entry.maxLeafSize();
    }

    private boolean validCode(int code) {
        return code >= 0 ? code < entry.internalCount() : ~code < entry.leafCount();
    }

    private String describeCode(int code) {
        return "code [" + code + "] of [" + entry.internalCount() + "] nodes and [" + entry.leafCount() + "] leaves";
    }

    private int checkBound(int bound, int leaf) {
        if (bound < 0 || bound > entry.treeCount() * (long) entry.size()) {
            throw corrupt("leaf [" + leaf + "] has bound [" + bound + "]");
        }
        return bound;
    }

    private static int read(RandomAccessInput in, long offset) {
        try {
            return in.readInt(offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UncheckedIOException corrupt(String message) {
        return new UncheckedIOException(new CorruptIndexException("forest: " + message, block));
    }
}
