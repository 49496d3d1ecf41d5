package dev.vicinity.codec.nndescent;

import dev.vicinity.VicinityTestData;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.codec.VicinitySearchStrategy;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@code quantization: int8} through the codec on {@code sift-5k-128-euclidean} (4,000 × 128, integer components, all
 * 1,000 queries): the walk measures int8 vectors stored in the {@code .vex} block, hits are rescored on the float
 * vectors. Measured on one segment, seed 42: recall@10 0.924 / 0.975 at epsilon 0.1 / 0.2, against 0.929 / 0.983
 * for the float walk of the same build (SIFT's components span 0 to 2xx, so the encoding is close to lossless);
 * after two graphed segments, 10% deletes and a force-merge, 0.926 at epsilon 0.1 (against the live documents'
 * true neighbours).
 * Floors 0.02 below, as for the float walk.
 */
public class NNDescentInt8WalkTests extends LuceneTestCase {

    private static final int K = 10;
    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);

    private static float[][] base;
    private static float[][] queries;
    private static int[][] truth;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        if (base == null) {
            SharedData.Loaded sift = SharedData.load("sift-5k-128-euclidean", Integer.MAX_VALUE);
            base = sift.base();
            queries = sift.queries();
            truth = sift.truth();
        }
    }

    private static FieldType type(String quantization) {
        return VicinityFieldType.create(128, EUCLIDEAN, "nndescent", Map.of("seed", "42", "quantization", quantization));
    }

    private static IndexWriterConfig config(int maxBufferedDocs) {
        return new IndexWriterConfig().setCodec(new VicinityCodec()).setUseCompoundFile(false).setMaxBufferedDocs(maxBufferedDocs)
            .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH).setMergePolicy(NoMergePolicy.INSTANCE);
    }

    private static void index(IndexWriter writer, FieldType type) throws IOException {
        for (int i = 0; i < base.length; i++) {
            Document doc = new Document();
            doc.add(new KnnFloatVectorField("vec", base[i], type));
            doc.add(new NumericDocValuesField("id", i));
            doc.add(new LongPoint("row", i));
            writer.addDocument(doc);
        }
    }

    private static long vexBytes(Directory dir) throws IOException {
        long bytes = 0;
        for (String file : dir.listAll()) {
            if (file.endsWith("." + "vex")) {
                bytes += dir.fileLength(file);
            }
        }
        return bytes;
    }

    public void testInt8WalkKeepsRecallStoresAQuarterOfTheVectorsAndScoresExactly() throws IOException {
        double[] floatRecall = new double[2];
        long[] vex = new long[2];
        for (String quantization : new String[] { "none", "int8" }) {
            try (Directory dir = newFSDirectory(createTempDir()); IndexWriter writer = new IndexWriter(dir, config(10_000))) {
                index(writer, type(quantization));
                writer.commit();
                boolean int8 = quantization.equals("int8");
                vex[int8 ? 1 : 0] = vexBytes(dir);
                try (DirectoryReader reader = DirectoryReader.open(writer)) {
                    assertEquals(1, reader.leaves().size());
                    IndexSearcher searcher = new IndexSearcher(reader);
                    double r1 = recall(searcher, 0.1f, int8);
                    double r2 = recall(searcher, 0.2f, int8);
                    System.out.println(String.format(Locale.ROOT, "sift-5k recall@10, quantization %s: eps 0.1 %.4f, 0.2 %.4f", quantization, r1, r2));
                    if (int8) {
                        assertTrue("recall at epsilon 0.1 " + r1, r1 >= 0.904);
                        assertTrue("recall at epsilon 0.2 " + r2, r2 >= 0.955);
                        assertTrue("int8 loses little against float: " + r1 + " vs " + floatRecall[0], r1 >= floatRecall[0] - 0.02);
                        assertTrue("int8 loses little against float: " + r2 + " vs " + floatRecall[1], r2 >= floatRecall[1] - 0.02);
                    } else {
                        floatRecall[0] = r1;
                        floatRecall[1] = r2;
                    }
                }
            }
        }
        // the same build plus one byte per dimension and vector, and 8 more bytes of meta in .vem (not counted here)
        assertEquals((long) base.length * 128, vex[1] - vex[0]);
    }

    public void testInt8WalkAfterDeletesAndAMerge() throws IOException {
        IndexWriterConfig config = config(2_000).setMergePolicy(new org.apache.lucene.index.TieredMergePolicy());
        try (Directory dir = newFSDirectory(createTempDir()); IndexWriter writer = new IndexWriter(dir, config)) {
            index(writer, type("int8"));
            writer.commit();
            for (int i = 0; i < base.length; i += 10) {
                writer.deleteDocuments(LongPoint.newExactQuery("row", i));
            }
            writer.forceMerge(1);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertEquals(1, reader.leaves().size());
                assertEquals(base.length - base.length / 10, reader.numDocs());
                IndexSearcher searcher = new IndexSearcher(reader);
                long found = 0, expected = 0;
                for (int q = 0; q < queries.length; q++) {
                    int[] live = Arrays.stream(truth[q]).filter(row -> row % 10 != 0).limit(K).toArray();
                    expected += live.length;
                    for (ScoreDoc hit : searcher.search(query(queries[q], 0.1f), K).scoreDocs) {
                        int row = row(searcher, hit.doc);
                        assertTrue("deleted row " + row + " returned", row % 10 != 0);
                        found += Arrays.stream(live).anyMatch(r -> r == row) ? 1 : 0;
                    }
                }
                double recall = found / (double) expected;
                System.out.println(String.format(Locale.ROOT, "sift-5k int8 recall@10 after deletes and a merge, eps 0.1: %.4f", recall));
                assertTrue("recall after deletes and a merge " + recall, recall >= 0.906);
            }
        }
    }

    public void testInt8IsRefusedForMetricsWithoutAnEncodingAndUnknownValues() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> VicinityFieldType.create(4, Metrics.byName("manhattan", Float.NaN), "nndescent", Map.of("quantization", "int8")));
        assertTrue(e.getMessage(), e.getMessage().contains("[quantization] [int8] is not supported for metric [manhattan]"));
        e = expectThrows(IllegalArgumentException.class,
            () -> VicinityFieldType.create(4, EUCLIDEAN, "nndescent", Map.of("quantization", "int4")));
        assertTrue(e.getMessage(), e.getMessage().contains("[quantization] must be one of [none, int8] but was [int4]"));
        VicinityFieldType.create(4, Metrics.byName("cosine", Float.NaN), "nndescent", Map.of("quantization", "int8"));
        VicinityFieldType.create(4, Metrics.byName("dot", Float.NaN), "nndescent", Map.of("quantization", "none"));
    }

    private static VicinityKnnQuery query(float[] vector, float epsilon) {
        return new VicinityKnnQuery("vec", vector, K, null, EUCLIDEAN, Float.POSITIVE_INFINITY, false, new VicinitySearchStrategy(new NNDescentQuery(epsilon)));
    }

    private static int row(IndexSearcher searcher, int doc) throws IOException {
        LeafReaderContext leaf = searcher.getIndexReader().leaves().get(ReaderUtil.subIndex(doc, searcher.getIndexReader().leaves()));
        NumericDocValues ids = leaf.reader().getNumericDocValues("id");
        assertTrue(ids.advanceExact(doc - leaf.docBase));
        return (int) ids.longValue();
    }

    /** Recall@10; with {@code checkScores}, every hit's score must be the metric's exact score (hits are rescored). */
    private static double recall(IndexSearcher searcher, float epsilon, boolean checkScores) throws IOException {
        long found = 0;
        for (int q = 0; q < queries.length; q++) {
            for (ScoreDoc hit : searcher.search(query(queries[q], epsilon), K).scoreDocs) {
                int row = row(searcher, hit.doc);
                if (checkScores) {
                    float exact = EUCLIDEAN.score(EUCLIDEAN.distance(queries[q], base[row]));
                    assertEquals(exact, hit.score, VicinityTestData.tolerance(exact));
                }
                for (int j = 0; j < K; j++) {
                    if (truth[q][j] == row) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found / (double) (queries.length * K);
    }
}
