package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.BlockWrites;
import dev.vicinity.codec.FieldBuild;
import dev.vicinity.codec.rptree.TreeBlock;
import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.NNDescentBuilder;
import dev.vicinity.nndescent.NNDescentIndex;
import dev.vicinity.nndescent.NNDescentParameters;
import dev.vicinity.nndescent.SearchGraph;
import dev.vicinity.quantize.Int8Quantizer;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.FlatTree;

import org.apache.lucene.store.IndexOutput;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds an {@code nndescent} field of a segment being flushed or merged and writes its block; the layout is
 * documented on {@link NNDescentFieldEntry}. Merges seed the build with the merged segments' k-NN rows
 * ({@link NNDescentMergeSeed}).
 */
final class NNDescentFieldWriter {

    private NNDescentFieldWriter() {}

    /**
     * @param params the resolved build parameters for this segment
     * @param int8Walk whether to store int8 walk vectors ({@code quantization: int8}; the metric must have an encoding)
     */
    static NNDescentFieldEntry write(FieldBuild build, NNDescentParameters params, boolean int8Walk) throws IOException {
        VectorSource vectors = build.vectors();
        Metric metric = build.metric();
        int[][] initialGraph = build.merge() == null ? null : NNDescentMergeSeed.initialGraph(build.merge());
        NNDescentIndex index;
        try {
            index = NNDescentBuilder.build(vectors, metric, params, initialGraph, build.monitor());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (initialGraph != null) {
            build.merge().markSeeded();
            build.monitor().phase("seeded by the merged segments' k-NN rows");
        }
        Int8Quantizer quantizer = null;
        if (int8Walk) {
            quantizer = Int8Quantizer.fit(metric, vectors.size(), vectors::vector);
            if (quantizer == null) {
                throw new IllegalArgumentException("field [" + build.name() + "]: metric [" + metric.name() + "] has no int8 encoding");
            }
        }
        try {
            return writeBlock(build.data(), index, vectors, quantizer);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Writes the block; the graph and walk vectors in search-tree order (see {@link NNDescentFieldEntry}). */
    private static NNDescentFieldEntry writeBlock(IndexOutput out, NNDescentIndex index, VectorSource vectors, Int8Quantizer quantizer)
        throws IOException {
        int dims = vectors.dims();
        long start = out.getFilePointer();
        FlatTree tree = index.tree();
        SearchGraph graph = index.graph().renumbered(tree.indices());
        BlockWrites.writeInts(out, graph.offsets());
        BlockWrites.writeInts(out, graph.neighbours());
        TreeBlock treeBlock = TreeBlock.write(out, tree);
        BlockWrites.writeInts(out, index.knnGraph().ids());
        if (quantizer != null) {
            byte[] quantized = new byte[dims];
            for (int ord : tree.indices()) {
                quantizer.quantize(vectors.vector(ord), quantized);
                out.writeBytes(quantized, dims);
            }
        }
        NNDescentFieldEntry entry = new NNDescentFieldEntry(
            index.parameters(),
            index.size(),
            dims,
            graph.minDistance(),
            graph.maxDegree(),
            graph.neighbours().length,
            index.knnGraph().k(),
            treeBlock,
            quantizer
        );
        BlockWrites.checkWritten(out.getFilePointer() - start, entry.expectedLength());
        return entry;
    }
}
