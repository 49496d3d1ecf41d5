package dev.vicinity.codec.rptree;

import dev.vicinity.codec.BlockWrites;
import dev.vicinity.rptree.FlatTree;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

import java.io.IOException;

/**
 * The on-disk form of one random-projection tree ({@link FlatTree}), shared by the methods made of such trees. A
 * tree block is, all little-endian, without padding:
 *
 * <ol>
 *   <li>split offsets, float32 × {@code T}: a point goes left when {@code offset + normal·x > 0}
 *   <li>children, int32 × {@code 2T}: left and right child of an internal node; for a leaf {@code ~start} and
 *       {@code end}: its points are the positions {@code start .. end - 1} of the permutation
 *   <li>normal rows, int32 × {@code T}: the row of the node's normal in the next section, {@code -1} for leaves
 *   <li>normals, float32 × {@code I × dims}
 *   <li>permutation, int32 × {@code n}: the point ordinal at each position, leaf after leaf
 * </ol>
 *
 * with {@code T} nodes of which {@code I} are internal, over {@code n} points. The counts are stored in the owning
 * method's meta entry ({@link #write(DataOutput)}), which {@link #read} validates against the block's length.
 *
 * @param size the number of points {@code n}
 * @param nodeCount {@code T}
 * @param internalCount {@code I}
 * @param dims the dimensions of the normals
 */
public record TreeBlock(int size, int nodeCount, int internalCount, int dims) {

    /** The length in bytes of a tree block with these counts. */
    public long length() {
        return 4L * nodeCount + 8L * nodeCount + 4L * nodeCount + 4L * internalCount * dims + 4L * size;
    }

    long childrenStart() {
        return 4L * nodeCount;
    }

    long normalRowsStart() {
        return childrenStart() + 8L * nodeCount;
    }

    long normalsStart() {
        return normalRowsStart() + 4L * nodeCount;
    }

    long permutationStart() {
        return normalsStart() + 4L * internalCount * dims;
    }

    /** Writes {@code tree} at the output's position and returns its counts. */
    public static TreeBlock write(IndexOutput out, FlatTree tree) throws IOException {
        int dims = tree.dims();
        BlockWrites.writeFloats(out, tree.offsets());
        BlockWrites.writeInts(out, tree.children());
        int internal = 0;
        for (float[] normal : tree.normals()) {
            out.writeInt(normal == null ? -1 : internal++);
        }
        for (float[] normal : tree.normals()) {
            if (normal != null) {
                if (normal.length != dims) {
                    throw new IllegalStateException("a tree normal has [" + normal.length + "] dims but the tree has [" + dims + "]");
                }
                BlockWrites.writeFloats(out, normal);
            }
        }
        BlockWrites.writeInts(out, tree.indices());
        return new TreeBlock(tree.indices().length, tree.nodeCount(), internal, dims);
    }

    /** Writes the counts into a meta entry: <b>[vint]</b> {@code T}, <b>[vint]</b> {@code I} (size and dims are the owner's). */
    public void write(DataOutput meta) throws IOException {
        meta.writeVInt(nodeCount);
        meta.writeVInt(internalCount);
    }

    /**
     * Reads counts written by {@link #write(DataOutput)} for a tree over {@code size} points of {@code dims} dimensions.
     *
     * @throws CorruptIndexException when the counts cannot describe a tree over {@code size} points
     */
    public static TreeBlock read(IndexInput meta, int size, int dims) throws IOException {
        int nodeCount = meta.readVInt();
        int internalCount = meta.readVInt();
        // a binary tree with I internal nodes has I + 1 leaves, and every leaf but an empty root holds a point
        if (nodeCount < 1 || internalCount < 0 || nodeCount != 2 * internalCount + 1 || internalCount >= Math.max(1, size)) {
            throw new CorruptIndexException("invalid tree counts: [" + nodeCount + "] nodes, [" + internalCount + "] internal, over ["
                + size + "] points", meta);
        }
        return new TreeBlock(size, nodeCount, internalCount, dims);
    }

    /** Opens the tree stored at {@code offset} of {@code data} (a method's block) for reading off-heap. */
    public OffHeapTree open(IndexInput data, long offset) throws IOException {
        if (offset < 0 || offset + length() > data.length()) {
            throw new CorruptIndexException("a tree of [" + length() + "] bytes at [" + offset + "] does not fit in [" + data.length() + "] bytes", data);
        }
        return new OffHeapTree(this, data.slice("rp-tree", offset, length()));
    }
}
