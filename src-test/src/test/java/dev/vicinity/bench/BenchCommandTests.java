package dev.vicinity.bench;

import dev.vicinity.data.Fvecs;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import org.elasticsearch.test.ESTestCase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The benchmark command on tiny inputs: the CSV's columns, exact search scoring recall 1 and distance ratio 0, the
 * plot being written, the HDF5 reader on a file written with jhdf, a failing method being reported while the others
 * run, and the peers PyNNDescent, hnswlib and Annoy in the same run (each skipped where it is not installed, as on CI
 * machines). Speed is never asserted. An ESTestCase only because this class path also holds
 * the Elasticsearch jars, whose Lucene SPI formats need its logging set up.
 */
public class BenchCommandTests extends ESTestCase {

    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), 60_000);

    private static Path sift() {
        return Path.of(System.getProperty("vicinity.shared.data", "../../shared/data")).resolve("sift-5k-128-euclidean");
    }

    public void testExactAndHnswOnASmallSubsetOfSift() throws Exception {
        Path out = createTempDir("bench");
        BenchOptions options = BenchOptions.parse(new String[] {
            "--dataset", sift().toString(), "--method", "hnsw,exact", "--out", out.toString(),
            "--base", "200", "--queries", "20", "--warmup", "0", "--query", "ef=10,50" });
        List<Result> results = measured(options);
        assertEquals(3, results.size());

        List<String> lines = Files.readAllLines(out.resolve(BenchCommand.CSV));
        assertEquals(4, lines.size());
        assertTrue(lines.get(0), lines.get(0).startsWith(
            "method,build_params,query_params,build_seconds,index_bytes,queries_per_second,recall_at_10,distance_ratio,"));
        String[] exact = lines.get(1).split(",", -1);
        assertEquals("exact", exact[0]);
        assertEquals("1.0000", exact[6]);
        assertEquals("0.0000", exact[7]);
        assertEquals("1.0000", exact[9]); // relative time of exact to itself
        assertTrue(Long.parseLong(exact[4]) > 200 * 128 * 4);
        assertTrue(lines.get(2), lines.get(2).startsWith("hnsw,m=16;beam_width=100,ef=10,"));
        assertTrue(lines.get(3), lines.get(3).startsWith("hnsw,m=16;beam_width=100,ef=50,"));
        // with 200 points and ef=50 the graph search is as good as exact
        assertEquals(1.0, results.get(2).recall(), 0.02);
        assertTrue(Files.size(out.resolve(BenchCommand.PLOT)) > 1000);
        assertFalse("the index is deleted", Files.exists(out.resolve("index")));
    }

    /**
     * {@code --target-recall}: each method with a knob is measured at the cheapest setting reaching the target (one
     * row, which reaches it), a method without one (exact) at its one setting; the tuning steps are printed.
     */
    public void testTargetRecallMeasuresTheTunedSetting() throws Exception {
        Path out = createTempDir("bench");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchCommand.Report report = BenchCommand.run(BenchOptions.parse(new String[] {
            "--dataset", optdigits().toString(), "--method", "exact,forest,lsh", "--out", out.toString(), "--queries", "100",
            "--warmup", "0", "--passes", "1", "--target-recall", "0.95", "--build", "forest.n_trees=8,forest.exact_below=100,lsh.exact_below=100" }),
            new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8), 60_000));
        assertTrue(report.failures().toString(), report.failures().isEmpty());
        List<Result> results = report.results();
        assertEquals(List.of("exact", "forest", "lsh"), results.stream().map(Result::method).toList());
        assertEquals(Set.of("search_k"), results.get(1).queryParams().keySet());
        assertEquals(Set.of("probes", "candidates"), results.get(2).queryParams().keySet());
        for (Result result : results) {
            assertTrue(result.method() + ": " + result.recall(), result.recall() >= 0.95);
        }
        String printed = progress.toString(StandardCharsets.UTF_8);
        assertTrue(printed, printed.contains("forest: tune {search_k=1000} -> recall"));
        assertTrue(printed, printed.contains("reaches recall 0.95"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "forest", "--out", out.toString(), "--target-recall", "1.5" }));
        assertEquals("[--target-recall] must be a recall above [0] and at most [1] but was [1.5]", e.getMessage());
    }

    public void testHdf5DatasetWithoutNeighboursGetsExactGroundTruth() throws Exception {
        float[][] all = Fvecs.readFloats(sift().resolve("base.fvecs.gz"));
        float[][] train = Arrays.copyOf(all, 300);
        float[][] test = Arrays.copyOfRange(all, 300, 310);
        Path file = createTempDir("hdf5").resolve("tiny-128-euclidean.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("distance", "euclidean");
            hdf.putDataset("train", train);
            hdf.putDataset("test", test);
        }
        Dataset d = DatasetLoader.load(file, null);
        assertEquals("tiny-128-euclidean", d.name());
        assertEquals("euclidean", d.metric().name());
        assertEquals(300, d.base().length);
        assertArrayEquals(train[7], d.base()[7], 0f);
        assertArrayEquals(test[9], d.queries()[9], 0f);
        assertNull(d.neighbors());

        Path out = createTempDir("bench");
        List<Result> results = measured(BenchOptions.parse(new String[] {
            "--dataset", file.toString(), "--method", "exact", "--out", out.toString(), "--warmup", "0", "--k", "5" }));
        assertEquals(1.0, results.get(0).recall(), 0);
        assertEquals(0.0, results.get(0).distanceRatio(), 0);
        assertTrue(Files.readAllLines(out.resolve(BenchCommand.CSV)).get(0).contains(",recall_at_5,"));
    }

    /** Lucene's HNSW takes 1,024 dimensions; the baseline takes what Elasticsearch and Vicinity take (4,096). */
    public void testHnswTakesVectorsWiderThanLucenesLimit() throws Exception {
        int dims = 3072;
        float[][] train = randomVectors(300, dims);
        float[][] test = randomVectors(5, dims);
        Path file = createTempDir("hdf5").resolve("wide-3072-euclidean.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("distance", "euclidean");
            hdf.putDataset("train", train);
            hdf.putDataset("test", test);
        }
        Path out = createTempDir("bench");
        List<Result> results = measured(BenchOptions.parse(new String[] {
            "--dataset", file.toString(), "--method", "hnsw,exact", "--out", out.toString(), "--warmup", "0", "--passes", "1",
            "--query", "ef=300" }));
        assertEquals(2, results.size());
        Result hnsw = results.get(1);
        assertEquals("hnsw", hnsw.method());
        assertEquals(5, hnsw.queries());
        // ef covers all 300 rows, so the graph search finds what exact search finds
        assertEquals(1.0, hnsw.recall(), 0.0);
        assertTrue(Long.toString(hnsw.indexBytes()), hnsw.indexBytes() > 300L * dims * Float.BYTES);
    }

    private static float[][] randomVectors(int count, int dims) {
        float[][] vectors = new float[count][dims];
        for (float[] vector : vectors) {
            for (int i = 0; i < dims; i++) {
                vector[i] = (float) random().nextGaussian();
            }
        }
        return vectors;
    }

    public void testHdf5NeighboursAreUsed() throws Exception {
        float[][] all = Fvecs.readFloats(sift().resolve("base.fvecs.gz"));
        float[][] train = Arrays.copyOf(all, 100);
        float[][] test = Arrays.copyOfRange(all, 100, 103);
        int[][] neighbors = new int[3][];
        for (int q = 0; q < 3; q++) {
            neighbors[q] = GroundTruth.bruteForce(train, test[q], 10, dev.vicinity.metric.Metrics.byName("euclidean", Float.NaN)).ids();
        }
        Path file = createTempDir("hdf5").resolve("n.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("distance", "angular");
            hdf.putDataset("train", train);
            hdf.putDataset("test", test);
            hdf.putDataset("neighbors", neighbors);
        }
        Dataset d = DatasetLoader.load(file, "euclidean");
        assertEquals("euclidean", d.metric().name());
        assertArrayEquals(neighbors[2], d.neighbors()[2]);
        assertEquals("cosine", DatasetLoader.load(file, null).metric().name());
    }

    public void testCommandLineErrorsNameTheValue() {
        Path out = createTempDir("bench");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "exact,faiss", "--out", out.toString() }));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown method [faiss]"));
        e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "exact", "--out", out.toString(), "--query", "ef=10" }));
        assertEquals("[--query] parameter [ef] is not taken by [exact]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "exact", "--out", out.toString(), "--k", "0" }));
        assertEquals("[--k] must be at least [1] but was [0]", e.getMessage());
        // nested method parameters: a name inside a family the defaults use is taken (the method checks its value)
        BenchOptions nested = BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "lsh", "--out", out.toString(), "--build", "lsh.hashes.0.bucket_size=4" });
        assertEquals("4", nested.buildParams(BenchMethods.byName("lsh")).get("hashes.0.bucket_size"));
        assertEquals("cross_polytope", nested.buildParams(BenchMethods.byName("lsh")).get("hashes.0.type"));
        e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "lsh", "--out", out.toString(), "--build", "lsh.buckets.0.size=4" }));
        assertEquals("[--build] parameter [lsh.buckets.0.size] is not taken by [lsh]", e.getMessage());
        BenchOptions scoped = BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "exact,hnsw", "--out", out.toString(), "--build", "hnsw.m=8", "--query", "hnsw.ef=5,6" });
        assertEquals("8", scoped.buildParams(BenchMethods.byName("hnsw")).get("m"));
        assertEquals(List.of("5", "6"), scoped.querySweep(BenchMethods.byName("hnsw")).get("ef"));
    }

    /** A method that throws while it indexes: reported, cleaned up, and the methods after it still run. */
    public void testAFailingMethodIsReportedAndTheOthersStillRun() throws Exception {
        Path out = createTempDir("bench");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchCommand.Report report = BenchCommand.run(BenchOptions.parse(new String[] {
            "--dataset", sift().toString(), "--method", "hnsw,nndescent,exact", "--out", out.toString(), "--base", "200",
            "--queries", "10", "--warmup", "0", "--passes", "1", "--query", "hnsw.ef=10", "--query", "nndescent.epsilon=0.1" }),
            new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8), 60_000), failingHnsw());

        // exact runs first, then hnsw fails half-way through its documents, then nndescent runs all the same
        assertEquals(List.of("exact", "nndescent"), report.results().stream().map(Result::method).toList());
        assertEquals(1, report.failures().size());
        assertEquals("hnsw", report.failures().get(0).method());
        assertEquals("IllegalStateException: disk full at row [100]", report.failures().get(0).summary());

        List<String> lines = Files.readAllLines(out.resolve(BenchCommand.CSV));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1), lines.get(1).startsWith("exact,"));
        assertTrue(lines.get(2), lines.get(2).startsWith("nndescent,"));
        assertTrue(Files.size(out.resolve(BenchCommand.PLOT)) > 1000);
        assertFalse("the failed method's index is deleted", Files.exists(out.resolve("index")));

        String said = progress.toString(StandardCharsets.UTF_8);
        assertTrue(said, said.contains("vicinity bench: hnsw: FAILED, going on with the next method: java.lang.IllegalStateException: disk full at row [100]"));
        assertTrue(said, said.contains("vicinity bench: 1 of 3 methods failed and have no rows in results.csv:\n"
            + "vicinity bench:   hnsw: IllegalStateException: disk full at row [100]\n"));
        assertTrue("the summary comes last", said.indexOf("1 of 3 methods failed") > said.indexOf("nndescent [n_neighbors=30;seed=42] {epsilon=0.1}"));
    }

    /** Exit 1 when a method failed (results.csv is still written, here with its header only), 2 when nothing could run. */
    public void testExitStatusSaysWhetherAMethodFailed() throws Exception {
        Path out = createTempDir("bench");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = BenchCommand.execute(new String[] {
            "--dataset", sift().toString(), "--method", "hnsw", "--out", out.toString(), "--base", "200", "--queries", "10",
            "--warmup", "0", "--passes", "1" }, new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8), failingHnsw());
        assertEquals(stderr.toString(StandardCharsets.UTF_8), BenchCommand.FAILED, status);
        assertEquals(out.resolve(BenchCommand.CSV).toAbsolutePath() + "\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(ResultsCsv.header(10)), Files.readAllLines(out.resolve(BenchCommand.CSV)));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("1 of 1 methods failed"));

        // A metric a method refuses is found before anything is measured: exit 2, no results.
        Path refused = createTempDir("bench");
        stderr.reset();
        status = BenchCommand.execute(new String[] {
            "--dataset", sift().toString(), "--method", "exact,hnsw", "--out", refused.toString(), "--metric", "manhattan",
            "--base", "200", "--queries", "10" }, new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8), BenchMethods::byName);
        assertEquals(BenchCommand.USAGE, status);
        assertTrue(stderr.toString(StandardCharsets.UTF_8),
            stderr.toString(StandardCharsets.UTF_8).contains("vicinity bench: method [hnsw] does not support metric [manhattan]"));
        assertFalse(Files.exists(refused.resolve(BenchCommand.CSV)));

        // So are too many dimensions, and a query parameter out of range.
        Path wide = createTempDir("hdf5").resolve("wide-4097-euclidean.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(wide)) {
            hdf.putAttribute("distance", "euclidean");
            hdf.putDataset("train", randomVectors(20, 4097));
            hdf.putDataset("test", randomVectors(2, 4097));
        }
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> BenchCommand.run(BenchOptions.parse(new String[] {
            "--dataset", wide.toString(), "--method", "hnsw", "--out", refused.toString() }), QUIET));
        assertEquals("method [hnsw] takes at most [4096] dimensions but the vectors have [4097]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> BenchCommand.run(BenchOptions.parse(new String[] {
            "--dataset", sift().toString(), "--method", "exact,hnsw", "--out", refused.toString(), "--query", "ef=10,0" }), QUIET));
        assertEquals("[ef] must be between [1] and [100000] but was [0]", e.getMessage());
        assertFalse(Files.exists(refused.resolve(BenchCommand.CSV)));
    }

    /** The benchmark's methods, except that {@code hnsw}'s documents fail to index from row 100 on. */
    private static Function<String, MethodSpec> failingHnsw() {
        return name -> name.equals("hnsw") ? new FailingMethod((BenchMethod) BenchMethods.byName(name), 100) : BenchMethods.byName(name);
    }

    /** {@code method}, except that making the document of row {@code failAt} throws. */
    private record FailingMethod(BenchMethod method, int failAt) implements BenchMethod {
        @Override
        public String name() {
            return method.name();
        }

        @Override
        public Map<String, String> buildDefaults() {
            return method.buildDefaults();
        }

        @Override
        public Map<String, List<String>> queryDefaults() {
            return method.queryDefaults();
        }

        @Override
        public Build build(int dims, dev.vicinity.metric.Metric metric, Map<String, String> buildParams) {
            Build build = method.build(dims, metric, buildParams);
            AtomicInteger rows = new AtomicInteger();
            return new Build(build.codec(), (field, vector) -> {
                if (rows.getAndIncrement() == failAt) {
                    throw new IllegalStateException("disk full at row [" + failAt + "]");
                }
                return build.field(field, vector);
            }, build::query);
        }
    }

    public void testPyNNDescentTakesItsParametersLikeTheOtherMethods() {
        Path out = createTempDir("bench");
        BenchOptions options = BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "nndescent,pynndescent", "--out", out.toString(),
            "--build", "pynndescent.n_neighbors=20", "--query", "epsilon=0.1", "--query", "pynndescent.epsilon=0.05,0.15" });
        MethodSpec peer = BenchMethods.byName("pynndescent");
        assertTrue(peer instanceof PeerMethod);
        assertEquals(Map.of("n_neighbors", "20", "seed", "42"), options.buildParams(peer));
        assertEquals("30", options.buildParams(BenchMethods.byName("nndescent")).get("n_neighbors"));
        assertEquals(List.of("0.05", "0.15"), options.querySweep(peer).get("epsilon"));
        assertEquals(List.of("0.1"), options.querySweep(BenchMethods.byName("nndescent")).get("epsilon"));
        assertEquals(List.of("0.0", "0.1", "0.2", "0.3"), BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "pynndescent", "--out", out.toString() }).querySweep(peer).get("epsilon"));

        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "pynndescent", "--out", out.toString(), "--query", "pynndescent.ef=10" }));
        assertEquals("[--query] parameter [pynndescent.ef] is not taken by [pynndescent]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnsw", "--out", out.toString(), "--build", "pynndescent.n_neighbors=20" }));
        assertTrue(e.getMessage(), e.getMessage().contains("names method [pynndescent], which is not in [--method] [hnsw]"));

        // values, the metric and then the library are checked before anything runs; a missing python is reached last
        PyNNDescentPeer missing = new PyNNDescentPeer(out.resolve("no-such-python").toString());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "pynndescent", "--out", out.toString(), "--build", "n_neighbors=1" }), euclidean()));
        assertEquals("[n_neighbors] must be between [2] and [512] but was [1]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "pynndescent", "--out", out.toString(), "--query", "epsilon=0.1,x" }), euclidean()));
        assertEquals("[epsilon] must be a number but was [x]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "pynndescent", "--out", out.toString() }), dev.vicinity.metric.Metrics.byName("dot", Float.NaN)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("method [pynndescent] cannot measure metric [dot]"));
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "pynndescent", "--out", out.toString() }), dev.vicinity.metric.Metrics.byName("manhattan", Float.NaN)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("method [pynndescent] does not take metric [manhattan]"));
    }

    public void testMissingPyNNDescentIsAClearError() throws Exception {
        Path out = createTempDir("bench");
        BenchOptions options = BenchOptions.parse(new String[] { "--dataset", "x", "--method", "pynndescent", "--out", out.toString() });
        String advice = "method [pynndescent] needs PyNNDescent for Python: apt-get install python3-pynndescent (Debian), "
            + "or set VICINITY_PYTHON to a python that has it";

        Path nowhere = out.resolve("no-such-python");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> new PyNNDescentPeer(nowhere.toString()).check(options, euclidean()));
        assertTrue(e.getMessage(), e.getMessage().startsWith(advice + " ([" + nowhere + "]: cannot be run: "));

        // a python that runs but has no PyNNDescent, as the pyenv python3 on this machine's PATH
        Path without = out.resolve("python-without-pynndescent");
        Files.writeString(without, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'pynndescent'\" >&2\nexit 1\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(without, PosixFilePermissions.fromString("rwxr-xr-x"));
        e = expectThrows(IllegalArgumentException.class, () -> new PyNNDescentPeer(without.toString()).check(options, euclidean()));
        assertEquals(advice + " ([" + without + "]: import pynndescent exited with [1]: ModuleNotFoundError: No module named 'pynndescent')",
            e.getMessage());
    }

    /** PyNNDescent measured in the same run as exact search: JIT compiling takes most of its half minute. */
    public void testPyNNDescentInTheSameRun() throws Exception {
        PyNNDescentPeer peer = new PyNNDescentPeer(PyNNDescentPeer.defaultPython());
        String problem = peer.importProblem();
        assumeTrue("PyNNDescent cannot run here, so it is not measured: " + problem, problem == null);
        Path out = createTempDir("bench");
        List<Result> results = measured(BenchOptions.parse(new String[] {
            "--dataset", sift().toString(), "--method", "pynndescent,exact", "--out", out.toString(),
            "--queries", "50", "--passes", "1", "--warmup", "0" }));
        assertEquals(5, results.size());

        List<String> lines = Files.readAllLines(out.resolve(BenchCommand.CSV));
        assertEquals(6, lines.size());
        assertTrue(lines.get(1), lines.get(1).startsWith("exact,"));
        for (int i = 0; i < 4; i++) {
            String[] row = lines.get(2 + i).split(",", -1);
            assertEquals("pynndescent", row[0]);
            assertTrue(row[1], row[1].startsWith("n_neighbors=30;seed=42;version="));
            assertEquals("epsilon=" + List.of("0.0", "0.1", "0.2", "0.3").get(i), row[2]);
            assertTrue(row[4], Long.parseLong(row[4]) > 4000 * 128 * 4); // the pickled index holds the vectors
            assertFalse("relative time to exact", row[9].isEmpty());
            assertEquals("50", row[11]);
        }
        // Measured with PyNNDescent 0.5.8: recall 0.800 / 0.948 / 0.992 / 1.000 at epsilon 0 / 0.1 / 0.2 / 0.3, the same
        // in every run (one thread, a fixed seed). The floors are 0.03 lower, for other versions of PyNNDescent and numba.
        assertTrue(results.get(2).toString(), results.get(2).recall() > 0.918);
        assertTrue(results.get(3).toString(), results.get(3).recall() > 0.962);
        assertTrue(results.get(4).toString(), results.get(4).recall() > 0.97);
        assertFalse("the peer's files are deleted", Files.exists(out.resolve("peer-pynndescent")));
    }

    public void testHnswlibTakesItsParametersAndSaysWhatIsMissing() throws Exception {
        Path out = createTempDir("bench");
        BenchOptions options = BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnsw,hnswlib", "--out", out.toString(), "--build", "hnswlib.M=8,beam_width=50",
            "--query", "ef=15,30" });
        MethodSpec peer = BenchMethods.byName("hnswlib");
        assertTrue(peer instanceof PeerMethod);
        assertEquals(Map.of("M", "8", "ef_construction", "200", "seed", "42"), options.buildParams(peer));
        // one unscoped --query ef=... sweeps both HNSWs
        assertEquals(List.of("15", "30"), options.querySweep(peer).get("ef"));
        assertEquals(List.of("15", "30"), options.querySweep(BenchMethods.byName("hnsw")).get("ef"));
        assertEquals(List.of("10", "20", "40", "80", "160", "320"), BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnswlib", "--out", out.toString() }).querySweep(peer).get("ef"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnswlib", "--out", out.toString(), "--build", "m=8" }));
        assertEquals("[--build] parameter [m] is not taken by [hnswlib]", e.getMessage());

        // values, the metric and then the library are checked before anything runs; a missing python is reached last
        Path nowhere = out.resolve("no-such-python");
        HnswlibPeer missing = new HnswlibPeer(nowhere.toString());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnswlib", "--out", out.toString(), "--build", "ef_construction=0" }), euclidean()));
        assertEquals("[ef_construction] must be between [1] and [100000] but was [0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnswlib", "--out", out.toString(), "--query", "ef=10,x" }), euclidean()));
        assertEquals("[ef] must be an integer but was [x]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnswlib", "--out", out.toString() }), dev.vicinity.metric.Metrics.byName("manhattan", Float.NaN)));
        assertEquals("method [hnswlib] does not take metric [manhattan], only [euclidean], [sqeuclidean], [cosine] (angular) and [dot]",
            e.getMessage());
        assertEquals("ip", HnswlibPeer.space(dev.vicinity.metric.Metrics.byName("dot", Float.NaN)));
        assertEquals("cosine", HnswlibPeer.space(dev.vicinity.metric.Metrics.byName("cosine", Float.NaN)));
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "hnswlib", "--out", out.toString() }), euclidean()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("method [hnswlib] needs hnswlib for Python: apt-get install python3-hnswlib"
            + " (Debian), or set VICINITY_PYTHON to a python that has it ([" + nowhere + "]: cannot be run: "));
    }

    /** hnswlib and Lucene's HNSW in one run on the shipped optdigits set. */
    public void testHnswlibInTheSameRun() throws Exception {
        HnswlibPeer peer = new HnswlibPeer(HnswlibPeer.defaultPython());
        String problem = peer.importProblem();
        assumeTrue("hnswlib cannot run here (apt-get install python3-hnswlib), so it is not measured: " + problem, problem == null);
        Path out = createTempDir("bench");
        List<Result> results = measured(BenchOptions.parse(new String[] {
            "--dataset", optdigits().toString(), "--method", "hnswlib,hnsw", "--out", out.toString(),
            "--queries", "200", "--passes", "2", "--warmup", "0", "--query", "ef=10,80" }));
        assertEquals(List.of("hnswlib", "hnswlib", "hnsw", "hnsw"), results.stream().map(Result::method).toList());

        List<String> lines = Files.readAllLines(out.resolve(BenchCommand.CSV));
        assertEquals(5, lines.size());
        for (int i = 0; i < 2; i++) {
            String[] row = lines.get(1 + i).split(",", -1);
            assertEquals("hnswlib", row[0]);
            assertTrue(row[1], row[1].startsWith("M=16;ef_construction=200;seed=42;version="));
            assertEquals("ef=" + List.of("10", "80").get(i), row[2]);
            assertTrue(row[3], Double.parseDouble(row[3]) > 0);
            assertTrue(row[4], Long.parseLong(row[4]) > 3823 * 64 * 4); // save_index's file holds the vectors
            assertTrue(row[5], Double.parseDouble(row[5]) > 0);
            assertEquals("200", row[11]);
        }
        // Measured with hnswlib 0.6.2 (Debian): recall 0.979 at ef 10 and 1.000 at ef 80, the same in every run (one
        // thread, a fixed seed). The floors leave room for other versions.
        assertTrue(results.get(0).toString(), results.get(0).recall() > 0.95);
        assertTrue(results.get(1).toString(), results.get(1).recall() > 0.995);
        assertFalse("the peer's files are deleted", Files.exists(out.resolve("peer-hnswlib")));
    }

    public void testAnnoyTakesItsParametersAndSaysWhatIsMissing() throws Exception {
        Path out = createTempDir("bench");
        MethodSpec peer = BenchMethods.byName("annoy");
        assertTrue(peer instanceof PeerMethod);
        BenchOptions options = BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "annoy", "--out", out.toString(), "--build", "n_trees=10", "--query", "search_k=100,200" });
        assertEquals(Map.of("n_trees", "10", "seed", "42"), options.buildParams(peer));
        assertEquals(List.of("100", "200"), options.querySweep(peer).get("search_k"));
        assertEquals(List.of("1000", "2000", "5000", "10000"), BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "annoy", "--out", out.toString() }).querySweep(peer).get("search_k"));

        // values, the metric, then the compiler and the headers are checked before anything runs
        Path nowhere = out.resolve("no-such-compiler");
        Path empty = Files.createDirectories(out.resolve("empty"));
        AnnoyPeer missing = new AnnoyPeer(nowhere.toString(), null, List.of(empty));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "annoy", "--out", out.toString(), "--build", "seed=0" }), euclidean()));
        assertEquals("[seed] must be between [1] and [2147483647] but was [0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "annoy", "--out", out.toString(), "--query", "search_k=0" }), euclidean()));
        assertEquals("[search_k] must be between [1] and [2147483647] but was [0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "annoy", "--out", out.toString() }), dev.vicinity.metric.Metrics.byName("chebyshev", Float.NaN)));
        assertEquals("method [annoy] does not take metric [chebyshev], only [euclidean], [sqeuclidean], [cosine] (angular), [dot] and"
            + " [manhattan]", e.getMessage());
        assertEquals("angular", AnnoyPeer.annoyMetric(dev.vicinity.metric.Metrics.byName("cosine", Float.NaN)));
        assertEquals("dot", AnnoyPeer.annoyMetric(dev.vicinity.metric.Metrics.byName("dot", Float.NaN)));
        assertEquals("manhattan", AnnoyPeer.annoyMetric(dev.vicinity.metric.Metrics.byName("manhattan", Float.NaN)));
        e = expectThrows(IllegalArgumentException.class, () -> missing.check(BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "annoy", "--out", out.toString() }), euclidean()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("method [annoy] compiles Annoy's C++ code and needs a C++ compiler: "
            + "apt-get install g++ ([" + nowhere + "]: cannot be run: "));

        String install = "apt-get install r-cran-rcppannoy (Debian), or without R: apt-get download r-cran-rcppannoy"
            + " && dpkg -x r-cran-rcppannoy_*.deb /opt/annoy-headers, or set VICINITY_ANNOY_INCLUDE to a directory holding annoylib.h"
            + " and kissrandom.h";
        e = expectThrows(IllegalArgumentException.class, missing::findHeaders);
        assertEquals("method [annoy] needs Annoy's headers (annoylib.h, kissrandom.h), found in none of [" + empty + "]: " + install,
            e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new AnnoyPeer("g++", empty.toString(), AnnoyPeer.DEFAULT_INCLUDES).findHeaders());
        assertEquals("method [annoy] needs Annoy's headers, but VICINITY_ANNOY_INCLUDE [" + empty + "] holds no annoylib.h and kissrandom.h,"
            + " nor does its usr/lib/R/site-library/RcppAnnoy/include: " + install, e.getMessage());

        // VICINITY_ANNOY_INCLUDE names the headers' directory, or the root the package was unpacked into (dpkg -x)
        Path root = out.resolve("unpacked");
        Path include = fakeAnnoyHeaders(root);
        assertEquals(include.toString(), new AnnoyPeer("g++", include.toString(), List.of()).findHeaders().toString());
        assertEquals(include.toString(), new AnnoyPeer("g++", root.toString(), List.of()).findHeaders().toString());
        assertEquals(include.toString(), new AnnoyPeer("g++", null, List.of(empty, include)).findHeaders().toString());
        assertEquals("RcppAnnoy-0.0.20", AnnoyPeer.headersVersion(include));
        assertEquals(Map.of("n_trees", "50", "seed", "42", "version", "RcppAnnoy-0.0.20"), new AnnoyPeer("g++", root.toString(), List.of())
            .buildParams(BenchOptions.parse(new String[] { "--dataset", "x", "--method", "annoy", "--out", out.toString() })));
    }

    /** A peer whose program cannot be made is one failed method, not a failed run. */
    public void testAnnoyThatDoesNotCompileIsAFailedMethod() throws Exception {
        Path out = createTempDir("bench");
        Path include = fakeAnnoyHeaders(out.resolve("unpacked"));
        Path compiler = out.resolve("broken-g++");
        Files.writeString(compiler, """
            #!/bin/sh
            [ "$1" = "--version" ] && exit 0
            echo "annoy_peer.cc:1: error: something is wrong" >&2
            exit 1
            """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(compiler, PosixFilePermissions.fromString("rwxr-xr-x"));
        AnnoyPeer broken = new AnnoyPeer(compiler.toString(), include.toString(), List.of());
        Path results = out.resolve("results");
        BenchCommand.Report report = BenchCommand.run(BenchOptions.parse(new String[] {
            "--dataset", optdigits().toString(), "--method", "annoy,exact", "--out", results.toString(), "--queries", "20",
            "--warmup", "0", "--passes", "1" }), QUIET, name -> name.equals("annoy") ? broken : BenchMethods.byName(name));
        assertEquals(List.of("exact"), report.results().stream().map(Result::method).toList());
        assertEquals(1, report.failures().size());
        assertEquals("IOException: [annoy] could not compile annoy_peer.cc against the headers in [" + include + "]: " + compiler
            + " exited with [1]: annoy_peer.cc:1: error: something is wrong", report.failures().get(0).summary());
        assertEquals(2, Files.readAllLines(results.resolve(BenchCommand.CSV)).size());
        assertFalse("the peer's files are deleted", Files.exists(results.resolve("peer-annoy")));
    }

    /** Annoy's own C++ code, compiled here, in one run with exact search on the shipped optdigits set. */
    public void testAnnoyInTheSameRun() throws Exception {
        AnnoyPeer peer = AnnoyPeer.fromEnvironment();
        String problem = peer.compilerProblem();
        assumeTrue("no C++ compiler here (apt-get install g++), so Annoy is not measured: " + problem, problem == null);
        String missingHeaders = null;
        try {
            peer.findHeaders();
        } catch (IllegalArgumentException e) {
            missingHeaders = e.getMessage();
        }
        assumeTrue("Annoy's headers are not here, so Annoy is not measured: " + missingHeaders, missingHeaders == null);
        Path out = createTempDir("bench");
        List<Result> results = measured(BenchOptions.parse(new String[] {
            "--dataset", optdigits().toString(), "--method", "annoy,exact", "--out", out.toString(),
            "--queries", "200", "--passes", "2", "--warmup", "0", "--query", "search_k=100,1000" }));
        assertEquals(List.of("exact", "annoy", "annoy"), results.stream().map(Result::method).toList());

        List<String> lines = Files.readAllLines(out.resolve(BenchCommand.CSV));
        assertEquals(4, lines.size());
        for (int i = 0; i < 2; i++) {
            String[] row = lines.get(2 + i).split(",", -1);
            assertEquals("annoy", row[0]);
            assertTrue(row[1], row[1].startsWith("n_trees=50;seed=42"));
            assertEquals("search_k=" + List.of("100", "1000").get(i), row[2]);
            assertTrue(row[3], Double.parseDouble(row[3]) > 0);
            assertTrue(row[4], Long.parseLong(row[4]) > 3823 * 64 * 4); // the saved index holds the vectors
            assertTrue(row[5], Double.parseDouble(row[5]) > 0);
            assertFalse("relative time to exact", row[9].isEmpty());
            assertEquals("200", row[11]);
        }
        // Measured with RcppAnnoy 0.0.20's headers (Annoy 1.17) on AVX-512: recall 0.881 at search_k 100 and 0.990 at
        // 1,000, the same in every run (one thread, a fixed seed). A larger search_k only adds candidates, so recall
        // cannot drop; the floors leave room for other Annoy versions and CPUs.
        assertTrue(results.get(1).toString(), results.get(1).recall() <= results.get(2).recall());
        assertTrue(results.get(2).toString(), results.get(2).recall() > 0.96);
        assertFalse("the peer's files are deleted", Files.exists(out.resolve("peer-annoy")));
    }

    /** Empty stand-ins for Annoy's headers where {@code dpkg -x} of r-cran-rcppannoy puts them, under {@code root}. */
    private static Path fakeAnnoyHeaders(Path root) throws Exception {
        Path include = Files.createDirectories(root.resolve(AnnoyPeer.RCPPANNOY_INCLUDE));
        Files.writeString(include.resolve("annoylib.h"), "", StandardCharsets.UTF_8);
        Files.writeString(include.resolve("kissrandom.h"), "", StandardCharsets.UTF_8);
        Files.writeString(include.resolveSibling("DESCRIPTION"), "Package: RcppAnnoy\nType: Package\nVersion: 0.0.20\n", StandardCharsets.UTF_8);
        return include;
    }

    /** The optdigits set shipped in src-test's resources (for the demo), so that these tests need no shared data. */
    private static Path optdigits() throws Exception {
        return Path.of(BenchCommandTests.class.getResource("/datasets/optdigits-64-euclidean/base.fvecs.gz").toURI()).getParent();
    }

    /** The rows of a run in which no method failed (else the failures, with their stack traces, fail the test). */
    private static List<Result> measured(BenchOptions options) throws Exception {
        BenchCommand.Report report = BenchCommand.run(options, QUIET);
        for (BenchCommand.Failure failure : report.failures()) {
            throw new AssertionError("method [" + failure.method() + "] failed", failure.error());
        }
        return report.results();
    }

    private static dev.vicinity.metric.Metric euclidean() {
        return dev.vicinity.metric.Metrics.byName("euclidean", Float.NaN);
    }
}
