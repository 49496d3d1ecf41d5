package dev.vicinity.codec;

import dev.vicinity.VicinityTestData;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One index holding a Vicinity field and a plain HNSW field, over several segments, deletes and a force-merge: each
 * field lands in its own format's files, only segments with a Vicinity field get Vicinity files, both fields stay
 * searchable with their own scoring, and CheckIndex passes.
 */
public class VicinityCodecRoutingTests extends LuceneTestCase {

    private static final String VICINITY = "vic";
    private static final String PLAIN = "plain";
    private static final int DIMS = 6;

    public void testRoutingSearchAndMerge() throws IOException {
        Metric metric = Metrics.byName(random().nextBoolean() ? "euclidean" : "sqeuclidean", Float.NaN);
        FieldType vicinityType = VicinityFieldType.create(DIMS, metric, "exact", Map.of());
        int perSegment = TestUtil.nextInt(random(), 5, 40);
        float[][] vicinityVectors = new float[3 * perSegment][];
        float[][] plainVectors = new float[3 * perSegment][];

        try (Directory dir = newDirectory()) {
            TieredMergePolicy mergePolicy = new TieredMergePolicy();
            mergePolicy.setNoCFSRatio(0.0);
            IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec())
                .setUseCompoundFile(false)
                .setMergePolicy(mergePolicy)
                .setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH)
                .setRAMBufferSizeMB(256);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                int id = 0;
                // Segment 1: plain field only. Segment 2: both fields. Segment 3: Vicinity field only.
                for (int segment = 0; segment < 3; segment++) {
                    for (int i = 0; i < perSegment; i++, id++) {
                        Document doc = new Document();
                        doc.add(new StringField("id", Integer.toString(id), Field.Store.NO));
                        doc.add(new StoredField("sid", id));
                        if (segment <= 1 && random().nextInt(5) != 0) {
                            plainVectors[id] = VicinityTestData.randomVector(random(), DIMS);
                            doc.add(new KnnFloatVectorField(PLAIN, plainVectors[id], VectorSimilarityFunction.EUCLIDEAN));
                        }
                        if (segment >= 1 && random().nextInt(5) != 0) {
                            vicinityVectors[id] = VicinityTestData.randomVector(random(), DIMS);
                            doc.add(new KnnFloatVectorField(VICINITY, vicinityVectors[id], vicinityType));
                        }
                        writer.addDocument(doc);
                    }
                    writer.commit();
                }
                assertSegmentFiles(dir, 3);

                for (int i = 0; i < perSegment / 3; i++) {
                    int deleted = random().nextInt(3 * perSegment);
                    writer.deleteDocuments(new Term("id", Integer.toString(deleted)));
                    vicinityVectors[deleted] = null;
                    plainVectors[deleted] = null;
                }
                writer.commit();
                assertSearches(dir, metric, vicinityVectors, plainVectors);
                TestUtil.checkIndex(dir);

                writer.forceMerge(1);
                writer.commit();
                assertSegmentFiles(dir, 1);
                assertSearches(dir, metric, vicinityVectors, plainVectors);
                TestUtil.checkIndex(dir);
            }
        }
    }

    /** Each segment has HNSW files exactly when it has the plain field, Vicinity files exactly when it has a Vicinity field. */
    private static void assertSegmentFiles(Directory dir, int expectedSegments) throws IOException {
        SegmentInfos infos = SegmentInfos.readLatestCommit(dir);
        assertEquals(expectedSegments, infos.size());
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                SegmentCommitInfo info = infos.info(leaf.ord);
                Set<String> files = new HashSet<>(info.files());
                String prefix = info.info.name + "_";
                boolean hasPlain = hasVectors(leaf, PLAIN);
                boolean hasVicinity = hasVectors(leaf, VICINITY);
                assertEquals(files.toString(), hasPlain, files.contains(prefix + "Lucene99HnswVectorsFormat_0.vex"));
                assertEquals(files.toString(), hasPlain, files.contains(prefix + "Lucene99HnswVectorsFormat_0.vec"));
                assertEquals(files.toString(), hasVicinity, files.contains(prefix + VicinityVectorsFormat.NAME + "_0.vem"));
                assertEquals(files.toString(), hasVicinity, files.contains(prefix + VicinityVectorsFormat.NAME + "_0.vec"));
                assertTrue(files.stream().noneMatch(f -> f.contains(VicinityVectorsFormat.NAME) && f.endsWith(".vex")));
                // Lucene's own per-field reader reads the segment, so HNSW merges can reuse the plain field's graphs.
                KnnVectorsReader vectors = ((CodecReader) leaf.reader()).getVectorReader();
                assertTrue(vectors instanceof PerFieldKnnVectorsFormat.FieldsReader);
                if (hasPlain) {
                    assertTrue(((PerFieldKnnVectorsFormat.FieldsReader) vectors).getFieldReader(PLAIN) instanceof HnswGraphProvider);
                }
                if (hasVicinity) {
                    FieldInfo fi = leaf.reader().getFieldInfos().fieldInfo(VICINITY);
                    assertEquals(VicinityVectorsFormat.NAME, fi.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
                }
                if (hasPlain) {
                    FieldInfo fi = leaf.reader().getFieldInfos().fieldInfo(PLAIN);
                    assertEquals("Lucene99HnswVectorsFormat", fi.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
                    assertFalse(VicinityFieldType.isVicinityField(fi));
                }
            }
        }
    }

    private static boolean hasVectors(LeafReaderContext leaf, String field) {
        FieldInfo fi = leaf.reader().getFieldInfos().fieldInfo(field);
        return fi != null && fi.hasVectorValues();
    }

    private static void assertSearches(Directory dir, Metric metric, float[][] vicinityVectors, float[][] plainVectors)
        throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = newSearcher(reader);
            float[] query = VicinityTestData.randomVector(random(), DIMS);
            int all = vicinityVectors.length;

            // Vicinity field: exact top k under the field's metric.
            int k = TestUtil.nextInt(random(), 1, all);
            TopDocs vicinity = searcher.search(new VicinityKnnQuery(VICINITY, query, k, null, metric), all);
            List<VicinityTestData.Neighbour> expected = VicinityTestData.nearest(vicinityVectors, query, metric, k, id -> true);
            assertEquals(expected.size(), vicinity.scoreDocs.length);
            for (int i = 0; i < expected.size(); i++) {
                float[] vector = vicinityVectors[idOf(searcher, vicinity.scoreDocs[i])];
                float distance = metric.distance(query, vector);
                assertEquals(expected.get(i).distance(), distance, VicinityTestData.tolerance(distance));
                assertEquals(metric.score(distance), vicinity.scoreDocs[i].score, VicinityTestData.tolerance(metric.score(distance)));
            }

            // Plain field: with k at least the number of vectors HNSW scores every vector, with Lucene's euclidean score.
            TopDocs plain = searcher.search(new KnnFloatVectorQuery(PLAIN, query, all), all);
            int plainCount = 0;
            for (float[] v : plainVectors) {
                plainCount += v == null ? 0 : 1;
            }
            assertEquals(plainCount, plain.scoreDocs.length);
            for (ScoreDoc hit : plain.scoreDocs) {
                float[] vector = plainVectors[idOf(searcher, hit)];
                assertEquals(VectorSimilarityFunction.EUCLIDEAN.compare(query, vector), hit.score, 0f);
            }
        }
    }

    private static int idOf(IndexSearcher searcher, ScoreDoc hit) throws IOException {
        return searcher.storedFields().document(hit.doc).getField("sid").numericValue().intValue();
    }
}
