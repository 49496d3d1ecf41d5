package dev.vicinity.codec.forest;

import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.MethodEntry;
import dev.vicinity.forest.Forest;
import dev.vicinity.forest.ForestParameters;
import dev.vicinity.forest.SplitSpace;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;

import java.io.IOException;

/**
 * The {@code forest} part of a field's meta entry (method layout version {@value ForestMethod#VERSION_CURRENT}) and the
 * layout of its block in the data file ({@link Forest} as flat arrays). Writing and reading live side by side so the
 * two cannot drift apart.
 *
 * <h2>Meta entry</h2>
 * <ul>
 *   <li>the build parameters as given or defaulted: <b>[int32]</b> n_trees ({@code -1}: Annoy's automatic rule),
 *       <b>[vint]</b> leaf_size, <b>[int32]</b> split_dims ({@code -1}: automatic), <b>[int64]</b> seed
 *   <li><b>[byte]</b> split space id ({@link SplitSpace#id()}: 1 euclidean, 2 manhattan, 3 angular, 4 centred, 5 dot,
 *       6 coordinate), which must be the metric's
 *   <li><b>[vint]</b> tree count {@code T}, <b>[vint]</b> internal node count {@code I}, <b>[vint]</b> leaf count
 *       {@code L} ({@code = I + T}), <b>[vint]</b> the largest leaf's point count
 *   <li><b>[byte]</b> {@code 0} dense hyperplanes, {@code 1} sparse; <b>[vint]</b> normal length {@code s} (dense:
 *       the dimensions)
 * </ul>
 *
 * <h2>Block</h2>
 * <p>All little-endian, without padding, over the segment's {@code n} vectors of {@code d} dimensions. Nodes are
 * addressed by codes: {@code >= 0} an internal node, {@code ~leaf} a leaf.
 * <ol>
 *   <li>roots, int32 × {@code T}: the code of each tree's root
 *   <li>children, int32 × {@code 2I}: the codes of the left (positive margin) and right child of each internal node
 *   <li>hyperplanes, float32 × {@code I} rows of {@code d + 1} (dense: the normal, then the offset) or {@code 2s + 1}
 *       (sparse: the {@code s} normal values, the offset, then their coordinates as floats); a point goes left when
 *       {@code normal·x + offset > 0}; an all-zero row marks a node divided by coin flips
 *   <li>leaf bounds, int32 × {@code (L + 1)}: leaf {@code j} holds the points at positions
 *       {@code bounds[j] .. bounds[j+1] - 1}
 *   <li>points, int32 × {@code T·n}: each tree's point ordinals, leaf after leaf
 * </ol>
 */
record ForestFieldEntry(
    ForestParameters params,
    SplitSpace space,
    int size,
    int dims,
    int treeCount,
    int internalCount,
    int leafCount,
    int maxLeafSize,
    boolean sparse,
    int normalLength
) implements MethodEntry {

    int rowLength() {
        return sparse ? 2 * normalLength + 1 : dims + 1;
    }

    long childrenStart() {
        return 4L * treeCount;
    }

    long planesStart() {
        return childrenStart() + 8L * internalCount;
    }

    long leafBoundsStart() {
        return planesStart() + 4L * internalCount * rowLength();
    }

    long pointsStart() {
        return leafBoundsStart() + 4L * (leafCount + 1);
    }

    long expectedLength() {
        return pointsStart() + 4L * treeCount * size;
    }

    static ForestFieldEntry of(ForestParameters params, Forest forest) {
        return new ForestFieldEntry(params, forest.space(), forest.size(), forest.dims(), forest.treeCount(), forest.internalCount(),
            forest.leafCount(), forest.maxLeafSize(), forest.isSparse(), forest.normalLength());
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(params.nTrees());
        out.writeVInt(params.leafSize());
        out.writeInt(params.splitDims());
        out.writeLong(params.seed());
        out.writeByte((byte) space.id());
        out.writeVInt(treeCount);
        out.writeVInt(internalCount);
        out.writeVInt(leafCount);
        out.writeVInt(maxLeafSize);
        out.writeByte((byte) (sparse ? 1 : 0));
        out.writeVInt(normalLength);
    }

    /**
     * Reads and checks the entry of a field of {@code size} vectors whose block is {@code blockLength} bytes.
     *
     * @throws CorruptIndexException when a value is out of range, contradicts the field, or the counts do not match the block
     */
    static ForestFieldEntry read(IndexInput in, FieldMeta field, int size, long blockLength) throws IOException {
        String name = field.info().name;
        int nTrees = in.readInt();
        int leafSize = in.readVInt();
        int splitDims = in.readInt();
        long seed = in.readLong();
        ForestParameters params;
        SplitSpace space;
        try {
            params = new ForestParameters(nTrees, leafSize, splitDims, seed);
            space = SplitSpace.byId(in.readByte());
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException("field [" + name + "]: " + e.getMessage(), in, e);
        }
        int treeCount = in.readVInt();
        int internalCount = in.readVInt();
        int leafCount = in.readVInt();
        int maxLeafSize = in.readVInt();
        byte sparse = in.readByte();
        int normalLength = in.readVInt();
        int dims = field.dims();
        SplitSpace expected;
        try {
            expected = SplitSpace.forMetric(field.metric());
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException("field [" + name + "]: " + e.getMessage(), in, e);
        }
        if (space != expected || size < 1 || treeCount < 1 || treeCount > ForestParameters.MAX_TREES || internalCount < 0
            || (long) leafCount != (long) internalCount + treeCount || maxLeafSize < 1 || maxLeafSize > size || (sparse != 0 && sparse != 1)
            || normalLength < 0 || normalLength > dims || (sparse == 0 && normalLength != dims)) {
            throw new CorruptIndexException("field [" + name + "] has an inconsistent forest entry", in);
        }
        ForestFieldEntry entry = new ForestFieldEntry(params, space, size, dims, treeCount, internalCount, leafCount, maxLeafSize, sparse == 1,
            normalLength);
        if (entry.expectedLength() != blockLength) {
            throw new CorruptIndexException("field [" + name + "] has a forest block of [" + blockLength + "] bytes but its counts need ["
                + entry.expectedLength() + "]", in);
        }
        return entry;
    }
}
