package dev.vicinity.codec.lsh;

import dev.vicinity.codec.CodecRecall;
import dev.vicinity.codec.IndexedFieldProvider;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.codec.VicinitySearchStrategy;
import dev.vicinity.lsh.TableAccess;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The {@code lsh} method through the whole codec on {@code optdigits-64-euclidean} and {@code sift-5k-128-euclidean}:
 * recall floors through {@link VicinityKnnQuery}, filters, deletes and merges, merged buckets equal to a fresh build
 * for the random families, query parameter checks.
 *
 * <p>Recall@10 pinned here (first {@value #QUERIES} queries, default tables: 64 cross-polytope, seed 42, one segment,
 * default query: two probes per table, 100·k candidates), measured: optdigits 0.999, sift-5k 0.944, and with 16
 * probes and 200 candidates 0.990 / 0.735; floors 0.02 to 0.025 below. After deletes and two merges (optdigits,
 * default query): measured 0.9997, floor 0.975.
 */
public class LshCodecTests extends LuceneTestCase {

    private static final String FIELD = "vec";
    private static final int K = 10;
    private static final int QUERIES = 300;
    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);

    private static SharedData.Loaded optdigits;
    private static SharedData.Loaded sift;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        if (optdigits == null) {
            optdigits = SharedData.load("optdigits-64-euclidean", QUERIES);
            sift = SharedData.load("sift-5k-128-euclidean", QUERIES);
        }
    }

    private static IndexWriterConfig config(int maxBufferedDocs) {
        return new IndexWriterConfig().setCodec(new VicinityCodec())
            .setUseCompoundFile(false)
            .setMaxBufferedDocs(maxBufferedDocs)
            .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH)
            .setMergePolicy(NoMergePolicy.INSTANCE);
    }

    private static void addAll(IndexWriter writer, float[][] base, Map<String, String> params) throws IOException {
        FieldType type = VicinityFieldType.create(base[0].length, EUCLIDEAN, "lsh", params);
        for (int i = 0; i < base.length; i++) {
            Document doc = new Document();
            doc.add(new KnnFloatVectorField(FIELD, base[i], type));
            doc.add(new NumericDocValuesField(CodecRecall.ID_FIELD, i));
            doc.add(new StringField("sid", Integer.toString(i), Field.Store.NO));
            doc.add(new IntPoint("mod", i % 100));
            writer.addDocument(doc);
        }
    }

    private static Query knn(float[] q, Map<String, ?> params, Query filter) {
        return new VicinityKnnQuery(FIELD, q, K, filter, EUCLIDEAN, Float.POSITIVE_INFINITY, false, VicinitySearchStrategy.of(LshMethod.INSTANCE, params));
    }


    private static double recall(IndexSearcher searcher, SharedData.Loaded data, Map<String, ?> params, IntPredicate accepted) throws IOException {
        return CodecRecall.recall(searcher, data, QUERIES, K, EUCLIDEAN, q -> knn(q, params, null), accepted);
    }

    static LshFieldReader indexedField(LeafReader leaf) throws IOException {
        var fields = (PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) leaf).getVectorReader();
        MethodField field = ((IndexedFieldProvider) fields.getFieldReader(FIELD)).indexedField(FIELD);
        return (LshFieldReader) field;
    }

    private double[] recalls(SharedData.Loaded data) throws IOException {
        try (Directory dir = newFSDirectory(createTempDir()); IndexWriter writer = new IndexWriter(dir, config(10_000))) {
            addAll(writer, data.base(), Map.of());
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertEquals(1, reader.leaves().size());
                LshFieldReader field = indexedField(reader.leaves().get(0).reader());
                assertNotNull("the segment has tables", field);
                assertEquals(64, field.entry().tableCount());
                IndexSearcher searcher = new IndexSearcher(reader);
                return new double[] { recall(searcher, data, Map.of(), null), recall(searcher, data, Map.of("probes", 16, "candidates", 200), null) };
            }
        }
    }

    public void testRecallOnOneSegment() throws IOException {
        double[] digits = recalls(optdigits);
        double[] siftRecall = recalls(sift);
        System.out.println(String.format(Locale.ROOT, "lsh recall@10 through the codec, default / 16 probes and 200 candidates: optdigits %.4f %.4f,"
            + " sift-5k %.4f %.4f", digits[0], digits[1], siftRecall[0], siftRecall[1]));
        assertTrue("optdigits " + digits[0], digits[0] >= 0.975);
        assertTrue("optdigits " + digits[1], digits[1] >= 0.97);
        assertTrue("sift-5k " + siftRecall[0], siftRecall[0] >= 0.92);
        assertTrue("sift-5k " + siftRecall[1], siftRecall[1] >= 0.71);
    }

    public void testFilteredQueriesReturnKWhenKExist() throws IOException {
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, config(10_000))) {
            addAll(writer, optdigits.base(), Map.of());
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int upper : new int[] {29, 2}) {
                    Query filter = IntPoint.newRangeQuery("mod", 0, upper);
                    IntPredicate accepted = i -> i % 100 <= upper;
                    for (int q = 0; q < 20; q++) {
                        // few probes: the buckets alone may hold fewer than k accepted documents, the search must still find k
                        int[] got = CodecRecall.ids(searcher, searcher.search(knn(optdigits.queries()[q], Map.of("probes", 1, "candidates", 20), filter), K));
                        assertEquals(K, got.length);
                        for (int id : got) {
                            assertTrue(accepted.test(id));
                        }
                    }
                }
            }
        }
    }

    public void testDeletesAndMergesKeepRecall() throws IOException {
        float[][] base = optdigits.base();
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, config(1_100).setMergePolicy(newLogMergePolicy()))) {
            addAll(writer, base, Map.of());
            writer.commit();
            Set<Integer> deleted = new HashSet<>();
            for (int i = 0; i < base.length; i += 7) {
                writer.deleteDocuments(new Term("sid", Integer.toString(i)));
                deleted.add(i);
            }
            writer.forceMerge(2);
            for (int i = 3; i < base.length; i += 11) {
                if (deleted.add(i)) {
                    writer.deleteDocuments(new Term("sid", Integer.toString(i)));
                }
            }
            writer.forceMerge(1);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertEquals(1, reader.leaves().size());
                assertEquals("the merged tables hold the live vectors only", base.length - deleted.size(),
                    indexedField(reader.leaves().get(0).reader()).entry().size());
                double recall = recall(new IndexSearcher(reader), optdigits, Map.of(), i -> deleted.contains(i) == false);
                System.out.println(String.format(Locale.ROOT, "lsh optdigits recall@10 after deletes and merges: %.4f", recall));
                assertTrue("recall after merges " + recall, recall >= 0.975);
            }
        }
    }

    /**
     * Random families are the same functions in every segment: a merge combines the sources' buckets without hashing a
     * vector again, and the merged tables equal, key for key and ordinal for ordinal, those of a fresh build of the
     * same vectors.
     */
    public void testMergedBucketsEqualAFreshBuildForRandomFamilies() throws IOException {
        float[][] base = optdigits.base();
        Map<String, String> params = Map.of("hashes.0.type", "binary", "hashes.0.tables", "4", "hashes.0.center", "false",
            "hashes.1.type", "discretized", "hashes.1.tables", "2", "hashes.1.bin_width", "20", "seed", "7", "exact_below", "100");
        Map<Integer, int[][]> fresh = new HashMap<>();
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, config(10_000))) {
            addAll(writer, base, params);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                snapshot(indexedField(reader.leaves().get(0).reader()).tables(), fresh);
            }
        }
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, config(1_000).setMergePolicy(newLogMergePolicy()))) {
            addAll(writer, base, params);
            writer.forceMerge(1);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                Map<Integer, int[][]> merged = new HashMap<>();
                snapshot(indexedField(reader.leaves().get(0).reader()).tables(), merged);
                assertEquals(fresh.size(), merged.size());
                for (int t = 0; t < fresh.size(); t++) {
                    assertArrayEquals("table " + t + " keys", fresh.get(t)[0], merged.get(t)[0]);
                    assertArrayEquals("table " + t + " ordinals", fresh.get(t)[1], merged.get(t)[1]);
                }
            }
        }
    }

    private static void snapshot(TableAccess tables, Map<Integer, int[][]> into) {
        for (int t = 0; t < tables.tableCount(); t++) {
            int[] keys = new int[tables.size()];
            int[] ords = new int[tables.size()];
            for (int p = 0; p < keys.length; p++) {
                keys[p] = tables.key(t, p);
            }
            tables.ords(t, 0, ords.length, ords, 0);
            into.put(t, new int[][] { keys, ords });
        }
    }

    public void testParameters() {
        assertEquals(new LshQuery(12, 0), LshMethod.INSTANCE.parseQuery(Map.of("probes", 12, "candidates", "0")));
        assertSame(LshMethod.INSTANCE.defaultQuery(), LshMethod.INSTANCE.parseQuery(Map.of()));
        Map<Map<String, Object>, String> bad = Map.of(
            Map.of("probes", 0), "[probes] must be between [1] and [1048576] but was [0]",
            Map.of("candidates", -5), "[candidates] must be between [0] and [2147483647] but was [-5]",
            Map.of("search_k", 10), "unknown query parameter [search_k] for index method [lsh], expected one of [probes, candidates]");
        bad.forEach((params, message) -> {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> LshMethod.INSTANCE.parseQuery(params));
            assertEquals(message, e.getMessage());
        });
        VicinityFieldType.create(8, EUCLIDEAN, "lsh", Map.of("hashes.0.type", "binary", "hashes.0.tables", "4", "exact_below", "10"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> VicinityFieldType.create(8, EUCLIDEAN, "lsh", Map.of("hashes.0.type", "discretized", "hashes.0.bin_width", "-1")));
        assertEquals("[hashes.0.bin_width] must be a finite number > [0] but was [-1]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(8, Metrics.byName("manhattan", Float.NaN), "lsh", Map.of()));
        assertTrue(e.getMessage(), e.getMessage().contains("manhattan"));
    }
}
