package dev.vicinity.codec;

import dev.vicinity.ann.QueryDistance;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a segment of {@link VicinityVectorsFormat}: the meta entries are read and validated at open (the file is small
 * and checksummed in full), each field's structure is opened by its method over its block of the (memory-mapped)
 * data file ({@link IndexMethod#open}), and vectors stay off-heap in the flat reader. Nothing here depends on the
 * method.
 *
 * <p>Search: a field without a structure (the {@code exact} method, a segment below {@value IndexMethod#EXACT_BELOW})
 * and a search whose filter makes the structure the costlier or unreliable way ({@link MethodField#exactUnderFilter})
 * score every accepted vector
 * ({@link ExactSearch}); otherwise the method's {@link MethodField#search} writes its hits into the collector, and a
 * search that offered fewer than {@code min(k, accepted)} hits without reaching its visit limit is completed exactly
 * with the vectors it did not offer, so a filtered query returns {@code k} hits whenever {@code k} documents are
 * accepted. The query's method parameters arrive through the collector's search strategy
 * ({@link VicinitySearchStrategy}).
 *
 * <p>Heap ({@link #ramBytesUsed(String)}): per field its entry (the parameters as strings) and what its structure holds
 * ({@link MethodField#ramBytesUsed()}), plus an equal share of what the segment's fields hold together (this reader,
 * its field table and the flat reader's, {@code Lucene99FlatVectorsReader#ramBytesUsed()}).
 */
final class VicinityVectorsReader extends KnnVectorsReader implements IndexedFieldProvider, FieldRamUsage {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(VicinityVectorsReader.class);
    private static final long ENTRY_SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(FieldEntry.class)
        + RamUsageEstimator.shallowSizeOfInstance(FieldMeta.class);

    /** One field of the segment: its common entry and its structure, {@code null} when it is searched exactly. */
    private record FieldEntry(FieldMeta meta, MethodField structure, long blockLength) {}

    /** A structure read from the meta file, opened once the meta file is verified. */
    private record PendingStructure(FieldMeta meta, MethodEntry entry, long offset, long length) {}

    private final FieldInfos fieldInfos;
    private final Map<Integer, FieldEntry> fields;
    private final FlatVectorsReader flatReader;
    /** The data file, {@code null} when no field has a structure. */
    private final IndexInput data;
    /** Checksums the raw vectors once, before the first search reads them. */
    private final VerifyOnce rawVectors;

    VicinityVectorsReader(SegmentReadState state, FlatVectorsReader flatReader) throws IOException {
        this.fieldInfos = state.fieldInfos;
        this.flatReader = flatReader;
        this.rawVectors = new VerifyOnce(flatReader::checkIntegrity);
        List<FieldMeta> metas = new ArrayList<>();
        List<PendingStructure> structures = new ArrayList<>();
        readMeta(state, metas, structures);
        this.data = structures.isEmpty() ? null : openData(state);
        try {
            Map<Integer, FieldEntry> entries = new HashMap<>();
            for (FieldMeta meta : metas) {
                entries.put(meta.info().number, new FieldEntry(meta, null, 0));
            }
            long dataStart = CodecUtil.indexHeaderLength(VicinityVectorsFormat.DATA_CODEC_NAME, state.segmentSuffix);
            for (PendingStructure pending : structures) {
                entries.put(pending.meta().info().number, new FieldEntry(pending.meta(), open(pending, dataStart), pending.length()));
            }
            this.fields = entries;
        } catch (Throwable t) {
            IOUtils.closeWhileSuppressingExceptions(t, data);
            throw t;
        }
    }

    /** A merge instance: shares the opened structures, uses the flat reader's merge instance. */
    private VicinityVectorsReader(VicinityVectorsReader reader, FlatVectorsReader flatMergeReader) {
        this.fieldInfos = reader.fieldInfos;
        this.fields = reader.fields;
        this.flatReader = flatMergeReader;
        this.data = reader.data;
        // merges checksum their sources in full through checkIntegrity() and never search them
        this.rawVectors = reader.rawVectors;
    }

    private void readMeta(SegmentReadState state, List<FieldMeta> metas, List<PendingStructure> structures) throws IOException {
        String metaName = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, VicinityVectorsFormat.META_EXTENSION);
        try (ChecksumIndexInput meta = state.directory.openChecksumInput(metaName)) {
            Throwable priorE = null;
            try {
                CodecUtil.checkIndexHeader(meta, VicinityVectorsFormat.META_CODEC_NAME, VicinityVectorsFormat.VERSION_START,
                    VicinityVectorsFormat.VERSION_CURRENT, state.segmentInfo.getId(), state.segmentSuffix);
                for (int number = meta.readInt(); number != -1; number = meta.readInt()) {
                    FieldMeta.Read read = FieldMeta.read(meta, number, state.fieldInfos);
                    FieldMeta fieldMeta = read.meta();
                    if (metas.stream().anyMatch(m -> m.info().number == fieldMeta.info().number)) {
                        throw new CorruptIndexException("duplicate entry for field [" + fieldMeta.info().name + "]", meta);
                    }
                    metas.add(fieldMeta);
                    int size = checkAgainstFlatVectors(fieldMeta);
                    byte indexed = meta.readByte();
                    if (indexed == 1) {
                        if (fieldMeta.method().buildsStructure() == false) {
                            throw new CorruptIndexException("field [" + fieldMeta.info().name + "] has a structure but method ["
                                + fieldMeta.method().name() + "] builds none", meta);
                        }
                        long offset = meta.readVLong();
                        long length = meta.readVLong();
                        MethodEntry entry = fieldMeta.method().readEntry(meta, read.methodVersion(), fieldMeta, size, length);
                        structures.add(new PendingStructure(fieldMeta, entry, offset, length));
                    } else if (indexed != 0) {
                        throw new CorruptIndexException("field [" + fieldMeta.info().name + "] has an invalid structure flag [" + indexed + "]", meta);
                    }
                }
            } catch (Throwable t) {
                priorE = t;
            } finally {
                // Reports a checksum mismatch in preference to whatever parsing error the corruption caused.
                CodecUtil.checkFooter(meta, priorE);
            }
        }
    }

    /** Both meta files are checksummed, but they must also agree with each other; returns the field's vector count. */
    private int checkAgainstFlatVectors(FieldMeta fieldMeta) throws IOException {
        String name = fieldMeta.info().name;
        KnnVectorValues values;
        try {
            values = switch (fieldMeta.encoding()) {
                case FLOAT32 -> flatReader.getFloatVectorValues(name);
                case BYTE -> flatReader.getByteVectorValues(name);
            };
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException("field [" + name + "] has a vicinity entry but no raw vectors: " + e.getMessage(), "vicinity reader", e);
        }
        if (values.dimension() != fieldMeta.dims()) {
            throw new CorruptIndexException("field [" + name + "] has [" + fieldMeta.dims() + "] dims but its raw vectors have [" + values.dimension() + "]",
                "vicinity reader");
        }
        return values.size();
    }

    private IndexInput openData(SegmentReadState state) throws IOException {
        String name = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, VicinityVectorsFormat.DATA_EXTENSION);
        IndexInput in = state.directory.openInput(name, state.context);
        try {
            CodecUtil.checkIndexHeader(in, VicinityVectorsFormat.DATA_CODEC_NAME, VicinityVectorsFormat.VERSION_START,
                VicinityVectorsFormat.VERSION_CURRENT, state.segmentInfo.getId(), state.segmentSuffix);
            // In full, not only the footer: a flipped neighbour id, split or bucket entry that still lies in bounds
            // would otherwise steer searches silently. The structures are a fraction of the raw vectors' size.
            CodecUtil.checksumEntireFile(in);
            return in;
        } catch (Throwable t) {
            IOUtils.closeWhileSuppressingExceptions(t, in);
            throw t;
        }
    }

    /** Opens a field's structure over its block, which must lie between the data file's header and footer. */
    private MethodField open(PendingStructure pending, long dataStart) throws IOException {
        long end = data.length() - CodecUtil.footerLength();
        if (pending.offset() < dataStart || pending.length() < 0 || pending.offset() + pending.length() > end) {
            throw new CorruptIndexException("field [" + pending.meta().info().name + "] has a block [" + pending.offset() + ", +" + pending.length()
                + "] outside the data", data);
        }
        IndexInput block = data.slice(pending.meta().method().name() + " block of field [" + pending.meta().info().name + "]", pending.offset(),
            pending.length());
        return pending.meta().method().open(pending.meta(), pending.entry(), block);
    }

    private FieldEntry entry(String field, VectorEncoding expected) {
        FieldInfo info = fieldInfos.fieldInfo(field);
        FieldEntry entry = info == null ? null : fields.get(info.number);
        if (entry == null) {
            throw new IllegalArgumentException("field [" + field + "] has no vectors in this format");
        }
        if (entry.meta().encoding() != expected) {
            throw new IllegalArgumentException("field [" + field + "] is encoded as [" + entry.meta().encoding() + "], expected [" + expected + "]");
        }
        return entry;
    }

    @Override
    public void checkIntegrity() throws IOException {
        // The meta file was checksummed in full when the segment was opened; the flat reader checksums the raw vectors.
        flatReader.checkIntegrity();
        if (data != null) {
            CodecUtil.checksumEntireFile(data);
        }
    }

    @Override
    public FloatVectorValues getFloatVectorValues(String field) throws IOException {
        FieldMeta fieldMeta = entry(field, VectorEncoding.FLOAT32).meta();
        FloatVectorValues values = flatReader.getFloatVectorValues(field);
        return fieldMeta.metric() == null ? values : new MetricFloatVectorValues(values, fieldMeta.metric());
    }

    @Override
    public ByteVectorValues getByteVectorValues(String field) throws IOException {
        entry(field, VectorEncoding.BYTE);
        return flatReader.getByteVectorValues(field);
    }

    @Override
    public void search(String field, float[] target, KnnCollector knnCollector, AcceptDocs acceptDocs) throws IOException {
        FieldEntry entry = entry(field, VectorEncoding.FLOAT32);
        FieldMeta fieldMeta = entry.meta();
        checkDimensions(field, fieldMeta, target.length);
        rawVectors.verify();
        if (fieldMeta.metric() == null) {
            RandomVectorScorer scorer = flatReader.getRandomVectorScorer(field, target);
            ExactSearch.search(scorer, knnCollector, scorer.getAcceptOrds(acceptDocs.bits()), null);
            return;
        }
        FloatVectorValues values = flatReader.getFloatVectorValues(field);
        int n = values.size();
        int k = knnCollector.k();
        if (n == 0 || k == 0) {
            return;
        }
        Bits acceptOrds = values.getAcceptOrds(acceptDocs.bits());
        QueryDistance distances = QueryDistances.of(fieldMeta.metric(), values, target);
        MetricVectorScorer scorer = new MetricVectorScorer(values, fieldMeta.metric(), distances);
        long accepted = acceptOrds == null ? n : Math.min(n, acceptDocs.cost());
        if (entry.structure() == null || (acceptOrds != null && entry.structure().exactUnderFilter(accepted, n, k))) {
            ExactSearch.search(scorer, knnCollector, acceptOrds, null);
            return;
        }
        MethodQuery query = VicinitySearchStrategy.of(knnCollector).queryFor(fieldMeta.method(), field);
        HitCollector hits = new HitCollector(knnCollector, values, fieldMeta.metric());
        entry.structure().search(new FieldSearch(target, query, distances, values, acceptOrds, hits));
        if (knnCollector.earlyTerminated() == false && hits.offered() < Math.min(k, accepted)) {
            // found fewer accepted documents than exist: complete with the ones the method did not offer
            ExactSearch.search(scorer, knnCollector, acceptOrds, hits.offeredOrds());
        }
    }

    /** The field's raw vectors as the flat reader returns them: off-heap, not wrapped (tests measure them directly). */
    FloatVectorValues flatVectorValues(String field) throws IOException {
        return flatReader.getFloatVectorValues(field);
    }

    @Override
    public MethodField indexedField(String field) {
        FieldInfo info = fieldInfos.fieldInfo(field);
        FieldEntry entry = info == null ? null : fields.get(info.number);
        return entry == null ? null : entry.structure();
    }

    @Override
    public long ramBytesUsed(String field) {
        FieldInfo info = fieldInfos.fieldInfo(field);
        FieldEntry entry = info == null ? null : fields.get(info.number);
        if (entry == null) {
            return 0;
        }
        long shared = SHALLOW_SIZE + RamUsageEstimator.sizeOfMap(fields) + flatReader.ramBytesUsed();
        long own = ENTRY_SHALLOW_SIZE + RamUsageEstimator.sizeOfMap(entry.meta().params())
            + (entry.structure() == null ? 0 : entry.structure().ramBytesUsed());
        return own + shared / fields.size();
    }

    @Override
    public void search(String field, byte[] target, KnnCollector knnCollector, AcceptDocs acceptDocs) throws IOException {
        FieldMeta fieldMeta = entry(field, VectorEncoding.BYTE).meta();
        checkDimensions(field, fieldMeta, target.length);
        rawVectors.verify();
        RandomVectorScorer scorer = flatReader.getRandomVectorScorer(field, target);
        ExactSearch.search(scorer, knnCollector, scorer.getAcceptOrds(acceptDocs.bits()), null);
    }

    private static void checkDimensions(String field, FieldMeta fieldMeta, int queryDims) {
        if (queryDims != fieldMeta.dims()) {
            throw new IllegalArgumentException("field [" + field + "] has [" + fieldMeta.dims() + "] dims but the query vector has [" + queryDims + "]");
        }
    }

    @Override
    public Map<String, Long> getOffHeapByteSize(FieldInfo fieldInfo) {
        FieldEntry entry = fields.get(fieldInfo.number);
        if (entry == null || entry.structure() == null) {
            return flatReader.getOffHeapByteSize(fieldInfo);
        }
        return KnnVectorsReader.mergeOffHeapByteSizeMaps(flatReader.getOffHeapByteSize(fieldInfo),
            Map.of(VicinityVectorsFormat.DATA_EXTENSION, entry.blockLength()));
    }

    @Override
    public KnnVectorsReader getMergeInstance() throws IOException {
        return new VicinityVectorsReader(this, flatReader.getMergeInstance());
    }

    @Override
    public void finishMerge() throws IOException {
        flatReader.finishMerge();
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(flatReader, data);
    }

    @Override
    public String toString() {
        return "VicinityVectorsReader(fields=" + fields.size() + ")";
    }
}
