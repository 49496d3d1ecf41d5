package dev.vicinity.codec.nndescent;

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
 * Lucene's conformance suite with every float field indexed as a Vicinity {@code nndescent} field (small {@code n_neighbors}, so the
 * builds stay quick). {@code exact_below} is drawn small, so most of the suite's segments (a few dozen to a few hundred
 * vectors) get a graph: their searches, merges, deletions and filters run through it. Recall on real data is pinned
 * by {@link NNDescentCodecTests}.
 */
public class VicinityNNDescentVectorsFormatTests extends BaseKnnVectorsFormatTestCase {

    @Override
    protected Codec getCodec() {
        String metric = random().nextBoolean() ? "euclidean" : "sqeuclidean";
        String exactBelow = Integer.toString(random().nextInt(40));
        return TestUtil.alwaysKnnVectorsFormat(new MetricTaggingVectorsFormat(Metrics.byName(metric, Float.NaN), NNDescentMethod.INSTANCE,
            Map.of("n_neighbors", "8", "seed", "7", "exact_below", exactBelow)));
    }

    /**
     * Lucene's check expects a {@code vex} entry only from HNSW readers; here {@code vex} holds the graph:
     * raw vectors always count, and the graph's bytes exactly when the segment has one.
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
