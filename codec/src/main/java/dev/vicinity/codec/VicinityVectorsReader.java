package dev.vicinity.codec;

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
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a segment of {@link VicinityVectorsFormat}: the {@code .vvm} entries are read and validated at open (the
 * file is small and checksummed in full); vectors stay off-heap in the flat reader.
 *
 * <p>Search dispatches per field on the stored {@link IndexMethod}; today every field is {@code exact}.
 */
final class VicinityVectorsReader extends KnnVectorsReader {

    private final FieldInfos fieldInfos;
    private final Map<Integer, FieldMeta> fields;
    private final FlatVectorsReader flatReader;

    VicinityVectorsReader(SegmentReadState state, FlatVectorsReader flatReader) throws IOException {
        this.fieldInfos = state.fieldInfos;
        this.flatReader = flatReader;
        this.fields = readMeta(state);
        for (FieldMeta fieldMeta : fields.values()) {
            checkAgainstFlatVectors(fieldMeta);
        }
    }

    /** A merge instance: shares the parsed entries, uses the flat reader's merge instance. */
    private VicinityVectorsReader(VicinityVectorsReader reader, FlatVectorsReader flatMergeReader) {
        this.fieldInfos = reader.fieldInfos;
        this.fields = reader.fields;
        this.flatReader = flatMergeReader;
    }

    private static Map<Integer, FieldMeta> readMeta(SegmentReadState state) throws IOException {
        String metaName = IndexFileNames.segmentFileName(
            state.segmentInfo.name,
            state.segmentSuffix,
            VicinityVectorsFormat.META_EXTENSION
        );
        Map<Integer, FieldMeta> fields = new HashMap<>();
        try (ChecksumIndexInput meta = state.directory.openChecksumInput(metaName)) {
            Throwable priorE = null;
            try {
                CodecUtil.checkIndexHeader(
                    meta,
                    VicinityVectorsFormat.META_CODEC_NAME,
                    VicinityVectorsFormat.VERSION_START,
                    VicinityVectorsFormat.VERSION_CURRENT,
                    state.segmentInfo.getId(),
                    state.segmentSuffix
                );
                for (int number = meta.readInt(); number != -1; number = meta.readInt()) {
                    FieldMeta fieldMeta = FieldMeta.read(meta, number, state.fieldInfos);
                    if (fields.put(number, fieldMeta) != null) {
                        throw new CorruptIndexException("duplicate entry for field [" + fieldMeta.info().name + "]", meta);
                    }
                }
            } catch (Throwable t) {
                priorE = t;
            } finally {
                // Reports a checksum mismatch in preference to whatever parsing error the corruption caused.
                CodecUtil.checkFooter(meta, priorE);
            }
        }
        return fields;
    }

    /** Both meta files are checksummed, but they must also agree with each other. */
    private void checkAgainstFlatVectors(FieldMeta fieldMeta) throws IOException {
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
            throw new CorruptIndexException(
                "field [" + name + "] has [" + fieldMeta.dims() + "] dims but its raw vectors have [" + values.dimension() + "]",
                "vicinity reader"
            );
        }
    }

    private FieldMeta fieldMeta(String field, VectorEncoding expected) {
        FieldInfo info = fieldInfos.fieldInfo(field);
        FieldMeta fieldMeta = info == null ? null : fields.get(info.number);
        if (fieldMeta == null) {
            throw new IllegalArgumentException("field [" + field + "] has no vectors in this format");
        }
        if (fieldMeta.encoding() != expected) {
            throw new IllegalArgumentException("field [" + field + "] is encoded as [" + fieldMeta.encoding() + "], expected [" + expected + "]");
        }
        return fieldMeta;
    }

    @Override
    public void checkIntegrity() throws IOException {
        // .vvm was checksummed in full when the segment was opened; the flat reader checksums .vec.
        flatReader.checkIntegrity();
    }

    @Override
    public FloatVectorValues getFloatVectorValues(String field) throws IOException {
        FieldMeta fieldMeta = fieldMeta(field, VectorEncoding.FLOAT32);
        FloatVectorValues values = flatReader.getFloatVectorValues(field);
        return fieldMeta.metric() == null ? values : new MetricFloatVectorValues(values, fieldMeta.metric());
    }

    @Override
    public ByteVectorValues getByteVectorValues(String field) throws IOException {
        fieldMeta(field, VectorEncoding.BYTE);
        return flatReader.getByteVectorValues(field);
    }

    @Override
    public void search(String field, float[] target, KnnCollector knnCollector, AcceptDocs acceptDocs) throws IOException {
        FieldMeta fieldMeta = fieldMeta(field, VectorEncoding.FLOAT32);
        checkDimensions(field, fieldMeta, target.length);
        RandomVectorScorer scorer = fieldMeta.metric() == null
            ? flatReader.getRandomVectorScorer(field, target)
            : new MetricVectorScorer(flatReader.getFloatVectorValues(field), fieldMeta.metric(), target);
        search(fieldMeta, scorer, knnCollector, acceptDocs);
    }

    @Override
    public void search(String field, byte[] target, KnnCollector knnCollector, AcceptDocs acceptDocs) throws IOException {
        FieldMeta fieldMeta = fieldMeta(field, VectorEncoding.BYTE);
        checkDimensions(field, fieldMeta, target.length);
        search(fieldMeta, flatReader.getRandomVectorScorer(field, target), knnCollector, acceptDocs);
    }

    private static void checkDimensions(String field, FieldMeta fieldMeta, int queryDims) {
        if (queryDims != fieldMeta.dims()) {
            throw new IllegalArgumentException("field [" + field + "] has [" + fieldMeta.dims() + "] dims but the query vector has [" + queryDims + "]");
        }
    }

    private static void search(FieldMeta fieldMeta, RandomVectorScorer scorer, KnnCollector collector, AcceptDocs acceptDocs)
        throws IOException {
        switch (fieldMeta.method()) {
            case EXACT -> ExactSearch.search(scorer, collector, acceptDocs);
            // The reader refuses unimplemented method ids at open, so this cannot happen for a valid segment.
            default -> throw new IllegalStateException("index method [" + fieldMeta.method().methodName() + "] cannot be searched");
        }
    }

    @Override
    public Map<String, Long> getOffHeapByteSize(FieldInfo fieldInfo) {
        return flatReader.getOffHeapByteSize(fieldInfo);
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
        IOUtils.close(flatReader);
    }

    @Override
    public String toString() {
        return "VicinityVectorsReader(fields=" + fields.size() + ")";
    }
}
