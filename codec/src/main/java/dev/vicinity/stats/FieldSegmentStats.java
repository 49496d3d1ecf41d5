package dev.vicinity.stats;

import dev.vicinity.codec.FieldRamUsage;
import dev.vicinity.codec.IndexedFieldProvider;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the segments of an index reader hold for one vector field, read from each segment's vectors reader.
 *
 * @param segments segments that have vectors of the field
 * @param structured those of them whose field has an index structure (a graph, a forest, hash tables), found through
 *     {@link IndexedFieldProvider}; the others are searched exactly (the {@code exact} method, or fewer vectors than
 *     the field's {@code exact_below})
 * @param vectors vectors stored, as Lucene's vector values count them: deleted documents' vectors stay until a merge
 *     drops them (as Elasticsearch's {@code dense_vector.value_count} counts)
 * @param offHeapBytes bytes by file extension that searches read off-heap (memory-mapped), as the readers report them
 *     through {@link KnnVectorsReader#getOffHeapByteSize}: {@code vec} the raw vectors, {@code vex} the structures
 * @param heapBytes the heap the readers hold for the field ({@link FieldRamUsage}), an estimate
 */
public record FieldSegmentStats(int segments, int structured, long vectors, Map<String, Long> offHeapBytes, long heapBytes) {

    /** No segment. */
    public static final FieldSegmentStats NONE = new FieldSegmentStats(0, 0, 0, Map.of(), 0);

    public FieldSegmentStats {
        offHeapBytes = Map.copyOf(offHeapBytes);
    }

    /** Segments searched by scanning every vector. */
    public int exact() {
        return segments - structured;
    }

    /** The off-heap bytes of every file extension together. */
    public long offHeapTotal() {
        return offHeapBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The sum of both, segment counts, vectors and bytes added. */
    public FieldSegmentStats plus(FieldSegmentStats other) {
        return new FieldSegmentStats(segments + other.segments, structured + other.structured, vectors + other.vectors,
            KnnVectorsReader.mergeOffHeapByteSizeMaps(offHeapBytes, other.offHeapBytes), heapBytes + other.heapBytes);
    }

    /** What the segments of {@code reader} hold for {@code field}; segments without its vectors are left out. */
    public static FieldSegmentStats of(IndexReader reader, String field) throws IOException {
        FieldSegmentStats total = NONE;
        for (LeafReaderContext leaf : reader.leaves()) {
            SegmentReader segment = SegmentReaders.unwrap(leaf.reader());
            if (segment != null) {
                total = total.plus(ofSegment(segment, field));
            }
        }
        return total;
    }

    private static FieldSegmentStats ofSegment(SegmentReader segment, String field) throws IOException {
        FieldInfo info = segment.getFieldInfos().fieldInfo(field);
        if (info == null || info.hasVectorValues() == false) {
            return NONE;
        }
        KnnVectorsReader vectors = segment.getVectorReader();
        if (vectors instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
            vectors = perField.getFieldReader(field);
        }
        if (vectors == null) {
            return NONE;
        }
        KnnVectorValues values = switch (info.getVectorEncoding()) {
            case FLOAT32 -> vectors.getFloatVectorValues(field);
            case BYTE -> vectors.getByteVectorValues(field);
        };
        boolean structured = vectors instanceof IndexedFieldProvider provider && provider.indexedField(field) != null;
        long heap = vectors instanceof FieldRamUsage usage ? usage.ramBytesUsed(field) : 0;
        return new FieldSegmentStats(1, structured ? 1 : 0, values == null ? 0 : values.size(), new TreeMap<>(vectors.getOffHeapByteSize(info)),
            heap);
    }
}
