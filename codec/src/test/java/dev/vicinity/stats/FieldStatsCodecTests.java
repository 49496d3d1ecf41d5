package dev.vicinity.stats;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statistics through the codec alone (no Elasticsearch): segments with structures and without, vectors, off-heap
 * bytes and heap ({@link FieldSegmentStats}), and the counters the writer and the query record ({@link CounterRegistry}):
 * flush builds, merges seeded or from scratch, searches. Segments are flushed in batches drawn on both sides of
 * {@code exact_below}, so which segments get structures follows from the draw.
 */
public class FieldStatsCodecTests extends LuceneTestCase {

    private static final int DIMS = 8;
    private static final int EXACT_BELOW = 20;
    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);

    /** Field name to method and build parameters; every method, the structured ones with a small exact_below. */
    private static final Map<String, Map<String, String>> FIELDS = new LinkedHashMap<>();
    private static final Map<String, String> METHODS = new LinkedHashMap<>();

    static {
        METHODS.put("e", "exact");
        FIELDS.put("e", Map.of());
        METHODS.put("g", "nndescent");
        FIELDS.put("g", Map.of("n_neighbors", "4", "exact_below", Integer.toString(EXACT_BELOW)));
        METHODS.put("f", "forest");
        FIELDS.put("f", Map.of("n_trees", "3", "exact_below", Integer.toString(EXACT_BELOW)));
        METHODS.put("l", "lsh");
        FIELDS.put("l", Map.of("exact_below", Integer.toString(EXACT_BELOW)));
    }

    public void testSegmentsCountersAndMerges() throws Exception {
        // at least one batch with a structure and one without, the rest drawn
        int[] batches = new int[2 + random().nextInt(3)];
        batches[0] = EXACT_BELOW + random().nextInt(30);
        batches[1] = 2 + random().nextInt(EXACT_BELOW - 2);
        for (int b = 2; b < batches.length; b++) {
            batches[b] = 2 + random().nextInt(2 * EXACT_BELOW);
        }
        int total = 0;
        int structured = 0;
        long structuredVectors = 0;
        for (int size : batches) {
            total += size;
            structured += size >= EXACT_BELOW ? 1 : 0;
            structuredVectors += size >= EXACT_BELOW ? size : 0;
        }
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec()).setUseCompoundFile(random().nextBoolean())
            .setMaxBufferedDocs(10_000).setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH).setMergePolicy(NoMergePolicy.INSTANCE);
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, config)) {
            for (int size : batches) {
                for (int i = 0; i < size; i++) {
                    writer.addDocument(document());
                }
                writer.flush();
            }
            int searches = 1 + random().nextInt(5);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertEquals(batches.length, reader.leaves().size());
                for (String field : FIELDS.keySet()) {
                    boolean builds = METHODS.get(field).equals("exact") == false;
                    FieldSegmentStats stats = FieldSegmentStats.of(reader, field);
                    assertEquals(field, batches.length, stats.segments());
                    assertEquals(field, builds ? structured : 0, stats.structured());
                    assertEquals(field, batches.length - stats.structured(), stats.exact());
                    assertEquals(field, total, stats.vectors());
                    assertEquals(field, (long) DIMS * Float.BYTES * total, (long) stats.offHeapBytes().get("vec"));
                    assertEquals(field, builds, stats.offHeapBytes().getOrDefault("vex", 0L) > 0);
                    assertEquals(field, stats.offHeapBytes().get("vec") + stats.offHeapBytes().getOrDefault("vex", 0L), stats.offHeapTotal());
                    assertTrue(field + " heap " + stats.heapBytes(), stats.heapBytes() > 0);

                    FieldCounts counts = CounterRegistry.snapshot(dir).getOrDefault(field, FieldCounts.NONE);
                    assertEquals(field, builds ? structured : 0, counts.flushes().count());
                    assertEquals(field, builds ? structuredVectors : 0, counts.flushes().vectors());
                    assertEquals(field, 0, counts.merges().count());
                    assertEquals(field, 0, counts.queries());
                }
                // LSH's hash functions live on the heap: a field with tables holds more than one scanned exactly
                assertTrue(FieldSegmentStats.of(reader, "l").heapBytes() > FieldSegmentStats.of(reader, "e").heapBytes());
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int s = 0; s < searches; s++) {
                    searcher.search(new VicinityKnnQuery("g", vector(), 3, null, EUCLIDEAN), 3);
                }
                searcher.search(new VicinityKnnQuery("f", vector(), 3, null, EUCLIDEAN), 3);
            }
            Map<String, FieldCounts> counts = CounterRegistry.snapshot(dir);
            assertEquals(searches, counts.get("g").queries());
            assertTrue(counts.get("g").queryNanos() > 0);
            assertEquals(1, counts.get("f").queries());
            assertEquals(0, counts.getOrDefault("l", FieldCounts.NONE).queries());

            // one merge of every segment: nndescent seeds from the graphs it finds, lsh combines buckets only when every
            // source has tables (one batch had none), a forest is always built from scratch, exact builds nothing
            writer.getConfig().setMergePolicy(new TieredMergePolicy());
            writer.forceMerge(1);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertEquals(1, reader.leaves().size());
                assertEquals(1, FieldSegmentStats.of(reader, "g").structured());
            }
            counts = CounterRegistry.snapshot(dir);
            assertMerge(counts.get("g"), 1, 0, total);
            assertMerge(counts.get("l"), 0, 1, total);
            assertMerge(counts.get("f"), 0, 1, total);
            assertEquals(FieldCounts.BuildTotals.NONE, counts.getOrDefault("e", FieldCounts.NONE).merges());
            assertEquals(structured, counts.get("g").flushes().count());

            // a second merge whose two sources both have tables: now lsh combines their buckets too
            int more = EXACT_BELOW + random().nextInt(20);
            for (int i = 0; i < more; i++) {
                writer.addDocument(document());
            }
            writer.flush();
            writer.forceMerge(1);
            counts = CounterRegistry.snapshot(dir);
            assertMerge(counts.get("g"), 2, 0, 2L * total + more);
            assertMerge(counts.get("l"), 1, 1, 2L * total + more);
            assertMerge(counts.get("f"), 0, 2, 2L * total + more);
            assertEquals(structured + 1, counts.get("l").flushes().count());
        }
    }

    /** A reader without segments has nothing to report and a search over it counts nothing. */
    public void testEmptyIndex() throws Exception {
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setCodec(new VicinityCodec()))) {
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertEquals(FieldSegmentStats.NONE, FieldSegmentStats.of(reader, "g"));
                new IndexSearcher(reader).search(new VicinityKnnQuery("g", vector(), 3, null, EUCLIDEAN), 3);
            }
            assertTrue(CounterRegistry.snapshot(dir).isEmpty());
        }
    }

    private static void assertMerge(FieldCounts counts, long seeded, long scratch, long vectors) {
        assertEquals("seeded merges", seeded, counts.seededMerges().count());
        assertEquals("scratch merges", scratch, counts.scratchMerges().count());
        assertEquals("merged vectors", vectors, counts.merges().vectors());
    }

    private static Document document() {
        Document doc = new Document();
        for (Map.Entry<String, Map<String, String>> field : FIELDS.entrySet()) {
            doc.add(new KnnFloatVectorField(field.getKey(), vector(),
                VicinityFieldType.create(DIMS, EUCLIDEAN, METHODS.get(field.getKey()), field.getValue())));
        }
        return doc;
    }

    private static float[] vector() {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = random().nextFloat() * 10 - 5;
        }
        return v;
    }
}
