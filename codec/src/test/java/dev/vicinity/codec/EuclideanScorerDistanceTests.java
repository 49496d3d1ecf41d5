package dev.vicinity.codec;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.QueryDistance;
import dev.vicinity.nndescent.SearchResult;

import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.io.IOException;
import java.util.Map;
import java.util.Random;

/**
 * The nndescent walk's in-place distances ({@link EuclideanScorerDistance}, Lucene's flat {@code EUCLIDEAN} scorer
 * inverted) against the copying path ({@link NNDescentFieldReader#copyingDistance}) on a memory-mapped segment.
 *
 * <p>With small-integer vectors every squared distance is an exact float whatever order SIMD sums in, and the
 * inversion keeps distinct integers distinct and in order, so without backtracking both walks must return exactly
 * the same hits. With gaussian vectors the last bits may differ; the hits must still agree almost everywhere.
 */
public class EuclideanScorerDistanceTests extends LuceneTestCase {

    private static final String FIELD = "vec";
    private static final int N = 2_000;
    private static final int K = 10;
    private static final int QUERIES = 100;

    public void testInvertsLuceneEuclideanScores() {
        Random random = new Random(random().nextLong());
        float previous = -1;
        for (int i = 0; i < 10_000; i++) {
            float squared = i < 5_000 ? i : (float) Math.exp(random.nextDouble() * 30);
            float back = EuclideanScorerDistance.toSquared(1f / (1f + squared));
            assertEquals("squared " + squared, squared, back, Math.max(1e-6f, squared * 1e-6f));
            if (i < 5_000) {
                assertTrue("order at " + i, back > previous); // distinct integers stay distinct and ordered
                previous = back;
            }
        }
        assertEquals(0f, EuclideanScorerDistance.toSquared(1f), 0f);
        assertEquals(Float.MAX_VALUE, EuclideanScorerDistance.toSquared(0f), 0f);
    }

    public void testAppliesOnlyToSquaredEuclideanMetrics() {
        assertTrue(applies(VectorSimilarityFunction.EUCLIDEAN, "euclidean"));
        assertTrue(applies(VectorSimilarityFunction.EUCLIDEAN, "sqeuclidean"));
        assertFalse(applies(VectorSimilarityFunction.EUCLIDEAN, "manhattan"));
        assertFalse(applies(VectorSimilarityFunction.EUCLIDEAN, "cosine"));
        assertFalse(applies(VectorSimilarityFunction.DOT_PRODUCT, "euclidean"));
        assertFalse(EuclideanScorerDistance.applies(VectorSimilarityFunction.EUCLIDEAN, null));
    }

    private static boolean applies(VectorSimilarityFunction similarity, String metric) {
        return EuclideanScorerDistance.applies(similarity, Metrics.byName(metric, Float.NaN));
    }

    /**
     * At epsilon 0 the walk only compares distances with each other, so exactly the same hits. With backtracking the
     * bound is {@code worst + epsilon * (worst - minDistance)}, arithmetic on integers that often lands on one: an
     * inverted distance a few ulps below such an integer passes a bound that the exact one meets, and the walks part
     * (about one run in forty). That case gets the gaussian tolerance.
     */
    public void testSameHitsAsCopyingOnIntegerVectors() throws IOException {
        for (String metric : new String[] {"euclidean", "sqeuclidean"}) {
            float[][] vectors = integerVectors(new Random(random().nextLong()), N + QUERIES, 24);
            long[] agreement = compare(metric, vectors, new float[] {0f});
            assertEquals(metric + ": every hit the same at epsilon 0", agreement[1], agreement[0]);
            agreement = compare(metric, vectors, new float[] {0.1f, 0.3f});
            assertTrue(metric + ": agreement " + agreement[0] + " of " + agreement[1], agreement[0] >= 0.99 * agreement[1]);
        }
    }

    public void testNearlySameHitsOnGaussianVectors() throws IOException {
        Random random = new Random(random().nextLong());
        float[][] vectors = new float[N + QUERIES][32];
        for (float[] v : vectors) {
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
        }
        long[] agreement = compare("euclidean", vectors, new float[] {0f, 0.1f});
        assertTrue("agreement " + agreement[0] + " of " + agreement[1], agreement[0] >= 0.99 * agreement[1]);
    }

    private static float[][] integerVectors(Random random, int count, int dims) {
        float[][] vectors = new float[count][dims];
        for (float[] v : vectors) {
            for (int d = 0; d < dims; d++) {
                v[d] = random.nextInt(16);
            }
        }
        return vectors;
    }

    /**
     * Indexes the first {@link #N} vectors in one graphed segment, queries with the rest at each epsilon through both
     * distances; returns {matching hits, all hits}, where a hit matches if it is the same ordinal at the same rank.
     */
    private long[] compare(String metricName, float[][] vectors, float[] epsilons) throws IOException {
        Metric metric = Metrics.byName(metricName, Float.NaN);
        var type = VicinityFieldType.create(vectors[0].length, metric, "nndescent", Map.of("seed", "42"));
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec())
            .setMaxBufferedDocs(N + 1)
            .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH)
            .setMergePolicy(NoMergePolicy.INSTANCE);
        long same = 0;
        long all = 0;
        // memory-mapped on purpose: that is where Lucene's scorer works in place (elsewhere it copies, still correct)
        try (Directory dir = new MMapDirectory(createTempDir()); IndexWriter writer = new IndexWriter(dir, config)) {
            for (int i = 0; i < N; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, vectors[i], type));
                writer.addDocument(doc);
            }
            writer.commit();
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertEquals(1, reader.leaves().size());
                VicinityVectorsReader vicinity = vicinityReader(reader.leaves().get(0).reader());
                NNDescentFieldReader graph = vicinity.nndescentField(FIELD);
                assertNotNull("graphed", graph);
                var similarity = reader.leaves().get(0).reader().getFieldInfos().fieldInfo(FIELD).getVectorSimilarityFunction();
                assertTrue("the codec takes this path", EuclideanScorerDistance.applies(similarity, metric));
                FloatVectorValues values = vicinity.getFloatVectorValues(FIELD);
                for (float epsilon : epsilons) {
                    for (int q = N; q < vectors.length; q++) {
                        float[] query = vectors[q];
                        QueryDistance copying = graph.copyingDistance(query, values.copy());
                        QueryDistance inPlace = new EuclideanScorerDistance(vicinity.flatScorer(FIELD, query));
                        SearchResult expected = graph.search(query, copying, K, epsilon, null, Long.MAX_VALUE);
                        SearchResult actual = graph.search(query, inPlace, K, epsilon, null, Long.MAX_VALUE);
                        assertEquals(K, expected.size());
                        assertEquals(K, actual.size());
                        for (int i = 0; i < K; i++) {
                            same += expected.ords()[i] == actual.ords()[i] ? 1 : 0;
                        }
                        all += K;
                    }
                }
            }
        }
        return new long[] {same, all};
    }

    private static VicinityVectorsReader vicinityReader(LeafReader leaf) {
        var fields = (PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) leaf).getVectorReader();
        return (VicinityVectorsReader) fields.getFieldReader(FIELD);
    }
}
