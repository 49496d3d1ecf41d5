package dev.vicinity.codec.rptree;

import dev.vicinity.rptree.FlatTree;
import dev.vicinity.rptree.TreeAccess;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.VectorUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;

/**
 * A {@link TreeBlock} read in place from the (memory-mapped) data file: nothing is copied to the heap but one normal
 * per search. Every node id, normal row and leaf range read is checked against the block's counts, so damaged bytes
 * surface as a {@link CorruptIndexException} naming the file, never as an out-of-bounds read or a wrong answer.
 *
 * <p>The tree is shared; each searching thread takes its own {@link #reader()}, which holds the buffers.
 */
public final class OffHeapTree {

    private final TreeBlock block;
    private final IndexInput data;

    OffHeapTree(TreeBlock block, IndexInput data) {
        this.block = block;
        this.data = data;
    }

    public TreeBlock block() {
        return block;
    }

    /** A reader for one thread. */
    public Reader reader() throws IOException {
        return new Reader();
    }

    /** One thread's view of the tree: {@link TreeAccess} for walks, node access for best-first searches. */
    public final class Reader implements TreeAccess {
        private final RandomAccessInput offsets;
        private final RandomAccessInput children;
        private final RandomAccessInput normalRows;
        private final RandomAccessInput permutation;
        private final IndexInput normals;
        private final float[] normal;

        private Reader() throws IOException {
            offsets = data.randomAccessSlice(0, 4L * block.nodeCount());
            children = data.randomAccessSlice(block.childrenStart(), 8L * block.nodeCount());
            normalRows = data.randomAccessSlice(block.normalRowsStart(), 4L * block.nodeCount());
            permutation = data.randomAccessSlice(block.permutationStart(), 4L * block.size());
            normals = data.slice("rp-tree-normals", block.normalsStart(), 4L * block.internalCount() * block.dims());
            normal = new float[block.dims()];
        }

        /** Whether {@code node} is a leaf. */
        public boolean isLeaf(int node) {
            return read(children, 8L * node) < 0;
        }

        /** {@code offset + normal·x} of internal node {@code node}. */
        public float margin(int node, float[] x) {
            try {
                int row = read(normalRows, 4L * node);
                if (row < 0 || row >= block.internalCount()) {
                    throw corrupt("node [" + node + "] has normal row [" + row + "] of [" + block.internalCount() + "]");
                }
                normals.seek(4L * block.dims() * row);
                normals.readFloats(normal, 0, normal.length);
                return Float.intBitsToFloat(read(offsets, 4L * node)) + VectorUtil.dotProduct(normal, x);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The left ({@code 0}) or right ({@code 1}) child of internal node {@code node}. */
        public int child(int node, int side) {
            int child = read(children, 8L * node + 4L * side);
            if (child <= node || child >= block.nodeCount()) { // parents come before their children
                throw corrupt("node [" + node + "] has child [" + child + "] of [" + block.nodeCount() + "]");
            }
            return child;
        }

        @Override
        public int leafFor(float[] query, IntSupplier coin) {
            int node = 0;
            while (isLeaf(node) == false) {
                float margin = margin(node, query);
                boolean left = Math.abs(margin) < FlatTree.MARGIN_EPS ? (coin.getAsInt() & 1) == 0 : margin > 0;
                node = child(node, left ? 0 : 1);
            }
            return node;
        }

        @Override
        public int leafStart(int leaf) {
            int start = ~read(children, 8L * leaf);
            if (start < 0 || start > block.size()) {
                throw corrupt("leaf [" + leaf + "] starts at [" + start + "] of [" + block.size() + "]");
            }
            return start;
        }

        @Override
        public int leafEnd(int leaf) {
            int end = read(children, 8L * leaf + 4);
            if (end < 0 || end > block.size()) {
                throw corrupt("leaf [" + leaf + "] ends at [" + end + "] of [" + block.size() + "]");
            }
            return end;
        }

        /** The point ordinal at {@code position} of the permutation. */
        @Override
        public int pointAt(int position) {
            int ord = read(permutation, 4L * position);
            if (ord < 0 || ord >= block.size()) {
                throw corrupt("position [" + position + "] holds point [" + ord + "] of [" + block.size() + "]");
            }
            return ord;
        }

        private int read(RandomAccessInput in, long offset) {
            try {
                return in.readInt(offset);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private UncheckedIOException corrupt(String message) {
            return new UncheckedIOException(new CorruptIndexException("random-projection tree: " + message, data));
        }
    }
}
