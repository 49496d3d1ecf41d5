package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.FieldMeta;
import dev.vicinity.codec.MethodEntry;
import dev.vicinity.codec.rptree.TreeBlock;
import dev.vicinity.nndescent.NNDescentParameters;
import dev.vicinity.quantize.Int8Quantizer;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;

import java.io.IOException;

/**
 * The {@code nndescent} part of a field's meta entry (method layout version {@value NNDescentMethod#VERSION_CURRENT}),
 * written after the generic entry, and the layout of the field's block in the data file. Writing and reading live
 * side by side so the two cannot drift apart.
 *
 * <h2>Meta entry</h2>
 *
 * <ul>
 *   <li>The resolved build parameters (explicit or defaulted for this segment's size, see {@link NNDescentMethod}):
 *       <b>[vint]</b> n_neighbors, <b>[vint]</b> n_trees, <b>[vint]</b> leaf_size, <b>[vint]</b> n_iters,
 *       <b>[vint]</b> max_candidates, <b>[int32]</b> delta, <b>[int32]</b> diversify_prob, <b>[int32]</b>
 *       pruning_degree_multiplier (floats as {@link Float#floatToIntBits float bits}), <b>[int64]</b> seed
 *   <li><b>[int32]</b> the search graph's {@code min_distance} (float bits), <b>[vint]</b> its largest out-degree,
 *       <b>[vint]</b> its edge count {@code E}, <b>[vint]</b> the k-NN graph's row length {@code K}
 *   <li>the search tree's counts ({@link TreeBlock}): <b>[vint]</b> node count {@code T}, <b>[vint]</b> internal node
 *       count {@code I}
 *   <li><b>[byte]</b> walk-vector encoding: {@code 0} none (the walk measures the flat float vectors), otherwise an
 *       {@link Int8Quantizer} encoding id ({@code 1} euclidean, {@code 2} angular, {@code 3} dot), then
 *       <b>[int32]</b> its {@code min} and <b>[int32]</b> its {@code step} (float bits)
 * </ul>
 *
 * <h2>Block</h2>
 *
 * <p>All little-endian, without padding, over the segment's {@code n} vectors. The search graph and the walk vectors
 * are numbered by <b>position</b> in the search tree's permutation (leaf after leaf), not by ordinal: points close in
 * space are then mostly close in the file, so a walk reads nearby rows and vectors. The permutation maps a position
 * to its ordinal.
 *
 * <ol>
 *   <li>graph offsets, int32 × {@code (n + 1)}: the neighbours of position {@code i} are entries
 *       {@code offsets[i] .. offsets[i+1]} of the next section
 *   <li>graph neighbours, int32 × {@code E}: positions, nearest first
 *   <li>the search tree, a {@link TreeBlock} (split offsets, children, normal rows, normals, permutation)
 *   <li>k-NN graph, int32 × {@code n × K}: row {@code i} holds the ordinals of ordinal {@code i}'s nearest
 *       neighbours ({@code -1} = none); only merges read it, to seed the merged segment's build
 *   <li>only with a walk-vector encoding: walk vectors, int8 × {@code n × dims}, the vector at each position
 *       quantized ({@link Int8Quantizer}); the walk measures these, hits are rescored on the float vectors
 * </ol>
 */
record NNDescentFieldEntry(
    NNDescentParameters params,
    int size,
    int dims,
    float minDistance,
    int maxDegree,
    int edgeCount,
    int knnK,
    TreeBlock tree,
    Int8Quantizer walkQuantizer
) implements MethodEntry {

    long neighboursStart() {
        return 4L * (size + 1);
    }

    long treeStart() {
        return neighboursStart() + 4L * edgeCount;
    }

    long knnStart() {
        return treeStart() + tree.length();
    }

    long walkVectorsStart() {
        return knnStart() + 4L * size * knnK;
    }

    long expectedLength() {
        return walkVectorsStart() + (walkQuantizer == null ? 0 : (long) size * dims);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeVInt(params.nNeighbors());
        out.writeVInt(params.nTrees());
        out.writeVInt(params.leafSize());
        out.writeVInt(params.nIters());
        out.writeVInt(params.maxCandidates());
        out.writeInt(Float.floatToIntBits(params.delta()));
        out.writeInt(Float.floatToIntBits(params.diversifyProb()));
        out.writeInt(Float.floatToIntBits(params.pruningDegreeMultiplier()));
        out.writeLong(params.seed());
        out.writeInt(Float.floatToIntBits(minDistance));
        out.writeVInt(maxDegree);
        out.writeVInt(edgeCount);
        out.writeVInt(knnK);
        tree.write(out);
        if (walkQuantizer == null) {
            out.writeByte((byte) 0);
        } else {
            out.writeByte((byte) walkQuantizer.encoding());
            out.writeInt(Float.floatToIntBits(walkQuantizer.min()));
            out.writeInt(Float.floatToIntBits(walkQuantizer.step()));
        }
    }

    /**
     * Reads and checks the entry of a field of {@code size} vectors whose block is {@code blockLength} bytes.
     *
     * @throws CorruptIndexException when a value is out of range or the block's length does not match the counts
     */
    static NNDescentFieldEntry read(IndexInput in, FieldMeta field, int size, long blockLength) throws IOException {
        String name = field.info().name;
        int nNeighbors = in.readVInt();
        int nTrees = in.readVInt();
        int leafSize = in.readVInt();
        int nIters = in.readVInt();
        int maxCandidates = in.readVInt();
        float delta = Float.intBitsToFloat(in.readInt());
        float diversifyProb = Float.intBitsToFloat(in.readInt());
        float multiplier = Float.intBitsToFloat(in.readInt());
        long seed = in.readLong();
        NNDescentParameters params;
        try {
            params = new NNDescentParameters(nNeighbors, nTrees, leafSize, nIters, maxCandidates, delta, diversifyProb, multiplier, seed);
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException("field [" + name + "]: " + e.getMessage(), in, e);
        }
        float minDistance = Float.intBitsToFloat(in.readInt());
        int maxDegree = in.readVInt();
        int edgeCount = in.readVInt();
        int knnK = in.readVInt();
        TreeBlock tree = TreeBlock.read(in, size, field.dims());
        Int8Quantizer walkQuantizer = null;
        byte walkEncoding = in.readByte();
        if (walkEncoding != 0) {
            float min = Float.intBitsToFloat(in.readInt());
            float step = Float.intBitsToFloat(in.readInt());
            try {
                walkQuantizer = new Int8Quantizer(walkEncoding, min, step);
            } catch (IllegalArgumentException e) {
                throw new CorruptIndexException("field [" + name + "]: " + e.getMessage(), in, e);
            }
        }
        if (size < 1 || maxDegree < 0 || maxDegree > params.maxDegree() || edgeCount < 0 || (long) edgeCount > (long) size * maxDegree
            || knnK < 0 || knnK > params.nNeighbors() || Float.isNaN(minDistance) || minDistance > 0) {
            throw new CorruptIndexException("field [" + name + "] has an inconsistent nndescent entry", in);
        }
        NNDescentFieldEntry entry = new NNDescentFieldEntry(params, size, field.dims(), minDistance, maxDegree, edgeCount, knnK, tree, walkQuantizer);
        if (entry.expectedLength() != blockLength) {
            throw new CorruptIndexException(
                "field [" + name + "] has an nndescent block of [" + blockLength + "] bytes but its counts need [" + entry.expectedLength() + "]",
                in
            );
        }
        return entry;
    }
}
