package dev.vicinity.codec;

import dev.vicinity.metric.Metric;

import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.util.IORunnable;

import java.io.IOException;
import java.util.Map;

/**
 * Test-only: {@link VicinityVectorsFormat}, except that float fields arriving without Vicinity attributes get them
 * ({@code exact} with a fixed metric) just before they are written, so tests written for plain Lucene fields (Lucene's
 * conformance suite) run through the metric-scored path.
 *
 * <p>It carries {@link VicinityVectorsFormat#NAME}: reading goes through the real format found by SPI, which needs
 * nothing but what the writer stored, and that is the point.
 */
public final class MetricTaggingVectorsFormat extends KnnVectorsFormat {

    private final VicinityVectorsFormat delegate = new VicinityVectorsFormat();
    private final Metric metric;
    private final IndexMethod method;
    private final Map<String, String> methodParams;

    public MetricTaggingVectorsFormat(Metric metric) {
        this(metric, IndexMethods.byName("exact"), Map.of());
    }

    /** Tags float fields with {@code method} and its build parameters instead of {@code exact}. */
    public MetricTaggingVectorsFormat(Metric metric, IndexMethod method, Map<String, String> methodParams) {
        super(VicinityVectorsFormat.NAME);
        this.metric = metric;
        this.method = method;
        this.methodParams = methodParams;
    }

    private void tag(FieldInfo fi) {
        if (fi.getVectorEncoding() == VectorEncoding.FLOAT32 && VicinityFieldType.isVicinityField(fi) == false) {
            fi.putAttribute(VicinityFieldType.METHOD_KEY, method.name());
            fi.putAttribute(VicinityFieldType.METRIC_KEY, metric.name());
            methodParams.forEach((k, v) -> fi.putAttribute(VicinityFieldType.METHOD_PARAM_PREFIX + k, v));
        }
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        KnnVectorsWriter in = delegate.fieldsWriter(state);
        return new KnnVectorsWriter() {
            @Override
            public KnnFieldVectorsWriter<?> addField(FieldInfo fieldInfo) throws IOException {
                tag(fieldInfo);
                return in.addField(fieldInfo);
            }

            @Override
            public IORunnable mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
                tag(fieldInfo);
                return in.mergeOneField(fieldInfo, mergeState);
            }

            @Override
            public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
                in.flush(maxDoc, sortMap);
            }

            @Override
            public void finish() throws IOException {
                in.finish();
            }

            @Override
            public long ramBytesUsed() {
                return in.ramBytesUsed();
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return delegate.getMaxDimensions(fieldName);
    }
}
