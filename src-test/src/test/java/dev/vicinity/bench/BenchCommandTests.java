package dev.vicinity.bench;

import dev.vicinity.data.Fvecs;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import org.elasticsearch.test.ESTestCase;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark command on tiny inputs: the CSV's columns, exact search scoring recall 1 and distance ratio 0, the
 * plot being written, and the HDF5 reader on a file written with jhdf. Speed is never asserted. An ESTestCase only
 * because this class path also holds the Elasticsearch jars, whose Lucene SPI formats need its logging set up.
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
        List<Result> results = BenchCommand.run(options, QUIET);
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
        List<Result> results = BenchCommand.run(BenchOptions.parse(new String[] {
            "--dataset", file.toString(), "--method", "exact", "--out", out.toString(), "--warmup", "0", "--k", "5" }), QUIET);
        assertEquals(1.0, results.get(0).recall(), 0);
        assertEquals(0.0, results.get(0).distanceRatio(), 0);
        assertTrue(Files.readAllLines(out.resolve(BenchCommand.CSV)).get(0).contains(",recall_at_5,"));
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
            "--dataset", "x", "--method", "exact,annoy", "--out", out.toString() }));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown method [annoy]"));
        e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "exact", "--out", out.toString(), "--query", "ef=10" }));
        assertEquals("[--query] parameter [ef] is not taken by [exact]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "exact", "--out", out.toString(), "--k", "0" }));
        assertEquals("[--k] must be at least [1] but was [0]", e.getMessage());
        BenchOptions scoped = BenchOptions.parse(new String[] {
            "--dataset", "x", "--method", "exact,hnsw", "--out", out.toString(), "--build", "hnsw.m=8", "--query", "hnsw.ef=5,6" });
        assertEquals("8", scoped.buildParams(BenchMethods.byName("hnsw")).get("m"));
        assertEquals(List.of("5", "6"), scoped.querySweep(BenchMethods.byName("hnsw")).get("ef"));
    }
}
