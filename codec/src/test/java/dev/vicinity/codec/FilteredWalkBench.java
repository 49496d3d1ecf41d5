package dev.vicinity.codec;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.nndescent.SharedData;
import dev.vicinity.search.VicinityKnnHits;
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
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A manual benchmark, never run by the build and never asserting a time: {@code nndescent} searches of one segment
 * under filters unrelated to the vectors ({@code mod10}, {@code mod100}: every 10th, 20th, 33rd, 50th or 100th row) and filters that
 * follow them ({@code ball10}, {@code ball1}: the 10% or 1% of rows nearest to one fixed row, a region of the space
 * that most queries lie outside, like a category that follows the content), against the exact scan of the same
 * accepted documents. Prints recall@10 against that scan, microseconds per query and the candidates measured (the
 * codec chooses between walk and scan per segment, so a row whose candidates equal the accepted count was scanned).
 *
 * <p>Usage: {@code FilteredWalkBench <dataset> <index dir> [queries=300] [epsilons=0,0.1,0.2,0.3] [filters=...]}.
 */
public final class FilteredWalkBench {

    private static final int K = 10;

    public static void main(String[] args) throws IOException {
        String name = args.length > 0 ? args[0] : "mnist-784-euclidean";
        Path path = Path.of(args.length > 1 ? args[1] : "/tmp/filtered-walk-bench");
        int queryCount = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        float[] epsilons = parseFloats(args.length > 3 ? args[3] : "0,0.1,0.2,0.3");
        List<String> filterNames = List.of((args.length > 4 ? args[4] : "none,mod10,mod20,mod33,mod50,mod100,ball10,ball1").split(","));
        Path data = SharedData.dataset(name);
        float[][] queries = SharedData.fvecs(data.resolve("query.fvecs.gz"), queryCount);
        Metric metric = Metrics.byName(name.endsWith("angular") ? "cosine" : "euclidean", Float.NaN);
        try (Directory dir = FSDirectory.open(path)) {
            if (DirectoryReader.indexExists(dir) == false) {
                write(dir, SharedData.fvecs(data.resolve("base.fvecs.gz"), Integer.MAX_VALUE), metric);
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null);
                System.out.println("filter,accepted,search,recall_at_10,micros_per_query,candidates_per_query");
                for (String filterName : filterNames) {
                    Query filter = filterName.equals("none") ? null : new TermQuery(new Term(filterName, "y"));
                    int accepted = filter == null ? reader.numDocs() : searcher.count(filter);
                    int[][] truth = new int[queries.length][];
                    for (int round = 0; round < 2; round++) {
                        Run exact = run(searcher, queries, filter, metric, true, 0, truth);
                        if (round == 1) {
                            print(filterName, accepted, "exact", exact);
                        }
                    }
                    for (float epsilon : epsilons) {
                        Run walk = null;
                        for (int round = 0; round < 2; round++) {
                            walk = run(searcher, queries, filter, metric, false, epsilon, truth);
                        }
                        print(filterName, accepted, "epsilon=" + epsilon, walk);
                    }
                }
            }
        }
    }

    private record Run(double recall, double microsPerQuery, double candidatesPerQuery) {}

    /** Runs every query; an exact run fills {@code truth}, others are scored against it. */
    private static Run run(IndexSearcher searcher, float[][] queries, Query filter, Metric metric, boolean exact, float epsilon, int[][] truth)
        throws IOException {
        VicinitySearchStrategy strategy = exact ? VicinitySearchStrategy.DEFAULT
            : VicinitySearchStrategy.of(dev.vicinity.codec.nndescent.NNDescentMethod.INSTANCE, Map.of("epsilon", epsilon));
        long candidates = 0;
        long found = 0;
        long start = System.nanoTime();
        for (int q = 0; q < queries.length; q++) {
            Query query = searcher.rewrite(new VicinityKnnQuery("v", queries[q], K, filter, metric, Float.POSITIVE_INFINITY, exact, strategy));
            if (query instanceof VicinityKnnHits hits) {
                candidates += hits.candidatesExamined();
            }
            TopDocs top = searcher.search(query, K);
            int[] ids = Arrays.stream(top.scoreDocs).mapToInt(sd -> sd.doc).toArray();
            if (exact) {
                truth[q] = ids;
            } else {
                Set<Integer> expected = new HashSet<>();
                IntStream.of(truth[q]).forEach(expected::add);
                for (ScoreDoc sd : top.scoreDocs) {
                    found += expected.contains(sd.doc) ? 1 : 0;
                }
            }
        }
        double micros = (System.nanoTime() - start) / 1e3 / queries.length;
        return new Run(exact ? 1 : found / (double) (K * queries.length), micros, candidates / (double) queries.length);
    }

    private static void print(String filter, int accepted, String search, Run run) {
        System.out.printf(Locale.ROOT, "%s,%d,%s,%.4f,%.1f,%.0f%n", filter, accepted, search, run.recall(), run.microsPerQuery(),
            run.candidatesPerQuery());
    }

    private static float[] parseFloats(String list) {
        String[] parts = list.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    private static void write(Directory dir, float[][] base, Metric metric) throws IOException {
        FieldType type = VicinityFieldType.create(base[0].length, metric, "nndescent", Map.of());
        int[] byDistanceToPivot = byDistanceTo(base, base[base.length / 2], metric);
        boolean[] ball10 = new boolean[base.length];
        boolean[] ball1 = new boolean[base.length];
        for (int i = 0; i < base.length / 10; i++) {
            ball10[byDistanceToPivot[i]] = true;
            ball1[byDistanceToPivot[i]] = i < base.length / 100;
        }
        try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setCodec(new VicinityCodec()).setRAMBufferSizeMB(1024))) {
            for (int row = 0; row < base.length; row++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("v", base[row], type));
                doc.add(new StringField("mod10", row % 10 == 0 ? "y" : "n", Field.Store.NO));
                doc.add(new StringField("mod100", row % 100 == 0 ? "y" : "n", Field.Store.NO));
                doc.add(new StringField("mod20", row % 20 == 0 ? "y" : "n", Field.Store.NO));
                doc.add(new StringField("mod33", row % 33 == 0 ? "y" : "n", Field.Store.NO));
                doc.add(new StringField("mod50", row % 50 == 0 ? "y" : "n", Field.Store.NO));
                doc.add(new StringField("ball10", ball10[row] ? "y" : "n", Field.Store.NO));
                doc.add(new StringField("ball1", ball1[row] ? "y" : "n", Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
        }
    }

    private static int[] byDistanceTo(float[][] base, float[] pivot, Metric metric) {
        float[] distances = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            distances[i] = metric.distance(pivot, base[i]);
        }
        return IntStream.range(0, base.length).boxed().sorted((a, b) -> Float.compare(distances[a], distances[b])).mapToInt(Integer::intValue).toArray();
    }
}
