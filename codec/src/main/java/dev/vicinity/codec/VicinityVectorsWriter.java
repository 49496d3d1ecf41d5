package dev.vicinity.codec;

import dev.vicinity.ann.VectorSource;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatFieldVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsWriter;
import dev.vicinity.nndescent.NNDescentParameters;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.IORunnable;
import org.apache.lucene.util.RamUsageEstimator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a segment of {@link VicinityVectorsFormat}: raw vectors go to the flat vectors writer, the per-field entry
 * ({@link FieldMeta}) goes to the {@code .vem} file, and {@code nndescent} fields large enough to be graphed get
 * their graph and search tree in the {@code .vex} file ({@link NNDescentFieldEntry}).
 *
 * <p>The writer buffers nothing beyond what the flat writer buffers. {@code nndescent} builds at {@link #flush} from
 * the flat writer's buffered vectors (in the index sort's order when there is one), and in {@link #mergeOneField}
 * from the source segments' vectors in place, seeded with their k-NN graphs ({@link NNDescentMergeSources}). Merge
 * builds poll {@code MergeState#checkAborted}; large builds log to the merge's or flush's InfoStream.
 */
final class VicinityVectorsWriter extends KnnVectorsWriter {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(VicinityVectorsWriter.class);

    private final FlatVectorsWriter flatWriter;
    private final SegmentWriteState state;
    private final IndexOutput meta;
    /** The {@code .vex} file, created when the first graph is written. */
    private IndexOutput data;
    /** Fields added since the last flush, in the order Lucene added them. */
    private final List<PendingField> pendingFields = new ArrayList<>();

    private record PendingField(FieldMeta meta, FlatFieldVectorsWriter<?> writer) {}
    private boolean finished;

    VicinityVectorsWriter(SegmentWriteState state, FlatVectorsWriter flatWriter) throws IOException {
        this.flatWriter = flatWriter;
        this.state = state;
        String metaName = IndexFileNames.segmentFileName(
            state.segmentInfo.name,
            state.segmentSuffix,
            VicinityVectorsFormat.META_EXTENSION
        );
        IndexOutput out = null;
        try {
            out = state.directory.createOutput(metaName, state.context);
            CodecUtil.writeIndexHeader(
                out,
                VicinityVectorsFormat.META_CODEC_NAME,
                VicinityVectorsFormat.VERSION_CURRENT,
                state.segmentInfo.getId(),
                state.segmentSuffix
            );
        } catch (Throwable t) {
            IOUtils.closeWhileSuppressingExceptions(t, out, flatWriter);
            throw t;
        }
        this.meta = out;
    }

    @Override
    public KnnFieldVectorsWriter<?> addField(FieldInfo fieldInfo) throws IOException {
        // Parse the attributes first: a field with bad attributes must fail before any vector is buffered.
        FieldMeta fieldMeta = FieldMeta.of(fieldInfo);
        FlatFieldVectorsWriter<?> fieldWriter = flatWriter.addField(fieldInfo);
        pendingFields.add(new PendingField(fieldMeta, fieldWriter));
        return fieldWriter;
    }

    @Override
    public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
        // The flat writer applies the index sort to the vectors; nothing in the meta depends on doc order.
        flatWriter.flush(maxDoc, sortMap);
        for (PendingField field : pendingFields) {
            field.meta().write(meta);
            if (field.meta().method() == IndexMethod.NNDESCENT) {
                VectorSource vectors = bufferedVectors(field, sortMap);
                NNDescentParameters params = NNDescentFormat.resolve(field.meta().methodParams(), vectors.size());
                NNDescentFieldWriter.write(this::data, field.meta().info().name, vectors, field.meta().metric(), params,
                    NNDescentFormat.int8Walk(field.meta().methodParams()), null, state.infoStream, () -> false).write(meta);
            }
        }
        pendingFields.clear();
    }

    /** The vectors the flat writer buffered, by the ordinal they get in the segment (after sorting, if any). */
    @SuppressWarnings("unchecked")
    private static VectorSource bufferedVectors(PendingField field, Sorter.DocMap sortMap) throws IOException {
        List<float[]> vectors = (List<float[]>) field.writer().getVectors();
        int[] newToOld = null;
        if (sortMap != null && vectors.isEmpty() == false) {
            newToOld = new int[vectors.size()];
            KnnVectorsWriter.mapOldOrdToNewOrd(field.writer().getDocsWithFieldSet(), sortMap, null, newToOld, null);
        }
        int[] order = newToOld;
        int dims = field.meta().dims();
        return new VectorSource() {
            @Override
            public int size() {
                return vectors.size();
            }

            @Override
            public int dims() {
                return dims;
            }

            @Override
            public float[] vector(int ord) {
                return vectors.get(order == null ? ord : order[ord]);
            }

            @Override
            public VectorSource copy() {
                return this; // on-heap arrays are stable
            }
        };
    }

    private IndexOutput data() throws IOException {
        if (data == null) {
            String name = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, NNDescentFormat.DATA_EXTENSION);
            data = state.directory.createOutput(name, state.context);
            CodecUtil.writeIndexHeader(data, NNDescentFormat.DATA_CODEC_NAME, VicinityVectorsFormat.VERSION_CURRENT,
                state.segmentInfo.getId(), state.segmentSuffix);
        }
        return data;
    }

    @Override
    public IORunnable mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        FieldMeta fieldMeta = FieldMeta.of(fieldInfo);
        // Lucene's merged view skips deleted documents and maps doc ids, so the flat writer drops deletes for us.
        flatWriter.mergeOneField(fieldInfo, mergeState);
        fieldMeta.write(meta);
        if (fieldMeta.method() == IndexMethod.NNDESCENT) {
            NNDescentMergeSources sources = NNDescentMergeSources.of(fieldInfo, mergeState);
            NNDescentParameters params = NNDescentFormat.resolve(fieldMeta.methodParams(), sources.size());
            int[][] initialGraph = NNDescentFormat.graphed(sources.size(), params) ? sources.initialGraph(fieldInfo, mergeState) : null;
            NNDescentFieldWriter.write(this::data, fieldInfo.name, sources.vectors(), fieldMeta.metric(), params,
                NNDescentFormat.int8Walk(fieldMeta.methodParams()), initialGraph, mergeState.infoStream, () -> isAborted(mergeState)).write(meta);
        }
        return null;
    }

    private static boolean isAborted(MergeState mergeState) {
        try {
            mergeState.checkAborted();
            return false;
        } catch (MergePolicy.MergeAbortedException e) {
            return true;
        }
    }

    @Override
    public void finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        flatWriter.finish();
        meta.writeInt(-1);
        CodecUtil.writeFooter(meta);
        if (data != null) {
            CodecUtil.writeFooter(data);
        }
    }

    @Override
    public long ramBytesUsed() {
        return SHALLOW_SIZE + flatWriter.ramBytesUsed() + (long) pendingFields.size() * RamUsageEstimator.NUM_BYTES_OBJECT_REF;
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(meta, data, flatWriter);
    }
}
