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
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.Bits;
import dev.vicinity.nndescent.SearchResult;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a segment of {@link VicinityVectorsFormat}: the {@code .vem} entries are read and validated at open (the
 * file is small and checksummed in full); vectors stay off-heap in the flat reader.
 *
 * <p>Search dispatches per field on the stored {@link IndexMethod}. {@code nndescent} fields with a graph open their
 * block of the {@code .vex} file ({@link NNDescentFieldReader}); the file is opened only when some field has a graph,
 * its header and footer are checked at open and {@link #checkIntegrity()} checksums it in full. When an
 * {@code nndescent} search falls back to exact search is documented on {@link NNDescentFormat}; the query's
 * {@code epsilon} arrives through the collector's search strategy ({@link VicinitySearchStrategy}).
 */
final class VicinityVectorsReader extends KnnVectorsReader {

    private final FieldInfos fieldInfos;
    private final Map<Integer, FieldMeta> fields;
    private final FlatVectorsReader flatReader;
    /** nndescent entries by field number (graphed or not). */
    private final Map<Integer, NNDescentFieldEntry> nndescentEntries;
    /** Readers of the graphed nndescent fields by field number. */
    private final Map<Integer, NNDescentFieldReader> graphs;
    /** The {@code .vex} file, {@code null} when no field has a graph. */
    private final IndexInput data;

    VicinityVectorsReader(SegmentReadState state, FlatVectorsReader flatReader) throws IOException {
        this.fieldInfos = state.fieldInfos;
        this.flatReader = flatReader;
        this.nndescentEntries = new HashMap<>();
        this.fields = readMeta(state, nndescentEntries);
        for (FieldMeta fieldMeta : fields.values()) {
            checkAgainstFlatVectors(fieldMeta);
        }
        this.graphs = new HashMap<>();
        this.data = openData(state);
    }

    /** Opens {@code .vex} if some field has a graph, and the readers of those fields. */
    private IndexInput openData(SegmentReadState state) throws IOException {
        if (nndescentEntries.values().stream().noneMatch(NNDescentFieldEntry::graphed)) {
            return null;
        }
        String name = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, NNDescentFormat.DATA_EXTENSION);
        IndexInput in = state.directory.openInput(name, state.context);
        try {
            CodecUtil.checkIndexHeader(in, NNDescentFormat.DATA_CODEC_NAME, VicinityVectorsFormat.VERSION_START,
                VicinityVectorsFormat.VERSION_CURRENT, state.segmentInfo.getId(), state.segmentSuffix);
            CodecUtil.retrieveChecksum(in);
            for (Map.Entry<Integer, NNDescentFieldEntry> e : nndescentEntries.entrySet()) {
                if (e.getValue().graphed()) {
                    FieldMeta fieldMeta = fields.get(e.getKey());
                    if (e.getValue().dataOffset() < CodecUtil.indexHeaderLength(NNDescentFormat.DATA_CODEC_NAME, state.segmentSuffix)
                        || e.getValue().dataOffset() + e.getValue().dataLength() > in.length() - CodecUtil.footerLength()) {
                        throw new CorruptIndexException("field [" + fieldMeta.info().name + "] has an nndescent block outside the data", in);
                    }
                    graphs.put(e.getKey(), new NNDescentFieldReader(e.getValue(), fieldMeta.metric(), fieldMeta.dims(), in));
                }
            }
            return in;
        } catch (Throwable t) {
            IOUtils.closeWhileSuppressingExceptions(t, in);
            throw t;
        }
    }

    /** A merge instance: shares the parsed entries, uses the flat reader's merge instance. */
    private VicinityVectorsReader(VicinityVectorsReader reader, FlatVectorsReader flatMergeReader) {
        this.fieldInfos = reader.fieldInfos;
        this.fields = reader.fields;
        this.flatReader = flatMergeReader;
        this.nndescentEntries = reader.nndescentEntries;
        this.graphs = reader.graphs;
        this.data = reader.data;
    }

    private static Map<Integer, FieldMeta> readMeta(SegmentReadState state, Map<Integer, NNDescentFieldEntry> nndescent) throws IOException {
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
                    if (fieldMeta.method() == IndexMethod.NNDESCENT) {
                        if (fieldMeta.metric() == null) {
                            throw new CorruptIndexException("nndescent field [" + fieldMeta.info().name + "] has no vicinity metric", meta);
                        }
                        nndescent.put(number, NNDescentFieldEntry.read(meta, fieldMeta.info().name, fieldMeta.dims()));
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
        NNDescentFieldEntry entry = nndescentEntries == null ? null : nndescentEntries.get(fieldMeta.info().number);
        if (entry != null && entry.size() != values.size()) {
            throw new CorruptIndexException(
                "field [" + name + "] has [" + entry.size() + "] vectors in its nndescent entry but [" + values.size() + "] raw vectors",
                "vicinity reader"
            );
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
        // .vem was checksummed in full when the segment was opened; the flat reader checksums .vec.
        flatReader.checkIntegrity();
        if (data != null) {
            CodecUtil.checksumEntireFile(data);
        }
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
        NNDescentFieldReader graph = graphs.get(fieldMeta.info().number);
        if (fieldMeta.method() == IndexMethod.NNDESCENT && graph != null) {
            searchGraph(fieldMeta, graph, target, scorer, knnCollector, acceptDocs);
        } else if (fieldMeta.method() == IndexMethod.NNDESCENT) {
            ExactSearch.search(scorer, knnCollector, acceptDocs); // too small to be graphed
        } else {
            search(fieldMeta, scorer, knnCollector, acceptDocs);
        }
    }

    /** The nndescent search with its exact fallbacks, see {@link NNDescentFormat}. */
    private void searchGraph(FieldMeta fieldMeta, NNDescentFieldReader graph, float[] target, RandomVectorScorer scorer,
                             KnnCollector collector, AcceptDocs acceptDocs) throws IOException {
        int n = scorer.maxOrd();
        int k = collector.k();
        if (n == 0 || k == 0) {
            return;
        }
        Bits acceptOrds = scorer.getAcceptOrds(acceptDocs.bits());
        long accepted = acceptOrds == null ? n : Math.min(n, acceptDocs.cost());
        if (acceptOrds != null && NNDescentFormat.exactForFilter(accepted, n, k)) {
            ExactSearch.search(scorer, collector, acceptDocs);
            return;
        }
        long budget = collector.visitLimit() - collector.visitedCount();
        if (budget <= 0) {
            return;
        }
        FloatVectorValues values = flatVectorValues(fieldMeta.info().name);
        float epsilon = VicinitySearchStrategy.of(collector).epsilon();
        SearchResult result = graph.search(target, values, Math.min(k, n), epsilon, acceptOrds, budget);
        collector.incVisitedCount((int) Math.min(Integer.MAX_VALUE, result.visited()));
        if (result.earlyTerminated() == false && result.size() < Math.min((long) k, accepted)) {
            // the walk found fewer accepted documents than exist: a filtered query still gets k hits
            ExactSearch.search(scorer, collector, acceptDocs);
            return;
        }
        for (int i = 0; i < result.size(); i++) {
            int ord = result.ords()[i];
            // the same formula as the exact path, so a hit scores the same whichever path found it
            collector.collect(values.ordToDoc(ord), scorer.score(ord));
        }
    }

    /** The field's raw vectors as the flat reader returns them: off-heap, not wrapped (the walk's distances use them). */
    FloatVectorValues flatVectorValues(String field) throws IOException {
        return flatReader.getFloatVectorValues(field);
    }

    /** The graphed nndescent field {@code field} of this segment, or {@code null} (merges seed from it). */
    NNDescentFieldReader nndescentField(String field) {
        FieldInfo info = fieldInfos.fieldInfo(field);
        return info == null ? null : graphs.get(info.number);
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
        NNDescentFieldReader graph = graphs.get(fieldInfo.number);
        if (graph == null) {
            return flatReader.getOffHeapByteSize(fieldInfo);
        }
        return KnnVectorsReader.mergeOffHeapByteSizeMaps(
            flatReader.getOffHeapByteSize(fieldInfo),
            Map.of(NNDescentFormat.DATA_EXTENSION, graph.entry().dataLength())
        );
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
