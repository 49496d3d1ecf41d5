package dev.vicinity.codec;

import dev.vicinity.nndescent.NNDescentParameters;
import dev.vicinity.quantize.Int8Quantizer;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;

import java.io.IOException;

/**
 * The method-specific part of an {@code nndescent} field's {@code .vem} entry, written right after the common entry
 * ({@link FieldMeta}), and the layout of the field's block in the {@code .vex} data file. Writing and reading live side
 * by side so the two cannot drift apart.
 *
 * <h2>{@code .vem}: method-specific entry of an {@code nndescent} field</h2>
 *
 * <ul>
 *   <li>The resolved build parameters (explicit or defaulted for this segment's size, see {@link NNDescentFormat}):
 *       <b>[vint]</b> n_neighbors, <b>[vint]</b> n_trees, <b>[vint]</b> leaf_size, <b>[vint]</b> n_iters,
 *       <b>[vint]</b> max_candidates, <b>[int32]</b> delta, <b>[int32]</b> diversify_prob, <b>[int32]</b>
 *       pruning_degree_multiplier (floats as {@link Float#floatToIntBits float bits}), <b>[int64]</b> seed
 *   <li><b>[vint]</b> number of vectors {@code n}
 *   <li><b>[byte]</b> {@code 0}: no graph (fewer than {@link NNDescentFormat#MIN_GRAPH_SIZE} vectors; searched
 *       exactly) and the entry ends here; {@code 1}: a graph follows
 *   <li><b>[int32]</b> the search graph's {@code min_distance} (float bits), <b>[vint]</b> its largest out-degree,
 *       <b>[vint]</b> its edge count {@code E}, <b>[vint]</b> the k-NN graph's row length {@code K},
 *       <b>[vint]</b> search-tree node count {@code T}, <b>[vint]</b> internal node count {@code I}
 *   <li><b>[byte]</b> walk-vector encoding: {@code 0} none (the walk measures the flat float vectors), otherwise an
 *       {@link Int8Quantizer} encoding id ({@code 1} euclidean, {@code 2} angular, {@code 3} dot), then
 *       <b>[int32]</b> its {@code min} and <b>[int32]</b> its {@code step} (float bits)
 *   <li><b>[vlong]</b> offset and <b>[vlong]</b> length of the field's block in {@code .vex}
 * </ul>
 *
 * <h2>{@code .vex}: NN-descent data</h2>
 *
 * <p>Index header (codec name {@value NNDescentFormat#DATA_CODEC_NAME}), then one block per graphed field, then a
 * checksum footer. A block is, all little-endian values, without padding:
 *
 * <p>The search graph and the walk vectors are numbered by <b>position</b> in the search tree's permutation (leaf
 * after leaf), not by ordinal: points close in space are then mostly close in the file, so a walk reads nearby rows
 * and vectors. The permutation (section 7) maps a position to its ordinal.
 *
 * <ol>
 *   <li>graph offsets, int32 × {@code (n + 1)}: the neighbours of position {@code i} are entries
 *       {@code offsets[i] .. offsets[i+1]} of the next section
 *   <li>graph neighbours, int32 × {@code E}: positions, nearest first
 *   <li>tree split offsets, float32 × {@code T}: a point goes left when {@code offset + normal·x > 0}
 *   <li>tree children, int32 × {@code 2T}: left and right child of an internal node; for a leaf {@code ~start} and
 *       {@code end}: its points are the positions {@code start .. end - 1}
 *   <li>tree normal rows, int32 × {@code T}: the row of the node's normal in the next section, {@code -1} for leaves
 *   <li>tree normals, float32 × {@code I × dims}
 *   <li>tree permutation, int32 × {@code n}: the ordinal at each position
 *   <li>k-NN graph, int32 × {@code n × K}: row {@code i} holds the ordinals of ordinal {@code i}'s nearest
 *       neighbours ({@code -1} = none); only merges read it, to seed the merged segment's build
 *   <li>only with a walk-vector encoding: walk vectors, int8 × {@code n × dims}, the vector at each position
 *       quantized ({@link Int8Quantizer}); the walk measures these, hits are rescored on the float vectors
 * </ol>
 */
