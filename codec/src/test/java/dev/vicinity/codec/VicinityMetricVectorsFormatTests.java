package dev.vicinity.codec;

import dev.vicinity.metric.Metrics;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * Lucene's conformance suite for vectors formats, with every float field turned into a Vicinity {@code exact} field
 * (by {@link MetricTaggingVectorsFormat}) under a random metric: reading, merging, sorting, visit limits and
 * {@code FloatVectorValues#scorer} all go through the metric-scored path. Byte fields keep the fallback path.
 */
public class VicinityMetricVectorsFormatTests extends BaseKnnVectorsFormatTestCase {

    @Override
    protected Codec getCodec() {
        String metric = random().nextBoolean() ? "euclidean" : "sqeuclidean";
        return TestUtil.alwaysKnnVectorsFormat(new MetricTaggingVectorsFormat(Metrics.byName(metric, Float.NaN)));
    }

    @Override
    protected boolean supportsFloatVectorFallback() {
        // Vectors are stored raw, never quantized: there is no quantized copy to fall back to.
        return false;
    }

    /** Guards the premise of this suite: float fields really are read back as metric-scored Vicinity fields. */
    public void testFloatFieldsAreMetricScored() throws Exception {
        try (Directory dir = newDirectory(); IndexWriter w = new IndexWriter(dir, newIndexWriterConfig())) {
            Document doc = new Document();
            doc.add(new KnnFloatVectorField("f", randomNormalizedVector(4), VectorSimilarityFunction.DOT_PRODUCT));
            w.addDocument(doc);
            try (DirectoryReader reader = DirectoryReader.open(w)) {
                CodecReader leaf = (CodecReader) getOnlyLeafReader(reader);
                var fieldReader = ((PerFieldKnnVectorsFormat.FieldsReader) leaf.getVectorReader()).getFieldReader("f");
                assertTrue(fieldReader.getFloatVectorValues("f") instanceof MetricFloatVectorValues);
                assertTrue(VicinityFieldType.isVicinityField(leaf.getFieldInfos().fieldInfo("f")));
            }
        }
    }
}
