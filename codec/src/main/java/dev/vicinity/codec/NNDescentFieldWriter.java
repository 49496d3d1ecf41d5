package dev.vicinity.codec;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.FlatTree;

import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.NNDescentBuilder;
import dev.vicinity.nndescent.NNDescentIndex;
import dev.vicinity.nndescent.NNDescentParameters;
import dev.vicinity.nndescent.SearchGraph;
import dev.vicinity.quantize.Int8Quantizer;

import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOSupplier;
import org.apache.lucene.util.InfoStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Builds an {@code nndescent} field of a segment being flushed or merged and appends its block to the {@code .vex}
 * file; the layout is documented on {@link NNDescentFieldEntry}.
 */
final class NNDescentFieldWriter {

    private NNDescentFieldWriter() {}

    /**
     * @param data the {@code .vex} output, created on first use (segments without graphs have no such file)
     * @param int8Walk whether to store int8 walk vectors ({@code quantization: int8}; the metric must have an encoding)
     * @param initialGraph merges: the sources' k-NN rows in merged ordinals, or {@code null}
     * @param aborted polled by the build; when it says yes the build stops with a merge-aborted exception
     */
    static NNDescentFieldEntry write(
        IOSupplier<IndexOutput> data,
        String field,
        VectorSource vectors,
        Metric metric,
        NNDescentParameters params,
        boolean int8Walk,
        int[][] initialGraph,
        InfoStream infoStream,
        BooleanSupplier aborted
    ) throws IOException {
        int n = vectors.size();
        if (NNDescentFormat.graphed(n, params) == false) {
            return NNDescentFieldEntry.ungraphed(params, n);
        }
        NNDescentIndex index;
        long start = System.nanoTime();
        try {
            index = NNDescentBuilder.build(vectors, metric, params, initialGraph, monitor(field, n, infoStream, aborted, start));
        } catch (BuildAbortedException e) {
            throw new MergePolicy.MergeAbortedException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        log(infoStream, n, String.format(Locale.ROOT, "field [%s]: built graph of [%d] vectors (%s) in [%d] ms", field, n,
            initialGraph == null ? "from scratch" : "seeded by the merged segments", (System.nanoTime() - start) / 1_000_000));
        Int8Quantizer quantizer = null;
        if (int8Walk) {
            quantizer = Int8Quantizer.fit(metric, n, vectors::vector);
            if (quantizer == null) {
                throw new IllegalArgumentException("field [" + field + "]: metric [" + metric.name() + "] has no int8 encoding");
            }
        }
        try {
            return writeIndex(data.get(), index, vectors, quantizer);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Writes the block; the graph and walk vectors in search-tree order (see {@link NNDescentFieldEntry}). */
    private static NNDescentFieldEntry writeIndex(IndexOutput out, NNDescentIndex index, VectorSource vectors, Int8Quantizer quantizer)
        throws IOException {
        int dims = vectors.dims();
        long offset = out.getFilePointer();
        FlatTree tree = index.tree();
        SearchGraph graph = index.graph().renumbered(tree.indices());
        writeInts(out, graph.offsets());
        writeInts(out, graph.neighbours());
        for (float f : tree.offsets()) {
            out.writeInt(Float.floatToIntBits(f));
        }
        writeInts(out, tree.children());
        int internal = 0;
        for (float[] normal : tree.normals()) {
            out.writeInt(normal == null ? -1 : internal++);
        }
        for (float[] normal : tree.normals()) {
            if (normal != null) {
                if (normal.length != dims) {
                    throw new IllegalStateException("a tree normal has [" + normal.length + "] dims but the field has [" + dims + "]");
                }
                for (float f : normal) {
                    out.writeInt(Float.floatToIntBits(f));
                }
            }
        }
        writeInts(out, tree.indices());
        writeInts(out, index.knnGraph().ids());
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
            true,
            graph.minDistance(),
            graph.maxDegree(),
            graph.neighbours().length,
            index.knnGraph().k(),
            tree.nodeCount(),
            internal,
            quantizer,
            offset,
            out.getFilePointer() - offset
        );
        if (entry.expectedLength(dims) != entry.dataLength()) {
            throw new IllegalStateException("wrote [" + entry.dataLength() + "] bytes but the entry describes [" + entry.expectedLength(dims) + "]");
        }
        return entry;
    }

    private static void writeInts(IndexOutput out, int[] values) throws IOException {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static void log(InfoStream infoStream, int n, String message) {
        if (n >= NNDescentFormat.LOG_PROGRESS_MIN_SIZE && infoStream.isEnabled(NNDescentFormat.INFO_COMPONENT)) {
            infoStream.message(NNDescentFormat.INFO_COMPONENT, message);
        }
    }

    private static BuildMonitor monitor(String field, int n, InfoStream infoStream, BooleanSupplier aborted, long start) {
        return new BuildMonitor() {
            @Override
            public void phase(String name) {
                log(infoStream, n, String.format(Locale.ROOT, "field [%s]: [%d] vectors: phase [%s] at [%d] ms", field, n, name,
                    (System.nanoTime() - start) / 1_000_000));
            }

            @Override
            public void iteration(int iteration, int maxIterations, long updates) {
                log(infoStream, n, String.format(Locale.ROOT, "field [%s]: [%d] vectors: iteration [%d/%d], [%d] updates, at [%d] ms", field,
                    n, iteration, maxIterations, updates, (System.nanoTime() - start) / 1_000_000));
            }

            @Override
            public boolean aborted() {
                return aborted.getAsBoolean();
            }
        };
    }
}