record NNDescentFieldEntry(
    NNDescentParameters params,
    int size,
    boolean graphed,
    float minDistance,
    int maxDegree,
    int edgeCount,
    int knnK,
    int nodeCount,
    int internalCount,
    Int8Quantizer walkQuantizer,
    long dataOffset,
    long dataLength
) {

    /** The entry of a segment too small to be graphed. */
    static NNDescentFieldEntry ungraphed(NNDescentParameters params, int size) {
        return new NNDescentFieldEntry(params, size, false, 0, 0, 0, 0, 0, 0, null, 0, 0);
    }

    long graphOffsetsStart() {
        return dataOffset;
    }

    long neighboursStart() {
        return graphOffsetsStart() + 4L * (size + 1);
    }

    long treeOffsetsStart() {
        return neighboursStart() + 4L * edgeCount;
    }

    long childrenStart() {
        return treeOffsetsStart() + 4L * nodeCount;
    }

    long normalRowsStart() {
        return childrenStart() + 8L * nodeCount;
    }

    long normalsStart() {
        return normalRowsStart() + 4L * nodeCount;
    }

    long indicesStart(int dims) {
        return normalsStart() + 4L * internalCount * dims;
    }

    long knnStart(int dims) {
        return indicesStart(dims) + 4L * size;
    }

    long walkVectorsStart(int dims) {
        return knnStart(dims) + 4L * size * knnK;
    }

    long expectedLength(int dims) {
        return walkVectorsStart(dims) + (walkQuantizer == null ? 0 : (long) size * dims) - dataOffset;
    }

    void write(DataOutput out) throws IOException {
        out.writeVInt(params.nNeighbors());
        out.writeVInt(params.nTrees());
        out.writeVInt(params.leafSize());
        out.writeVInt(params.nIters());
        out.writeVInt(params.maxCandidates());
        out.writeInt(Float.floatToIntBits(params.delta()));
        out.writeInt(Float.floatToIntBits(params.diversifyProb()));
        out.writeInt(Float.floatToIntBits(params.pruningDegreeMultiplier()));
        out.writeLong(params.seed());
        out.writeVInt(size);
        out.writeByte((byte) (graphed ? 1 : 0));
        if (graphed) {
            out.writeInt(Float.floatToIntBits(minDistance));
            out.writeVInt(maxDegree);
            out.writeVInt(edgeCount);
            out.writeVInt(knnK);
            out.writeVInt(nodeCount);
            out.writeVInt(internalCount);
            if (walkQuantizer == null) {
                out.writeByte((byte) 0);
            } else {
                out.writeByte((byte) walkQuantizer.encoding());
                out.writeInt(Float.floatToIntBits(walkQuantizer.min()));
                out.writeInt(Float.floatToIntBits(walkQuantizer.step()));
            }
            out.writeVLong(dataOffset);
            out.writeVLong(dataLength);
        }
    }

    /**
     * Reads and checks the entry of a field with {@code dims} dimensions.
     *
     * @throws CorruptIndexException when a value is out of range or the block's length does not match its counts
     */
    static NNDescentFieldEntry read(IndexInput in, String field, int dims) throws IOException {
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
            throw new CorruptIndexException("field [" + field + "]: " + e.getMessage(), in, e);
        }
        int size = in.readVInt();
        byte graphed = in.readByte();
        if (graphed == 0) {
            return ungraphed(params, size);
        }
        if (graphed != 1) {
            throw new CorruptIndexException("field [" + field + "] has an invalid graph flag [" + graphed + "]", in);
        }
        float minDistance = Float.intBitsToFloat(in.readInt());
        int maxDegree = in.readVInt();
        int edgeCount = in.readVInt();
        int knnK = in.readVInt();
        int nodeCount = in.readVInt();
        int internalCount = in.readVInt();
        Int8Quantizer walkQuantizer = null;
        byte walkEncoding = in.readByte();
        if (walkEncoding != 0) {
            float min = Float.intBitsToFloat(in.readInt());
            float step = Float.intBitsToFloat(in.readInt());
            try {
                walkQuantizer = new Int8Quantizer(walkEncoding, min, step);
            } catch (IllegalArgumentException e) {
                throw new CorruptIndexException("field [" + field + "]: " + e.getMessage(), in, e);
            }
        }
        long dataOffset = in.readVLong();
        long dataLength = in.readVLong();
        if (size < 1 || maxDegree < 0 || maxDegree > params.maxDegree() || edgeCount < 0 || (long) edgeCount > (long) size * maxDegree
            || knnK < 0 || knnK > params.nNeighbors() || nodeCount < 1 || internalCount < 0 || internalCount >= nodeCount
            || Float.isNaN(minDistance) || minDistance > 0 || dataOffset < 0) {
            throw new CorruptIndexException("field [" + field + "] has an inconsistent nndescent entry", in);
        }
        NNDescentFieldEntry entry = new NNDescentFieldEntry(
            params, size, true, minDistance, maxDegree, edgeCount, knnK, nodeCount, internalCount, walkQuantizer, dataOffset, dataLength
        );
        if (entry.expectedLength(dims) != dataLength) {
            throw new CorruptIndexException(
                "field [" + field + "] has an nndescent block of [" + dataLength + "] bytes but its counts need [" + entry.expectedLength(dims) + "]",
                in
            );
        }
        return entry;
    }
}
