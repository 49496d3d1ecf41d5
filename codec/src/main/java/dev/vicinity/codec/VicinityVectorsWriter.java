package dev.vicinity.codec;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsWriter;
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
 * ({@link FieldMeta}) goes to the {@code .vvm} file.
 *
 * <p>The {@code exact} method needs no structure, so the writer buffers nothing beyond what the flat writer buffers.
 * Methods that build structures will hook in at {@link #flush} (from the buffered vectors) and in the deferred work
 * {@link #mergeOneField} returns (from the merged flat vectors, after every field's vectors are written), as
 * Lucene's HNSW writer does.
 */
final class VicinityVectorsWriter extends KnnVectorsWriter {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(VicinityVectorsWriter.class);

    private final FlatVectorsWriter flatWriter;
    private final IndexOutput meta;
    /** Fields added since the last flush, in the order Lucene added them. */
    private final List<FieldMeta> pendingFields = new ArrayList<>();
    private boolean finished;

    VicinityVectorsWriter(SegmentWriteState state, FlatVectorsWriter flatWriter) throws IOException {
        this.flatWriter = flatWriter;
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
        KnnFieldVectorsWriter<?> fieldWriter = flatWriter.addField(fieldInfo);
        pendingFields.add(fieldMeta);
        return fieldWriter;
    }

    @Override
    public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
        // The flat writer applies the index sort to the vectors; nothing in the meta depends on doc order.
        flatWriter.flush(maxDoc, sortMap);
        for (FieldMeta fieldMeta : pendingFields) {
            fieldMeta.write(meta);
        }
        pendingFields.clear();
    }

    @Override
    public IORunnable mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        FieldMeta fieldMeta = FieldMeta.of(fieldInfo);
        // Lucene's merged view skips deleted documents and maps doc ids, so the flat writer drops deletes for us.
        flatWriter.mergeOneField(fieldInfo, mergeState);
        fieldMeta.write(meta);
        return null;
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
    }

    @Override
    public long ramBytesUsed() {
        return SHALLOW_SIZE + flatWriter.ramBytesUsed() + (long) pendingFields.size() * RamUsageEstimator.NUM_BYTES_OBJECT_REF;
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(meta, flatWriter);
    }
}
