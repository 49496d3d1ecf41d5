package dev.vicinity.codec;

import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.IORunnable;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The writer of {@link VicinityPerFieldVectorsFormat}: hands each field to the writer of the sub-format its
 * attributes call for and records the choice where {@code PerFieldKnnVectorsFormat.FieldsReader} looks for it.
 *
 * <p>Sub-writers are created on first use, so a segment without Vicinity fields has no Vicinity files and a segment
 * without other vector fields has no HNSW files.
 */
final class RoutingVectorsWriter extends KnnVectorsWriter {

    /**
     * Each sub-format is used once per segment, so its suffix is always {@code 0}; the attribute still has to be
     * written because {@code FieldsReader} requires it.
     */
    static final String SUFFIX = "0";

    private final SegmentWriteState state;
    private final Function<FieldInfo, KnnVectorsFormat> router;
    /** Sub-writers by format name, in creation order so flush and finish are deterministic. */
    private final Map<String, KnnVectorsWriter> writers = new LinkedHashMap<>();

    RoutingVectorsWriter(SegmentWriteState state, Function<FieldInfo, KnnVectorsFormat> router) {
        this.state = state;
        this.router = router;
    }

    /** The segment suffix of a sub-format's files; the same scheme {@code PerFieldKnnVectorsFormat} reads. */
    static String segmentSuffix(String formatName) {
        return formatName + "_" + SUFFIX;
    }

    private KnnVectorsWriter writerFor(FieldInfo fieldInfo) throws IOException {
        KnnVectorsFormat format = router.apply(fieldInfo);
        String formatName = format.getName();
        fieldInfo.putAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY, formatName);
        fieldInfo.putAttribute(PerFieldKnnVectorsFormat.PER_FIELD_SUFFIX_KEY, SUFFIX);
        KnnVectorsWriter writer = writers.get(formatName);
        if (writer == null) {
            writer = format.fieldsWriter(new SegmentWriteState(state, segmentSuffix(formatName)));
            writers.put(formatName, writer);
        }
        return writer;
    }

    @Override
    public KnnFieldVectorsWriter<?> addField(FieldInfo fieldInfo) throws IOException {
        return writerFor(fieldInfo).addField(fieldInfo);
    }

    @Override
    public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
        for (KnnVectorsWriter writer : writers.values()) {
            writer.flush(maxDoc, sortMap);
        }
    }

    @Override
    public IORunnable mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        // The sub-writer's deferred work (HNSW graph building) runs after all fields' vectors are merged.
        return writerFor(fieldInfo).mergeOneField(fieldInfo, mergeState);
    }

    @Override
    public void finish() throws IOException {
        for (KnnVectorsWriter writer : writers.values()) {
            writer.finish();
        }
    }

    @Override
    public long ramBytesUsed() {
        long total = 0;
        for (KnnVectorsWriter writer : writers.values()) {
            total += writer.ramBytesUsed();
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(writers.values());
    }
}
