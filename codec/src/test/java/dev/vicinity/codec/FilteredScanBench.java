package dev.vicinity.codec;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A manual benchmark, never run by the build and never asserting a time: the exact scan's cost per scored document,
 * unfiltered against filtered, in the same run over one segment of a shared dataset ({@code exact: true} searches
 * through {@link VicinityKnnQuery}). Filters: {@code tenth} (every tenth row, unrelated to the vectors), {@code hundredth}.
 *
 * <p>Usage: {@code FilteredScanBench <dataset> <index dir> [queries=200] [rounds=3]}.
 */
public final class FilteredScanBench {

    public static void main(String[] args) throws IOException {
        String name = args.length > 0 ? args[0] : "mnist-784-euclidean";
        Path path = Path.of(args.length > 1 ? args[1] : "/tmp/filtered-scan-bench");
        int queryCount = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path data = SharedData.dataset(name);
        float[][] base = SharedData.fvecs(data.resolve("base.fvecs.gz"), Integer.MAX_VALUE);
        float[][] queries = SharedData.fvecs(data.resolve("query.fvecs.gz"), queryCount);
        Metric metric = Metrics.byName(name.endsWith("angular") ? "cosine" : "euclidean", Float.NaN);
        try (Directory dir = FSDirectory.open(path)) {
            if (DirectoryReader.indexExists(dir) == false) {
                write(dir, base, metric);
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null);
                Map<String, Query> filters = Map.of("none", new org.apache.lucene.search.MatchAllDocsQuery(),
                    "tenth", new TermQuery(new Term("tenth", "y")), "hundredth", new TermQuery(new Term("hundredth", "y")));
                System.out.println("round,filter,accepted,micros_per_query,nanos_per_accepted_doc");
                for (int round = 1; round <= rounds; round++) {
                    for (String filterName : new String[] { "none", "tenth", "hundredth" }) {
                        Query filter = filterName.equals("none") ? null : filters.get(filterName);
                        int accepted = searcher.count(filters.get(filterName));
                        long start = System.nanoTime();
                        for (float[] q : queries) {
                            searcher.search(new VicinityKnnQuery("v", q, 10, filter, metric, Float.POSITIVE_INFINITY, true), 10);
                        }
                        double nanosPerQuery = (System.nanoTime() - start) / (double) queries.length;
                        System.out.printf(Locale.ROOT, "%d,%s,%d,%.1f,%.1f%n", round, filterName, accepted, nanosPerQuery / 1e3, nanosPerQuery / accepted);
                    }
                }
            }
        }
    }

    private static void write(Directory dir, float[][] base, Metric metric) throws IOException {
        FieldType type = VicinityFieldType.create(base[0].length, metric, "exact", Map.of());
        try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setCodec(new VicinityCodec()).setRAMBufferSizeMB(1024))) {
            for (int row = 0; row < base.length; row++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("v", base[row], type));
                doc.add(new StringField("tenth", row % 10 == 0 ? "y" : "n", Field.Store.NO));
                doc.add(new StringField("hundredth", row % 100 == 0 ? "y" : "n", Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
        }
    }
}
