package dev.vicinity.bench;

import dev.vicinity.codec.QueryKnob;
import dev.vicinity.eval.KnobSearch;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Builds one index per method and measures its queries against the exact ground truth.
 *
 * <p>Documents are added in row order by one thread under a {@link LogByteSizeMergePolicy}, which only merges
 * adjacent segments, so document ids are row numbers whether or not the index is force-merged; with
 * {@code --no-merge} nothing is merged and the index keeps every flushed segment. Queries run one after
 * the other on the calling thread (an {@link IndexSearcher} without executor, query cache off); only the search call
 * is timed. The hits are scored by {@link Scorer}, as every method's are.
 */
final class BenchRunner {

    static final String FIELD = "vector";

    private final BenchOptions options;
    private final Dataset dataset;
    private final Scorer scorer;
    private final int queryCount;
    private final Progress progress;

    BenchRunner(BenchOptions options, Dataset dataset, Scorer scorer, Progress progress) {
        this.options = options;
        this.dataset = dataset;
        this.scorer = scorer;
        this.queryCount = scorer.queryCount();
        this.progress = progress;
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the value when {@code method} refuses its build parameters,
     * the dataset's dimensions or metric, or one of its query-parameter sets; called for every method before anything
     * is measured. Builds nothing: only the codec and one query per sweep point are made.
     */
    static void check(BenchMethod method, BenchOptions options, Dataset dataset) {
        BenchMethod.Build build = method.build(dataset.dims(), dataset.metric(), options.buildParams(method));
        for (Map<String, String> queryParams : Params.product(options.querySweep(method))) {
            build.query(FIELD, dataset.queries()[0], options.k(), queryParams);
        }
    }

    /** Every result of one method: one per query-parameter set. */
    List<Result> run(BenchMethod method) throws IOException {
        Map<String, String> buildParams = options.buildParams(method);
        BenchMethod.Build build = method.build(dataset.dims(), dataset.metric(), buildParams);
        String label = Params.label(method.name(), buildParams);
        Path indexDir = options.out().resolve("index").resolve(method.name());
        deleteRecursively(indexDir);
        Files.createDirectories(indexDir);
        List<Result> results = new ArrayList<>();
        try (Directory dir = FSDirectory.open(indexDir)) {
            double buildSeconds = buildIndex(dir, build, label);
            long indexBytes = sizeOf(dir);
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                if (reader.maxDoc() != dataset.base().length) {
                    throw new IllegalStateException("index of [" + label + "] has [" + reader.maxDoc() + "] docs, expected [" + dataset.base().length + "]");
                }
                progress.say(label + ": " + reader.leaves().size() + " segment(s), " + String.format("%,d", indexBytes) + " bytes");
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null);
                boolean first = true;
                List<Map<String, String>> points = options.targetRecall() > 0 && method.knob() != null
                    ? List.of(tune(searcher, build, method, buildParams, buildSeconds, indexBytes))
                    : Params.product(options.querySweep(method));
                for (Map<String, String> queryParams : points) {
                    double warmup = first && options.warmupSeconds() > 0 ? Math.max(options.warmupSeconds(), FIRST_POINT_WARMUP_SECONDS) : options.warmupSeconds();
                    results.add(measure(searcher, build, method.name(), buildParams, queryParams, buildSeconds, indexBytes, warmup, options.passes()));
                    first = false;
                }
            }
        } finally {
            if (options.keepIndex() == false) {
                deleteRecursively(indexDir);
                try (Stream<Path> left = Files.list(indexDir.getParent())) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(indexDir.getParent());
                    }
                }
            }
        }
        return results;
    }

    /**
     * The cheapest setting of the method's knob that reaches {@code --target-recall}, found as the tune endpoint finds
     * it ({@link KnobSearch}), each setting measured once over the queries without warm-up (their speed is not
     * reported; the chosen setting is then measured like any sweep point).
     */
    private Map<String, String> tune(IndexSearcher searcher, BenchMethod.Build build, BenchMethod method, Map<String, String> buildParams,
                                     double buildSeconds, long indexBytes) throws IOException {
        QueryKnob knob = method.knob();
        KnobSearch search = new KnobSearch(knob.min(), knob.start(), knob.max(), knob.integer(), options.targetRecall(), TUNE_STEPS);
        for (OptionalDouble level = search.next(); level.isPresent(); level = search.next()) {
            Map<String, String> queryParams = strings(knob.parameters(level.getAsDouble(), options.k()));
            Result result = measure(searcher, build, method.name(), buildParams, queryParams, buildSeconds, indexBytes, 0, 1);
            search.record(level.getAsDouble(), result.recall());
            progress.say(String.format(Locale.ROOT, "%s: tune %s -> recall %.4f", method.name(), queryParams, result.recall()));
        }
        Map<String, String> chosen = strings(knob.parameters(search.chosen(), options.k()));
        progress.say(String.format(Locale.ROOT, "%s: %s %s recall %.2f", method.name(), chosen, search.reached() ? "reaches" : "is the best, short of",
            options.targetRecall()));
        return chosen;
    }

    /** The most settings {@code --target-recall} measures per method, as the tune endpoint. */
    static final int TUNE_STEPS = 16;

    private static Map<String, String> strings(Map<String, Object> params) {
        Map<String, String> strings = new LinkedHashMap<>();
        params.forEach((name, value) -> strings.put(name, String.valueOf(value)));
        return strings;
    }

    private double buildIndex(Directory dir, BenchMethod.Build build, String label) throws IOException {
        LogByteSizeMergePolicy mergePolicy = new LogByteSizeMergePolicy();
        mergePolicy.setNoCFSRatio(0.0);
        IndexWriterConfig config = new IndexWriterConfig().setCodec(build.codec())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setMergePolicy(options.merge() ? mergePolicy : NoMergePolicy.INSTANCE)
            .setUseCompoundFile(false)
            .setRAMBufferSizeMB(256);
        if (options.flushEvery() > 0) {
            config.setMaxBufferedDocs(options.flushEvery());
            config.setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH);
        }
        float[][] base = dataset.base();
        Progress.Task task = progress.start(label + ": indexing", base.length);
        long start = System.nanoTime();
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (int row = 0; row < base.length; row++) {
                Document doc = new Document();
                doc.add(build.field(FIELD, base[row]));
                writer.addDocument(doc);
                task.update(row + 1);
            }
            writer.commit();
            task.done();
            if (options.merge()) {
                progress.say(label + ": force-merging to one segment");
                writer.forceMerge(1);
                writer.commit();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.say(String.format("%s: built in %.1f s", label, seconds));
        return seconds;
    }

    /**
     * The least warm-up of a method's first sweep point. The JIT keeps recompiling a query path for several seconds:
     * measured on MNIST with the forest, after 4 s of warm-up at each point the first two points ran at 0.72x the
     * third (6,265 and 6,100 against 8,709 queries/s at the same setting), and with 12 s every point was steady. Later
     * points reuse the compiled path; peers are native code and warm up in their own process. {@code --warmup 0} (the
     * tests) still means none.
     */
    static final double FIRST_POINT_WARMUP_SECONDS = 12;

    private Result measure(IndexSearcher searcher, BenchMethod.Build build, String method, Map<String, String> buildParams,
                           Map<String, String> queryParams, double buildSeconds, long indexBytes, double warmupSeconds, int passes) throws IOException {
        float[][] queries = dataset.queries();
        int k = options.k();
        String point = Params.point(method, buildParams, queryParams);
        // Warm-up: the same queries, untimed, for warmupSeconds (at least one pass over up to 100 queries) so the
        // JIT has compiled this query path before it is measured.
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int minimum = warmupSeconds > 0 ? Math.min(100, queryCount) : 0;
        for (int i = 0; i < minimum || System.nanoTime() < warmupEnd; i++) {
            searcher.search(build.query(FIELD, queries[i % queryCount], k, queryParams), k);
        }
        // Timed passes over all queries, single-threaded; queries/s is the median pass, as the reference figures
        // in ../shared/data are. Results are identical across passes, so the first pass's hits are evaluated.
        TopDocs[] hits = new TopDocs[queryCount];
        long[] nanos = new long[queryCount];
        double[] passSeconds = new double[passes];
        for (int pass = 0; pass < passes; pass++) {
            Progress.Task task = progress.start(point + ": queries, pass " + (pass + 1) + "/" + passes, queryCount);
            long passNanos = 0;
            for (int q = 0; q < queryCount; q++) {
                Query query = build.query(FIELD, queries[q], k, queryParams);
                long start = System.nanoTime();
                TopDocs top = searcher.search(query, k);
                long elapsed = System.nanoTime() - start;
                passNanos += elapsed;
                if (pass == 0) {
                    hits[q] = top;
                    nanos[q] = elapsed;
                }
                task.update(q + 1);
            }
            task.done();
            passSeconds[pass] = passNanos / 1e9;
        }
        int[][] ids = new int[queryCount][];
        for (int q = 0; q < queryCount; q++) {
            ids[q] = Arrays.stream(hits[q].scoreDocs).mapToInt(doc -> doc.doc).toArray();
        }
        return scorer.score(method, buildParams, buildSeconds, indexBytes, queryParams, new Scorer.Answers(ids, nanos, passSeconds));
    }

    private static long sizeOf(Directory dir) throws IOException {
        long bytes = 0;
        for (String file : dir.listAll()) {
            bytes += dir.fileLength(file);
        }
        return bytes;
    }

    static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path) == false) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
