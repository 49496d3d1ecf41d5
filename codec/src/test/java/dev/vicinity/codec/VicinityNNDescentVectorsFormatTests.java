package dev.vicinity.codec;

import dev.vicinity.metric.Metrics;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;
import org.apache.lucene.tests.util.TestUtil;

import java.util.Map;

/**
 * Lucene's conformance suite with every float field indexed as a Vicinity {@code nndescent} field (small
 * {@code n_neighbors} so the graph builds stay quick). Most of the suite's segments are below
 * {@link NNDescentFormat#MIN_GRAPH_SIZE} and are searched exactly; the graph path, merges seeded from graphs and
 * corruption of the graph files are covered by {@link NNDescentCodecTests} and {@link VicinityCorruptionTests}.
 */
public class VicinityNNDescentVectorsFormatTests extends BaseKnnVectorsFormatTestCase {

    @Override
    protected Codec getCodec() {
        String metric = random().nextBoolean() ? "euclidean" : "sqeuclidean";
        return TestUtil.alwaysKnnVectorsFormat(
            new MetricTaggingVectorsFormat(Metrics.byName(metric, Float.NaN), IndexMethod.NNDESCENT, Map.of("n_neighbors", "8", "seed", "7"))
        );
    }

    @Override
    protected boolean supportsFloatVectorFallback() {
        // Vectors are stored raw, never quantized: there is no quantized copy to fall back to.
        return false;
    }
}
