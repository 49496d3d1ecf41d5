package dev.vicinity.search;

import dev.vicinity.VicinityTestData;
import dev.vicinity.VicinityTestData.Neighbour;
import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.search.QueryUtils;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * {@link VicinityKnnQuery} against a brute-force oracle: random vectors over several segments with deletes, with and
 * without filters (restrictive ones send Lucene to its exact fallback), with and without a distance threshold.
 */
public class VicinityKnnQueryTests extends LuceneTestCase {

    private static final String FIELD = "vec";
    private static final int TAGS = 7;

    private Metric metric;
    private int dims;
    private float[][] vectors;
    private int[] tags;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        metric = Metrics.byName(random().nextBoolean() ? "euclidean" : "sqeuclidean", Float.NaN);
        dims = TestUtil.nextInt(random(), 1, 24);
    }

    /** Indexes {@code numDocs} documents (some without a vector) over several segments, then deletes some. */
    private Directory buildIndex(int numDocs) throws IOException {
        Directory dir = newDirectory();
        vectors = new float[numDocs][];
        tags = new int[numDocs];
        FieldType type = VicinityFieldType.create(dims, metric, "exact", Map.of());
        IndexWriterConfig config = newIndexWriterConfig().setCodec(new VicinityCodec())
            .setMaxBufferedDocs(TestUtil.nextInt(random(), 5, 60));
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (int id = 0; id < numDocs; id++) {
                Document doc = new Document();
                doc.add(new StringField("id", Integer.toString(id), Field.Store.NO));
                doc.add(new StoredField("sid", id));
                tags[id] = random().nextInt(TAGS);
                doc.add(new StringField("tag", Integer.toString(tags[id]), Field.Store.NO));
                if (random().nextInt(8) != 0) {
                    vectors[id] = VicinityTestData.randomVector(random(), dims);
                    doc.add(new KnnFloatVectorField(FIELD, vectors[id], type));
                }
                writer.addDocument(doc);
                if (random().nextInt(40) == 0) {
                    writer.commit();
                }
            }
            for (int i = 0; i < numDocs / 10; i++) {
                int deleted = random().nextInt(numDocs);
                writer.deleteDocuments(new Term("id", Integer.toString(deleted)));
                vectors[deleted] = null;
            }
        }
        return dir;
    }

    public void testTopKMatchesBruteForce() throws IOException {
        int numDocs = TestUtil.nextInt(random(), 20, 400);
        try (Directory dir = buildIndex(numDocs); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = newSearcher(reader);
            for (int iter = 0; iter < 20; iter++) {
                float[] query = VicinityTestData.randomVector(random(), dims);
                int k = TestUtil.nextInt(random(), 1, numDocs + 10);
                int filterKind = random().nextInt(3);
                Query filter = filter(filterKind);
                IntPredicate accept = accept(filterKind);
                List<Neighbour> expected = VicinityTestData.nearest(vectors, query, metric, k, accept);
                assertHits(searcher, new VicinityKnnQuery(FIELD, query, k, filter, metric), query, expected, accept);
            }
        }
    }

    /**
     * The rewrite reports the candidates it measured: in one segment (no second search by Lucene's optimistic
     * collection) the exact method measures every live vector once, so the count is exactly their number.
     */
    public void testRewriteCountsTheCandidatesMeasured() throws IOException {
        int numDocs = TestUtil.nextInt(random(), 20, 300);
        try (Directory dir = buildIndex(numDocs)) {
            try (IndexWriter writer = new IndexWriter(dir, newIndexWriterConfig().setCodec(new VicinityCodec()))) {
                writer.forceMerge(1);
            }
            long live = Arrays.stream(vectors).filter(Objects::nonNull).count();
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertEquals(1, reader.leaves().size());
                IndexSearcher searcher = newSearcher(reader);
                VicinityKnnQuery query = new VicinityKnnQuery(FIELD, VicinityTestData.randomVector(random(), dims), 3, null, metric);
                Query rewritten = searcher.rewrite(query);
                assertTrue(rewritten.getClass().getName(), rewritten instanceof VicinityKnnHits);
                VicinityKnnHits hits = (VicinityKnnHits) rewritten;
                assertEquals(live, hits.candidatesExamined());
                assertEquals("VicinityKnnHits[field=vec, k=3, candidates_examined=" + live + "]", hits.toString());
                assertEquals(Math.min(3, live), searcher.search(rewritten, 10).scoreDocs.length);
                // a second rewrite of the same query counts afresh
                assertEquals(live, ((VicinityKnnHits) searcher.rewrite(query)).candidatesExamined());
            }
        }
    }

    /** The ground-truth mode scores every accepted document: the brute-force answer, with filters, deletes and a threshold. */
    public void testExactModeMatchesBruteForce() throws IOException {
        int numDocs = TestUtil.nextInt(random(), 20, 400);
        try (Directory dir = buildIndex(numDocs); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = newSearcher(reader);
            for (int iter = 0; iter < 10; iter++) {
                float[] query = VicinityTestData.randomVector(random(), dims);
                int k = TestUtil.nextInt(random(), 1, numDocs + 10);
                int filterKind = random().nextInt(3);
                IntPredicate accept = accept(filterKind);
                List<Neighbour> expected = VicinityTestData.nearest(vectors, query, metric, k, accept);
                VicinityKnnQuery q = new VicinityKnnQuery(FIELD, query, k, filter(filterKind), metric, Float.POSITIVE_INFINITY, true);
                assertTrue(q.isExact());
                assertHits(searcher, q, query, expected, accept);
            }
        }
    }

    public void testMaxDistanceDropsExactlyTheFartherHits() throws IOException {
        int numDocs = TestUtil.nextInt(random(), 20, 300);
        try (Directory dir = buildIndex(numDocs); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = newSearcher(reader);
            for (int iter = 0; iter < 20; iter++) {
                float[] query = VicinityTestData.randomVector(random(), dims);
                int k = TestUtil.nextInt(random(), 1, numDocs);
                int filterKind = random().nextInt(3);
                IntPredicate accept = accept(filterKind);
                List<Neighbour> nearest = VicinityTestData.nearest(vectors, query, metric, k, accept);
                // A threshold equal to one of the distances puts hits exactly on the boundary.
                float maxDistance = nearest.isEmpty() || random().nextInt(4) == 0
                    ? random().nextFloat() * dims
                    : nearest.get(random().nextInt(nearest.size())).distance();
                List<Neighbour> expected = nearest.stream().filter(n -> n.distance() <= maxDistance).toList();
                VicinityKnnQuery q = new VicinityKnnQuery(FIELD, query, k, filter(filterKind), metric, maxDistance);
                List<Float> distances = assertHits(searcher, q, query, expected, accept);
                for (float distance : distances) {
                    assertTrue(distance + " > " + maxDistance, distance <= maxDistance);
                }
            }
        }
    }

    public void testKLargerThanLiveDocsReturnsAll() throws IOException {
        int numDocs = TestUtil.nextInt(random(), 1, 100);
        try (Directory dir = buildIndex(numDocs); DirectoryReader reader = DirectoryReader.open(dir)) {
            float[] query = VicinityTestData.randomVector(random(), dims);
            int withVectors = 0;
            for (float[] v : vectors) {
                withVectors += v == null ? 0 : 1;
            }
            TopDocs hits = newSearcher(reader).search(new VicinityKnnQuery(FIELD, query, numDocs + 5, null, metric), numDocs + 5);
            assertEquals(withVectors, hits.scoreDocs.length);
        }
    }

    /**
     * A filter matching fewer documents than {@code k} makes Lucene skip the codec's search and score the filtered
     * documents itself through {@code FloatVectorValues#scorer}: the scores must still be the metric's.
     */
    public void testExactFallbackScoresWithTheMetric() throws IOException {
        // sqeuclidean's score equals Lucene's EUCLIDEAN score, so only euclidean tells the two formulas apart.
        metric = Metrics.byName("euclidean", Float.NaN);
        try (Directory dir = buildIndex(TestUtil.nextInt(random(), 50, 200)); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = newSearcher(reader);
            float[] query = VicinityTestData.randomVector(random(), dims);
            int tag = random().nextInt(TAGS);
            Query filter = new TermQuery(new Term("tag", Integer.toString(tag)));
            IntPredicate accept = id -> tags[id] == tag;
            int k = vectors.length; // more than the filter matches in any segment
            List<Neighbour> expected = VicinityTestData.nearest(vectors, query, metric, k, accept);
            assertHits(searcher, new VicinityKnnQuery(FIELD, query, k, filter, metric), query, expected, accept);
        }
    }

    /** Checks hits against the oracle by distance (so ties may resolve to either document); returns their distances. */
    private List<Float> assertHits(IndexSearcher searcher, VicinityKnnQuery query, float[] target, List<Neighbour> expected, IntPredicate accept)
        throws IOException {
        TopDocs hits = searcher.search(query, Math.max(1, vectors.length));
        assertEquals(query.toString(), expected.size(), hits.scoreDocs.length);
        List<Float> distances = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < hits.scoreDocs.length; i++) {
            ScoreDoc hit = hits.scoreDocs[i];
            int id = searcher.storedFields().document(hit.doc).getField("sid").numericValue().intValue();
            assertTrue(seen.add(id));
            assertNotNull("deleted or vector-less doc returned", vectors[id]);
            assertTrue("filter not honoured", accept.test(id));
            float distance = metric.distance(target, vectors[id]);
            assertEquals("rank " + i, expected.get(i).distance(), distance, VicinityTestData.tolerance(distance));
            assertEquals(metric.score(distance), hit.score, VicinityTestData.tolerance(metric.score(distance)));
            distances.add(distance);
        }
        return distances;
    }

    /** 0: no filter, 1: one tag (restrictive), 2: three tags. */
    private static Query filter(int kind) {
        return switch (kind) {
            case 0 -> null;
            case 1 -> new TermQuery(new Term("tag", "1"));
            default -> new BooleanQuery.Builder().add(new TermQuery(new Term("tag", "2")), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term("tag", "3")), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term("tag", "5")), BooleanClause.Occur.SHOULD)
                .build();
        };
    }

    private IntPredicate accept(int kind) {
        return switch (kind) {
            case 0 -> id -> true;
            case 1 -> id -> tags[id] == 1;
            default -> id -> tags[id] == 2 || tags[id] == 3 || tags[id] == 5;
        };
    }

    public void testRejectsOtherFieldsAndMetrics() throws IOException {
        try (Directory dir = buildIndex(10); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = newSearcher(reader);
            float[] query = VicinityTestData.randomVector(random(), dims);
            Metric other = Metrics.byName(metric.name().equals("euclidean") ? "sqeuclidean" : "euclidean", Float.NaN);
            if (vectors.length > 0 && java.util.Arrays.stream(vectors).anyMatch(v -> v != null)) {
                IllegalArgumentException e = expectThrows(
                    IllegalArgumentException.class,
                    () -> searcher.search(new VicinityKnnQuery(FIELD, query, 3, null, other), 3)
                );
                assertTrue(e.getMessage(), e.getMessage().contains("[" + metric.name() + "]"));
                e = expectThrows(
                    IllegalArgumentException.class,
                    () -> searcher.search(new VicinityKnnQuery(FIELD, new float[dims + 1], 3, null, metric), 3)
                );
                assertEquals("field [vec] has [" + dims + "] dims but the query vector has [" + (dims + 1) + "]", e.getMessage());
            }
            // A field that does not exist simply matches nothing.
            assertEquals(0, searcher.search(new VicinityKnnQuery("missing", query, 3, null, metric), 3).scoreDocs.length);
        }
        try (Directory dir = newDirectory()) {
            try (IndexWriter writer = new IndexWriter(dir, newIndexWriterConfig().setCodec(new VicinityCodec()))) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("plain", new float[] { 1, 2 }));
                writer.addDocument(doc);
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IllegalArgumentException e = expectThrows(
                    IllegalArgumentException.class,
                    () -> newSearcher(reader).search(new VicinityKnnQuery("plain", new float[] { 1, 2 }, 1, null, metric), 1)
                );
                assertEquals("field [plain] is not a vicinity vector field", e.getMessage());
            }
        }
    }

    public void testEqualsHashCodeToString() {
        float[] v = { 1f, 2f };
        Metric euclidean = Metrics.byName("euclidean", Float.NaN);
        Metric sq = Metrics.byName("sqeuclidean", Float.NaN);
        Query filter = new TermQuery(new Term("tag", "1"));
        VicinityKnnQuery q = new VicinityKnnQuery("f", v, 3, filter, euclidean, 2f);
        QueryUtils.checkEqual(q, new VicinityKnnQuery("f", new float[] { 1f, 2f }, 3, new TermQuery(new Term("tag", "1")), euclidean, 2f));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("g", v, 3, filter, euclidean, 2f));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("f", new float[] { 1f, 3f }, 3, filter, euclidean, 2f));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("f", v, 4, filter, euclidean, 2f));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("f", v, 3, null, euclidean, 2f));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("f", v, 3, filter, sq, 2f));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("f", v, 3, filter, euclidean, 3f));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("f", v, 3, filter, euclidean));
        QueryUtils.checkUnequal(q, new VicinityKnnQuery("f", v, 3, filter, euclidean, 2f, true));
        assertEquals("VicinityKnnQuery:f[1.0,...][3][metric=euclidean][exact]",
            new VicinityKnnQuery("f", v, 3, null, euclidean, Float.POSITIVE_INFINITY, true).toString());
        assertEquals("VicinityKnnQuery:f[1.0,...][3][metric=euclidean][max_distance=2.0][tag:1]", q.toString());
        assertEquals("VicinityKnnQuery:f[1.0,...][3][metric=euclidean]", new VicinityKnnQuery("f", v, 3, null, euclidean).toString());
        expectThrows(IllegalArgumentException.class, () -> new VicinityKnnQuery("f", v, 0, null, euclidean));
        expectThrows(IllegalArgumentException.class, () -> new VicinityKnnQuery("f", v, 3, null, euclidean, Float.NaN));
        expectThrows(IllegalArgumentException.class, () -> new VicinityKnnQuery("f", new float[] { Float.NaN, 1f }, 3, null, euclidean));
        expectThrows(NullPointerException.class, () -> new VicinityKnnQuery("f", v, 3, null, null));
    }

    public void testVisitSeesTheFieldAndTheFilter() {
        Query filter = new TermQuery(new Term("tag", "1"));
        VicinityKnnQuery q = new VicinityKnnQuery("f", new float[] { 1f }, 3, filter, Metrics.byName("euclidean", Float.NaN));
        List<Query> leaves = new ArrayList<>();
        Set<Term> terms = new HashSet<>();
        List<BooleanClause.Occur> occurs = new ArrayList<>();
        q.visit(new QueryVisitor() {
            @Override
            public void visitLeaf(Query query) {
                leaves.add(query);
            }

            @Override
            public void consumeTerms(Query query, Term... ts) {
                terms.addAll(List.of(ts));
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                occurs.add(occur);
                return this;
            }
        });
        assertEquals(List.of(q), leaves);
        assertEquals(Set.of(new Term("tag", "1")), terms);
        assertEquals(List.of(BooleanClause.Occur.FILTER), occurs);
    }
}
