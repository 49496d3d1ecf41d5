package dev.vicinity.codec;

import dev.vicinity.ann.QueryDistance;

import dev.vicinity.VicinityTestData;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.codec.nndescent.NNDescentQuery;

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
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.VectorUtil;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The nndescent walk's in-place distances ({@link TwinScorerDistance}, Lucene's flat scorer for the metric's twin
 * similarity, inverted) against the metric and against the copying path ({@link QueryDistances#copying})
 * on memory-mapped segments, where Lucene's scorer works in place.
 *
 * <p>With small-integer vectors every squared distance and inner product is an exact float whatever order SIMD sums
 * in, and the inversions keep distinct integers distinct and in order, so without backtracking both walks must return
 * exactly the same hits. With gaussian vectors the last bits may differ; the hits must still agree almost everywhere
 * and the recall must be the same.
 */
public class TwinScorerDistanceTests extends LuceneTestCase {

    private static final String FIELD = "vec";
    private static final int N = 2_000;
    private static final int K = 10;
    private static final int QUERIES = 100;
    /** Of {@link #scale}: how far an in-place distance may be from the metric's, see {@link #testMatchesMetricOnMappedVectors}. */
    private static final double TOLERANCE = 4e-6;

    public void testInvertsLuceneEuclideanScores() {
        Random random = new Random(random().nextLong());
        float previous = -1;
        for (int i = 0; i < 10_000; i++) {
            float squared = i < 5_000 ? i : (float) Math.exp(random.nextDouble() * 30);
            float back = TwinScorerDistance.toSquared(VectorUtil.normalizeDistanceToUnitInterval(squared));
            assertEquals("squared " + squared, squared, back, Math.max(1e-6f, squared * 1e-6f));
            if (i < 5_000) {
                assertTrue("order at " + i, back > previous); // distinct integers stay distinct and ordered
                previous = back;
            }
        }
        assertEquals(0f, TwinScorerDistance.toSquared(1f), 0f);
        assertEquals(Float.MAX_VALUE, TwinScorerDistance.toSquared(0f), 0f);
    }

    /** Lucene's {@code (1 + cos) / 2} back to {@code 1 - cos}: within 1.2e-7 (one ulp of 1), the metric's formula. */
    public void testInvertsLuceneCosineScores() {
        Metric cosine = Metrics.byName("cosine", Float.NaN);
        Random random = new Random(random().nextLong());
        for (int i = 0; i < 10_000; i++) {
            float cos = i == 0 ? -1f : i == 1 ? 1f : i == 2 ? 0f : random.nextFloat() * 2 - 1;
            float score = VectorUtil.normalizeToUnitInterval(cos);
            float back = TwinScorerDistance.toOneMinusCosine(score);
            assertEquals("cos " + cos, 1.0 - cos, back, 1.2e-7);
            assertEquals("the metric's own inversion", cosine.distanceFromScore(score), back, 0f);
        }
        assertEquals("same direction", 0f, TwinScorerDistance.toOneMinusCosine(1f), 0f);
        assertEquals("opposite", 2f, TwinScorerDistance.toOneMinusCosine(0f), 0f);
        assertEquals("a cosine rounded above 1 clamps like the metric", 0f, TwinScorerDistance.toOneMinusCosine(Math.nextUp(1f)), 0f);
        assertEquals("a zero stored vector: Lucene's NaN is the metric's 1", 1f, TwinScorerDistance.toOneMinusCosine(Float.NaN), 0f);
    }

    /** Lucene's scaled inner product back to {@code -dot}: within 1e-6 relative (absolute below 1), the metric's formula. */
    public void testInvertsLuceneMaxInnerProductScores() {
        Metric dot = Metrics.byName("dot", Float.NaN);
        Random random = new Random(random().nextLong());
        float previous = Float.NEGATIVE_INFINITY;
        for (int i = -5_000; i <= 5_000; i++) {
            // the integers -5000 .. 5000 in order, each followed by a random inner product of any sign and magnitude
            for (float inner : new float[] {i, (float) ((random.nextBoolean() ? 1 : -1) * Math.exp(random.nextDouble() * 40 - 20))}) {
                float score = VectorUtil.scaleMaxInnerProductScore(inner);
                float back = TwinScorerDistance.toNegatedDot(score);
                assertEquals("dot " + inner, -inner, back, Math.max(1e-6f, Math.abs(inner) * 1e-6f));
                assertEquals("the metric's own inversion", dot.distanceFromScore(score), back, 0f);
            }
            float back = TwinScorerDistance.toNegatedDot(VectorUtil.scaleMaxInnerProductScore(-i));
            assertTrue("order at " + i, back > previous); // distinct integers stay distinct and ordered
            previous = back;
        }
        assertEquals(0f, TwinScorerDistance.toNegatedDot(1f), 0f);
        assertEquals("overflowing positive sum", -Float.MAX_VALUE, TwinScorerDistance.toNegatedDot(Float.POSITIVE_INFINITY), 0f);
        assertEquals("overflowing negative sum", Float.MAX_VALUE, TwinScorerDistance.toNegatedDot(0f), 0f);
    }

    public void testTwinsOfMetrics() {
        Map<String, VectorSimilarityFunction> twins = Map.of(
            "euclidean", VectorSimilarityFunction.EUCLIDEAN,
            "sqeuclidean", VectorSimilarityFunction.EUCLIDEAN,
            "cosine", VectorSimilarityFunction.COSINE,
            "dot", VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT
        );
        for (String name : Metrics.names()) {
            Metric metric = Metrics.byName(name, name.equals("minkowski") ? 3f : Float.NaN);
            assertEquals(name, twins.get(name), TwinSimilarity.of(metric)); // null: correlation, manhattan, ...
        }
    }

    /**
     * Each twin against {@code metric.fastDistance} on gaussian vectors of GloVe's 50 dims (not a multiple of the SIMD
     * width, so Lucene's tail loop runs) and on edge cases: the query itself, its opposite and multiples (cosine 0 and
     * 2, inner products of both signs and far from 0), a vector orthogonal to it, the zero vector, and a zero query
     * (which has no twin under cosine).
     *
     * <p>Tolerance: {@value #TOLERANCE} of {@link #scale}. Lucene and the metric sum the same float terms in different
     * orders, so they differ by a few ulps of the terms' magnitudes: of the result for a squared distance (a sum of
     * squares), but an inner product can cancel to far less than its terms. Measured at most 2.4e-7 for cosine,
     * 3.4e-7 for the squared distances and 1.3e-7 for dot, over six seeds.
     */
    public void testMatchesMetricOnMappedVectors() throws IOException {
        Random random = new Random(random().nextLong());
        int dims = 50;
        float[] probe = gaussian(random, dims);
        float[] orthogonal = gaussian(random, dims);
        float along = VectorUtil.dotProduct(orthogonal, probe) / VectorUtil.dotProduct(probe, probe);
        for (int d = 0; d < dims; d++) {
            orthogonal[d] -= along * probe[d];
        }
        float[][] edges = {probe, scaled(probe, -1), scaled(probe, 3), scaled(probe, -0.5f), scaled(probe, 1e-3f), scaled(probe, 100),
            orthogonal, new float[dims]};
        int zeroOrd = edges.length - 1;
        float[][] vectors = new float[500 + edges.length][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = i < edges.length ? edges[i] : gaussian(random, dims);
        }
        float[] zeroQuery = new float[dims];
        float[][] queries = new float[22][];
        queries[0] = probe;
        queries[1] = zeroQuery;
        for (int q = 2; q < queries.length; q++) {
            queries[q] = gaussian(random, dims);
        }
        int[] allOrds = new int[vectors.length];
        Arrays.setAll(allOrds, i -> i);
        for (String name : new String[] {"euclidean", "sqeuclidean", "cosine", "dot"}) {
            Metric metric = Metrics.byName(name, Float.NaN);
            double worst = 0;
            try (Directory dir = new MMapDirectory(createTempDir()); DirectoryReader reader = index(dir, metric, vectors)) {
                VicinityVectorsReader vicinity = vicinityReader(reader.leaves().get(0).reader());
                for (float[] query : queries) {
                    TwinScorerDistance twin = TwinScorerDistance.forQuery(metric, vicinity.flatVectorValues(FIELD), query);
                    if (query == zeroQuery && name.equals("cosine")) {
                        assertNull("Lucene's cosine of a zero query is NaN: the walk must copy", twin);
                        continue;
                    }
                    assertNotNull(name, twin);
                    float[] bulk = new float[vectors.length];
                    twin.fastDistances(allOrds, allOrds.length, bulk);
                    for (int ord = 0; ord < vectors.length; ord++) {
                        float expected = metric.fastDistance(query, vectors[ord]);
                        double scale = scale(metric, query, vectors[ord], expected);
                        assertEquals(name + " bulk, ord " + ord, expected, bulk[ord], TOLERANCE * scale);
                        if (ord != zeroOrd || name.equals("cosine") == false) {
                            // one by one, Lucene asserts that a cosine is finite; a zero stored vector's is NaN (read as 1 in bulk)
                            assertEquals(name + " single, ord " + ord, expected, twin.fastDistance(ord), TOLERANCE * scale);
                        }
                        worst = Math.max(worst, Math.abs(expected - bulk[ord]) / scale);
                    }
                }
            }
            System.out.println(String.format(Locale.ROOT, "%s twin against the metric: worst difference %.2e of the scale", name, worst));
        }
    }

    /**
     * Near-duplicates of the query (offsets from 1e-6 to 1e-1 of its norm, and the query itself) are where a score
     * near 1 keeps too few digits to invert: their fast distances must still match the metric's to a relative 1e-5
     * (the tolerance the search tests rank and score by), in bulk and one at a time.
     */
    public void testNearDuplicatesKeepTheirPrecision() throws IOException {
        Random random = new Random(random().nextLong());
        int dims = 1 + random.nextInt(60);
        float[] query = gaussian(random, dims);
        float[][] vectors = new float[61][];
        vectors[0] = query.clone();
        for (int i = 1; i < vectors.length; i++) {
            float offset = (float) Math.pow(10, -6 + 5.0 * (i - 1) / (vectors.length - 2));
            float[] noise = gaussian(random, dims);
            vectors[i] = new float[dims];
            for (int d = 0; d < dims; d++) {
                vectors[i][d] = query[d] + offset * noise[d];
            }
        }
        int[] allOrds = new int[vectors.length];
        Arrays.setAll(allOrds, i -> i);
        for (String name : new String[] {"euclidean", "sqeuclidean", "cosine", "dot"}) {
            Metric metric = Metrics.byName(name, Float.NaN);
            try (Directory dir = new MMapDirectory(createTempDir()); DirectoryReader reader = index(dir, metric, vectors)) {
                VicinityVectorsReader vicinity = vicinityReader(reader.leaves().get(0).reader());
                TwinScorerDistance twin = TwinScorerDistance.forQuery(metric, vicinity.flatVectorValues(FIELD), query);
                assertNotNull(name, twin);
                float[] bulk = new float[vectors.length];
                twin.fastDistances(allOrds, allOrds.length, bulk);
                for (int ord = 0; ord < vectors.length; ord++) {
                    float expected = metric.fastDistance(query, vectors[ord]);
                    double tolerance = 1e-5 * Math.max(Math.abs(expected), 1e-30);
                    assertEquals(name + " bulk, ord " + ord, expected, bulk[ord], tolerance);
                    assertEquals(name + " single, ord " + ord, expected, twin.fastDistance(ord), tolerance);
                }
            }
        }
    }

    /**
     * What a difference is measured against: 1 for cosine (a difference of normalised quantities, in {@code [0, 2]}),
     * otherwise the largest of 1, the distance and {@code |q| |v|}, which bounds the magnitudes of the summed products.
     */
    private static double scale(Metric metric, float[] query, float[] vector, float distance) {
        if (metric.name().equals("cosine")) {
            return 1;
        }
        double norms = Math.sqrt(VectorUtil.dotProduct(query, query)) * Math.sqrt(VectorUtil.dotProduct(vector, vector));
        return Math.max(1, Math.max(Math.abs(distance), norms));
    }

    /**
     * At epsilon 0 the walk only compares distances with each other, so exactly the same hits. With backtracking the
     * bound is {@code worst + epsilon * (worst - minDistance)}, arithmetic on integers that often lands on one: an
     * inverted distance a few ulps below such an integer passes a bound that the exact one meets, and the walks part
     * (about one run in forty). That case gets the gaussian tolerances.
     */
    public void testSameHitsAsCopyingOnIntegerVectors() throws IOException {
        for (String metric : new String[] {"euclidean", "sqeuclidean", "dot"}) {
            float[][] vectors = integerVectors(new Random(random().nextLong()), N + QUERIES, 24);
            Comparison[] byEpsilon = compare(metric, vectors, new float[] {0f, 0.1f, 0.3f});
            assertEquals(metric + ": every hit the same at epsilon 0", byEpsilon[0].hits(), byEpsilon[0].sameHits());
            assertNearlySame(metric + " epsilon 0.1", byEpsilon[1]);
            assertNearlySame(metric + " epsilon 0.3", byEpsilon[2]);
        }
    }

    public void testNearlySameHitsAndRecallOnGaussianVectors() throws IOException {
        for (String metric : new String[] {"euclidean", "cosine", "dot"}) {
            Random random = new Random(random().nextLong());
            float[][] vectors = new float[N + QUERIES][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = gaussian(random, 32);
            }
            float[] epsilons = {0f, 0.1f};
            Comparison[] byEpsilon = compare(metric, vectors, epsilons);
            for (int e = 0; e < epsilons.length; e++) {
                Comparison c = byEpsilon[e];
                System.out.println(String.format(Locale.ROOT, "%s, epsilon %.1f: the walks agree on %d of %d hits, recall@10 %.4f twin, %.4f copying",
                    metric, epsilons[e], c.sameHits(), c.hits(), c.twinRecall(), c.copyingRecall()));
                assertNearlySame(metric + " epsilon " + epsilons[e], c);
            }
        }
    }

    /**
     * At least 99% of hits the same (ordinal and rank), and recall@10 against brute force within 0.005 of the copying
     * walk's (five hits in a thousand).
     */
    private static void assertNearlySame(String what, Comparison c) {
        assertTrue(what + ": agreement " + c.sameHits() + " of " + c.hits(), c.sameHits() >= 0.99 * c.hits());
        assertEquals(what + ": recall", c.copyingRecall(), c.twinRecall(), 0.005);
    }

    private static float[] gaussian(Random random, int dims) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] scaled(float[] v, float factor) {
        float[] scaled = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            scaled[d] = v[d] * factor;
        }
        return scaled;
    }

    /** Coordinates in {@code [-8, 8)}: inner products of both signs, every distance an exact float. */
    private static float[][] integerVectors(Random random, int count, int dims) {
        float[][] vectors = new float[count][dims];
        for (float[] v : vectors) {
            for (int d = 0; d < dims; d++) {
                v[d] = random.nextInt(16) - 8;
            }
        }
        return vectors;
    }

    /** Of one epsilon's queries: hits that are the same ordinal at the same rank, all hits, each walk's recall@10 against brute force. */
    private record Comparison(long sameHits, long hits, double twinRecall, double copyingRecall) {}

    /** Indexes the first {@link #N} vectors in one graphed segment, queries with the rest at each epsilon through both distances. */
    private Comparison[] compare(String metricName, float[][] vectors, float[] epsilons) throws IOException {
        Metric metric = Metrics.byName(metricName, Float.NaN);
        float[][] indexed = Arrays.copyOf(vectors, N);
        Comparison[] byEpsilon = new Comparison[epsilons.length];
        try (Directory dir = new MMapDirectory(createTempDir()); DirectoryReader reader = index(dir, metric, indexed)) {
            VicinityVectorsReader vicinity = vicinityReader(reader.leaves().get(0).reader());
            MethodField graph = vicinity.indexedField(FIELD);
            assertNotNull("graphed", graph);
            FloatVectorValues values = vicinity.getFloatVectorValues(FIELD);
            for (int e = 0; e < epsilons.length; e++) {
                long same = 0;
                long twinFound = 0;
                long copyingFound = 0;
                for (int q = N; q < vectors.length; q++) {
                    float[] query = vectors[q];
                    FloatVectorValues copyingValues = values.copy();
                    QueryDistance copying = QueryDistances.copying(metric, copyingValues, query);
                    FloatVectorValues twinValues = vicinity.flatVectorValues(FIELD);
                    QueryDistance twin = QueryDistances.of(metric, twinValues, query);
                    assertTrue("the codec walks with the twin", twin instanceof TwinScorerDistance);
                    int[] expected = walk(graph, metric, query, copying, copyingValues, epsilons[e]);
                    int[] actual = walk(graph, metric, query, twin, twinValues, epsilons[e]);
                    assertEquals(K, expected.length);
                    assertEquals(K, actual.length);
                    Set<Integer> truth = new HashSet<>();
                    for (VicinityTestData.Neighbour nb : VicinityTestData.nearest(indexed, query, metric, K, i -> true)) {
                        truth.add(nb.id());
                    }
                    for (int i = 0; i < K; i++) {
                        // the same hit, or an exact tie (integer vectors have many): the same distance at the same rank
                        same += expected[i] == actual[i] || metric.distance(query, indexed[expected[i]]) == metric.distance(query, indexed[actual[i]])
                            ? 1 : 0;
                        copyingFound += truth.contains(expected[i]) ? 1 : 0;
                        twinFound += truth.contains(actual[i]) ? 1 : 0;
                    }
                }
                long hits = (long) QUERIES * K;
                byEpsilon[e] = new Comparison(same, hits, twinFound / (double) hits, copyingFound / (double) hits);
            }
        }
        return byEpsilon;
    }

    /** The walk's hits (ordinals of the single dense segment: doc ids), nearest first, measured with {@code distance}. */
    private static int[] walk(MethodField graph, Metric metric, float[] query, QueryDistance distance, FloatVectorValues values, float epsilon)
        throws IOException {
        TopKnnCollector collector = new TopKnnCollector(K, Integer.MAX_VALUE);
        graph.search(new FieldSearch(query, new NNDescentQuery(epsilon), distance, values, null, new HitCollector(collector, values, metric)));
        return Arrays.stream(collector.topDocs().scoreDocs).mapToInt(sd -> sd.doc).toArray();
    }

    /**
     * One segment of {@code vectors} in {@code dir}, graphed from {@value IndexMethod#DEFAULT_EXACT_BELOW} vectors on.
     * Memory-mapped on purpose: that is where Lucene's scorer works in place (elsewhere it copies, still correct).
     */
    private static DirectoryReader index(Directory dir, Metric metric, float[][] vectors) throws IOException {
        var type = VicinityFieldType.create(vectors[0].length, metric, "nndescent", Map.of("seed", "42"));
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec())
            .setMaxBufferedDocs(vectors.length + 1)
            .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH)
            .setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (float[] vector : vectors) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, vector, type));
                writer.addDocument(doc);
            }
            writer.commit();
        }
        DirectoryReader reader = DirectoryReader.open(dir);
        assertEquals(1, reader.leaves().size());
        return reader;
    }

    private static VicinityVectorsReader vicinityReader(LeafReader leaf) {
        var fields = (PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) leaf).getVectorReader();
        return (VicinityVectorsReader) fields.getFieldReader(FIELD);
    }
}
