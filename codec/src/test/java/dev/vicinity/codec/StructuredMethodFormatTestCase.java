package dev.vicinity.codec;

import dev.vicinity.metric.Metrics;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;
import org.apache.lucene.tests.util.TestUtil;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Lucene's conformance suite with every float field indexed with one index method that builds a structure (a graph,
 * a forest, tables), with small build parameters so builds stay quick. {@code exact_below} is drawn small, so most of
 * the suite's segments (a few dozen to a few hundred vectors) get the structure: their searches, merges, deletions
 * and filters run through it. Each method's subclass names the method and its parameters; recall on real data is
 * pinned by the method's codec tests.
 */
public abstract class StructuredMethodFormatTestCase extends BaseKnnVectorsFormatTestCase {

    /** The method under test. */
    protected abstract IndexMethod method();

    /** Its build parameters, small; {@code exact_below} is added here. */
    protected abstract Map<String, String> buildParameters();

    @Override
    protected Codec getCodec() {
        String metric = random().nextBoolean() ? "euclidean" : "sqeuclidean";
        Map<String, String> params = new HashMap<>(buildParameters());
        params.put("exact_below", Integer.toString(random().nextInt(40)));
        return TestUtil.alwaysKnnVectorsFormat(new MetricTaggingVectorsFormat(Metrics.byName(metric, Float.NaN), method(), params));
    }

    /**
     * Lucene's check expects a {@code vex} entry only from HNSW readers; here {@code vex} holds the method's
     * structure: raw vectors always count, and the structure's bytes exactly when the segment has one.
     */
    @Override
    protected void assertOffHeapByteSize(LeafReader reader, String fieldName) throws IOException {
        FieldInfo fieldInfo = reader.getFieldInfos().fieldInfo(fieldName);
        KnnVectorsReader vectors = ((CodecReader) reader).getVectorReader();
        if (vectors instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
            vectors = perField.getFieldReader(fieldName);
        }
        Map<String, Long> offHeap = vectors.getOffHeapByteSize(fieldInfo);
        boolean empty = fieldInfo.getVectorEncoding() == VectorEncoding.FLOAT32
            ? vectors.getFloatVectorValues(fieldName).size() == 0 : vectors.getByteVectorValues(fieldName).size() == 0;
        if (empty) {
            assertEquals(0L, offHeap.values().stream().mapToLong(Long::longValue).sum());
            return;
        }
        assertTrue(offHeap.get("vec") > 0L);
        boolean structured = ((IndexedFieldProvider) vectors).indexedField(fieldName) != null;
        assertEquals(offHeap.toString(), structured, offHeap.getOrDefault("vex", 0L) > 0L);
    }

    @Override
    protected boolean supportsFloatVectorFallback() {
        // Vectors are stored raw, never quantized: there is no quantized copy to fall back to.
        return false;
    }
}
