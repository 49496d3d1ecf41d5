package dev.vicinity.codec.forest;

import dev.vicinity.codec.MetricTaggingVectorsFormat;
import dev.vicinity.metric.Metrics;

import dev.vicinity.codec.IndexedFieldProvider;

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
import java.util.Map;

/**
 * Lucene's conformance suite with every float field indexed as a Vicinity {@code forest} field (few, small trees, so the
 * builds stay quick). {@code exact_below} is drawn small, so most of the suite's segments (a few dozen to a few hundred
 * vectors) get a forest: their searches, merges, deletions and filters run through it. Recall on real data is pinned
 * by {@link ForestCodecTests}.
 */
public class VicinityForestVectorsFormatTests extends BaseKnnVectorsFormatTestCase {

    @Override
    protected Codec getCodec() {
        String metric = random().nextBoolean() ? "euclidean" : "sqeuclidean";
        String exactBelow = Integer.toString(random().nextInt(40));
        return TestUtil.alwaysKnnVectorsFormat(new MetricTaggingVectorsFormat(Metrics.byName(metric, Float.NaN), ForestMethod.INSTANCE,
            Map.of("n_trees", "4", "leaf_size", "8", "seed", "7", "exact_below", exactBelow)));
    }

    /**
     * Lucene's check expects a {@code vex} entry only from HNSW readers; here {@code vex} holds the forest:
     * raw vectors always count, and the forest's bytes exactly when the segment has one.
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
        boolean graphed = ((IndexedFieldProvider) vectors).indexedField(fieldName) != null;
        assertEquals(offHeap.toString(), graphed, offHeap.getOrDefault("vex", 0L) > 0L);
    }

    @Override
    protected boolean supportsFloatVectorFallback() {
        // Vectors are stored raw, never quantized: there is no quantized copy to fall back to.
        return false;
    }
}
