package dev.vicinity.codec;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.stats.CounterRegistry;
import dev.vicinity.stats.FieldCounters;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatFieldVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsWriter;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.IORunnable;
import org.apache.lucene.util.IOSupplier;
import org.apache.lucene.util.InfoStream;
import org.apache.lucene.util.RamUsageEstimator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Writes a segment of {@link VicinityVectorsFormat}: raw vectors go to the flat vectors writer, each field's entry to
 * the meta file, and the structure of each field whose method builds one (and whose segment is large enough) to a
 * block of the data file, written by the method ({@link IndexMethod#build}). Nothing here depends on the method.
 *
 * <p>The writer buffers nothing beyond what the flat writer buffers. Structures are built at {@link #flush} from the
 * flat writer's buffered vectors (in the index sort's order when there is one), and in {@link #mergeOneField} from
 * the source segments' vectors in place ({@link MergedVectors}) with the sources' structures at hand
 * ({@link MergeSources}). Merge builds poll {@code MergeState#checkAborted}; builds of at least
 * {@value #LOG_PROGRESS_MIN_SIZE} vectors log their progress to the InfoStream component {@value #INFO_COMPONENT}.
 * Every structure built is counted, with its size and time, in the index's {@link CounterRegistry}.
 */
final class VicinityVectorsWriter extends KnnVectorsWriter {

    /** Builds of at least this many vectors log their phases and duration. */
    static final int LOG_PROGRESS_MIN_SIZE = 10_000;
    static final String INFO_COMPONENT = "VICINITY";

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(VicinityVectorsWriter.class);

    private final FlatVectorsWriter flatWriter;
    private final SegmentWriteState state;
    private final IndexOutput meta;
    /** The data file, created when the first structure is written. */
    private IndexOutput data;
    /** Fields added since the last flush, in the order Lucene added them. */
    private final List<PendingField> pendingFields = new ArrayList<>();
    private boolean finished;

    private record PendingField(FieldMeta meta, FlatFieldVectorsWriter<?> writer) {}

    VicinityVectorsWriter(SegmentWriteState state, FlatVectorsWriter flatWriter) throws IOException {
        this.flatWriter = flatWriter;
        this.state = state;
        String metaName = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, VicinityVectorsFormat.META_EXTENSION);
        IndexOutput out = null;
        try {
            out = state.directory.createOutput(metaName, state.context);
            CodecUtil.writeIndexHeader(out, VicinityVectorsFormat.META_CODEC_NAME, VicinityVectorsFormat.VERSION_CURRENT,
                state.segmentInfo.getId(), state.segmentSuffix);
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
            VectorSource vectors = field.meta().encoding() == VectorEncoding.FLOAT32
                ? BufferedVectors.of(field.writer(), field.meta().dims(), sortMap) : null;
            writeField(field.meta(), vectors, null, () -> false);
        }
        pendingFields.clear();
    }

    @Override
    public IORunnable mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        FieldMeta fieldMeta = FieldMeta.of(fieldInfo);
        // Lucene's merged view skips deleted documents and maps doc ids, so the flat writer drops deletes for us.
        flatWriter.mergeOneField(fieldInfo, mergeState);
        MergedVectors vectors = fieldMeta.method().buildsStructure() ? MergedVectors.of(fieldInfo, mergeState) : null;
        writeField(fieldMeta, vectors, vectors == null ? null : () -> sources(fieldInfo, mergeState, vectors), () -> isAborted(mergeState));
        return null;
    }

    /**
     * Writes a field's meta entry and, when its method builds a structure for a segment of this size, the structure.
     *
     * @param vectors the field's vectors by ordinal, or {@code null} when its method builds nothing
     * @param merge the sources of a merge, made only if a structure is built, or {@code null} at flush
     */
    private void writeField(FieldMeta field, VectorSource vectors, IOSupplier<MergeSources> merge, BooleanSupplier aborted) throws IOException {
        field.write(meta);
        IndexMethod method = field.method();
        int n = vectors == null ? 0 : vectors.size();
        boolean indexed = vectors != null && method.buildsStructure() && n >= field.exactBelow() && method.canIndex(n, field.methodParams());
        meta.writeByte((byte) (indexed ? 1 : 0));
        if (indexed == false) {
            return;
        }
        IndexOutput out = data();
        long offset = out.alignFilePointer(VicinityVectorsFormat.BLOCK_ALIGNMENT);
        long start = System.nanoTime();
        MergeSources sources = merge == null ? null : merge.get();
        MethodEntry entry;
        try {
            entry = method.build(new FieldBuild(field, field.methodParams(), vectors, out, sources, monitor(field, n, aborted, start)));
        } catch (BuildAbortedException e) {
            throw new MergePolicy.MergeAbortedException(e.getMessage());
        }
        long nanos = System.nanoTime() - start;
        long length = out.getFilePointer() - offset;
        log(n, String.format(Locale.ROOT, "field [%s]: built %s structure of [%d] vectors (%s) in [%d] ms, [%d] bytes", field.info().name,
            method.name(), n, sources == null ? "flush" : "merge", nanos / 1_000_000, length));
        FieldCounters counters = CounterRegistry.field(state.directory, field.info().name);
        if (sources == null) {
            counters.flushBuilt(n, nanos);
        } else {
            counters.mergeBuilt(n, nanos, sources.seeded());
        }
        meta.writeVLong(offset);
        meta.writeVLong(length);
        entry.write(meta);
    }

    /** Each source segment's structure of the field, found through {@link IndexedFieldProvider}, with the ordinal maps. */
    private static MergeSources sources(FieldInfo fieldInfo, MergeState mergeState, MergedVectors vectors) throws IOException {
        MethodField[] fields = new MethodField[mergeState.knnVectorsReaders.length];
        IndexMethod method = FieldMeta.of(fieldInfo).method();
        for (int i = 0; i < fields.length; i++) {
            KnnVectorsReader reader = mergeState.knnVectorsReaders[i];
            if (reader instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
                reader = perField.getFieldReader(fieldInfo.name);
            }
            MethodField field = reader instanceof IndexedFieldProvider provider ? provider.indexedField(fieldInfo.name) : null;
            fields[i] = field != null && field.method() == method ? field : null;
        }
        return new MergeSources(vectors.ordinals(), fields);
    }

    private IndexOutput data() throws IOException {
        if (data == null) {
            String name = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, VicinityVectorsFormat.DATA_EXTENSION);
            data = state.directory.createOutput(name, state.context);
            CodecUtil.writeIndexHeader(data, VicinityVectorsFormat.DATA_CODEC_NAME, VicinityVectorsFormat.VERSION_CURRENT,
                state.segmentInfo.getId(), state.segmentSuffix);
        }
        return data;
    }

    private static boolean isAborted(MergeState mergeState) {
        try {
            mergeState.checkAborted();
            return false;
        } catch (MergePolicy.MergeAbortedException e) {
            return true;
        }
    }

    private void log(int n, String message) {
        InfoStream infoStream = state.infoStream;
        if (n >= LOG_PROGRESS_MIN_SIZE && infoStream.isEnabled(INFO_COMPONENT)) {
            infoStream.message(INFO_COMPONENT, message);
        }
    }

    private BuildMonitor monitor(FieldMeta field, int n, BooleanSupplier aborted, long start) {
        String prefix = "field [" + field.info().name + "]: [" + n + "] vectors: ";
        return new BuildMonitor() {
            @Override
            public void phase(String name) {
                log(n, String.format(Locale.ROOT, "%sphase [%s] at [%d] ms", prefix, name, (System.nanoTime() - start) / 1_000_000));
            }

            @Override
            public void iteration(int iteration, int maxIterations, long updates) {
                log(n, String.format(Locale.ROOT, "%siteration [%d/%d], [%d] updates, at [%d] ms", prefix, iteration, maxIterations, updates,
                    (System.nanoTime() - start) / 1_000_000));
            }

            @Override
            public boolean aborted() {
                return aborted.getAsBoolean();
            }
        };
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
