package dev.vicinity.codec.forest;

import dev.vicinity.codec.CodecRecall;
import dev.vicinity.codec.IndexedFieldProvider;
import dev.vicinity.codec.MethodField;
import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.codec.VicinitySearchStrategy;
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
 * The {@code forest} method through the whole codec on {@code optdigits-64-euclidean} (3,823 vectors of 64 dims) and
 * {@code sift-5k-128-euclidean}: recall floors through {@link VicinityKnnQuery}, the forest path really taken,
 * filters, deletes and merges, persisted parameters, query parameter checks.
 *
 * <p>Recall@10 pinned here (first {@value #QUERIES} queries, 16 trees, leaves of 32, seed 42, one segment), measured:
 * optdigits 0.905 / 0.991 / 0.999 at search_k 160 / 640 / 2,560 (the default for k = 10), sift-5k 0.638 / 0.892 /
 * 0.993; floors about 0.02 below (builds are deterministic for the seed; the margin covers a change of float rounding).
 * After deletes and two merges (optdigits, default search_k): measured 0.999, floor 0.975.
 */
public class ForestCodecTests extends LuceneTestCase {

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

    private static FieldType type(int dims) {
        return VicinityFieldType.create(dims, EUCLIDEAN, "forest", Map.of("seed", "42"));
    }

    private static IndexWriterConfig config(int maxBufferedDocs) {
        return new IndexWriterConfig().setCodec(new VicinityCodec())
            .setUseCompoundFile(false)
            .setMaxBufferedDocs(maxBufferedDocs)
            .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH)
            .setMergePolicy(NoMergePolicy.INSTANCE);
    }

    private static void addAll(IndexWriter writer, float[][] base) throws IOException {
        FieldType type = type(base[0].length);
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
        return new VicinityKnnQuery(FIELD, q, K, filter, EUCLIDEAN, Float.POSITIVE_INFINITY, false,
            VicinitySearchStrategy.of(ForestMethod.INSTANCE, params));
    }


    /** Recall@10 against {@code truth}, or against a brute force over the accepted ids when {@code accepted} is given. */
    private static double recall(IndexSearcher searcher, SharedData.Loaded data, Map<String, ?> params, IntPredicate accepted) throws IOException {
        return CodecRecall.recall(searcher, data, QUERIES, K, EUCLIDEAN, q -> knn(q, params, null), accepted);
    }

    static MethodField indexedField(LeafReader leaf) throws IOException {
        var fields = (PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) leaf).getVectorReader();
        return ((IndexedFieldProvider) fields.getFieldReader(FIELD)).indexedField(FIELD);
    }

    private double[] recalls(SharedData.Loaded data) throws IOException {
        try (Directory dir = newFSDirectory(createTempDir()); IndexWriter writer = new IndexWriter(dir, config(10_000))) {
            addAll(writer, data.base());
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertEquals(1, reader.leaves().size());
                ForestFieldReader field = (ForestFieldReader) indexedField(reader.leaves().get(0).reader());
                assertNotNull("the segment has a forest", field);
                assertEquals(16, field.entry().treeCount());
                assertEquals(42L, field.entry().params().seed());
                IndexSearcher searcher = new IndexSearcher(reader);
                return new double[] {
                    recall(searcher, data, Map.of("search_k", 160), null),
                    recall(searcher, data, Map.of("search_k", 640), null),
                    recall(searcher, data, Map.of(), null) };
            }
        }
    }

    public void testRecallOnOneSegment() throws IOException {
        double[] digits = recalls(optdigits);
        double[] siftRecall = recalls(sift);
        System.out.println(String.format(Locale.ROOT, "forest recall@10 through the codec, search_k 160 / 640 / default: optdigits %.4f %.4f %.4f,"
            + " sift-5k %.4f %.4f %.4f", digits[0], digits[1], digits[2], siftRecall[0], siftRecall[1], siftRecall[2]));
        assertTrue("optdigits " + digits[0], digits[0] >= 0.885);
        assertTrue("optdigits " + digits[1], digits[1] >= 0.97);
        assertTrue("optdigits " + digits[2], digits[2] >= 0.98);
        assertTrue("sift-5k " + siftRecall[0], siftRecall[0] >= 0.615);
        assertTrue("sift-5k " + siftRecall[1], siftRecall[1] >= 0.87);
        assertTrue("sift-5k " + siftRecall[2], siftRecall[2] >= 0.97);
        assertTrue("search_k buys recall", digits[0] < digits[1] && siftRecall[0] < siftRecall[1] && siftRecall[1] < siftRecall[2]);
    }

    public void testFilteredQueriesReturnKWhenKExist() throws IOException {
        float[][] base = optdigits.base();
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, config(10_000))) {
            addAll(writer, base);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                // 30%: the forest with accept bits; 3%: exact (under a tenth of the segment)
                for (int upper : new int[] {29, 2}) {
                    Query filter = IntPoint.newRangeQuery("mod", 0, upper);
                    IntPredicate accepted = i -> i % 100 <= upper;
                    for (int q = 0; q < 20; q++) {
                        int[] got = CodecRecall.ids(searcher, searcher.search(knn(optdigits.queries()[q], Map.of("search_k", 200), filter), K));
                        assertEquals(K, got.length);
                        for (int id : got) {
                            assertTrue(accepted.test(id));
                        }
                    }
                }
            }
        }
    }

    /** Deleted documents leave the forests; merged segments get forests of their own live vectors. */
    public void testDeletesAndMergesKeepRecall() throws IOException {
        float[][] base = optdigits.base();
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, config(1_100).setMergePolicy(newLogMergePolicy()))) {
            addAll(writer, base);
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
                assertEquals(base.length - deleted.size(), reader.numDocs());
                ForestFieldReader field = (ForestFieldReader) indexedField(reader.leaves().get(0).reader());
                assertEquals("the merged forest holds the live vectors only", base.length - deleted.size(), field.entry().size());
                double recall = recall(new IndexSearcher(reader), optdigits, Map.of(), i -> deleted.contains(i) == false);
                System.out.println(String.format(Locale.ROOT, "forest optdigits recall@10 after deletes and merges: %.4f", recall));
                assertTrue("recall after merges " + recall, recall >= 0.975);
            }
        }
    }

    public void testQueryParameters() {
        assertEquals(new ForestQuery(500, 2), ForestMethod.INSTANCE.parseQuery(Map.of("search_k", 500, "votes", "2")));
        assertSame(ForestMethod.INSTANCE.defaultQuery(), ForestMethod.INSTANCE.parseQuery(Map.of()));
        Map<Map<String, Object>, String> bad = new HashMap<>();
        bad.put(Map.of("search_k", 0), "[search_k] must be between [1] and [67108864] but was [0]");
        bad.put(Map.of("search_k", 2.5), "[search_k] must be an integer but was [2.5]");
        bad.put(Map.of("votes", 2000), "[votes] must be between [1] and [1024] but was [2000]");
        bad.put(Map.of("epsilon", 0.1), "unknown query parameter [epsilon] for index method [forest], expected one of [search_k, votes]");
        bad.forEach((params, message) -> {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> ForestMethod.INSTANCE.parseQuery(params));
            assertEquals(message, e.getMessage());
        });
    }

    public void testBuildParameters() {
        VicinityFieldType.create(8, EUCLIDEAN, "forest", Map.of("n_trees", "-1", "leaf_size", "64", "split_dims", "4", "exact_below", "10"));
        Map<Map<String, String>, String> bad = Map.of(
            Map.of("n_trees", "0"), "[n_trees] must be between [1] and [1024], or [-1] for automatic, but was [0]",
            Map.of("leaf_size", "1"), "[leaf_size] must be between [2] and [4096] but was [1]",
            Map.of("seed", "x"), "[seed] must be an integer but was [x]",
            Map.of("n_neighbors", "5"), "unknown parameter [n_neighbors] for index method [forest], expected one of [n_trees, leaf_size, split_dims, seed]"
        );
        bad.forEach((params, message) -> {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(8, EUCLIDEAN, "forest", params));
            assertEquals(message, e.getMessage());
        });
    }
}
