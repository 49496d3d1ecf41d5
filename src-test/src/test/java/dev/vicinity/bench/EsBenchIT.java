package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.elasticsearch.test.ESTestCase;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ./vicinity bench --via es} end to end on a tiny subset of sift-5k: a real node started as a child process on
 * the launcher's class path with the plugin from its zip, Vicinity's {@code exact} through {@code vicinity_knn} and
 * Elasticsearch's {@code dense_vector} HNSW through {@code knn}, unfiltered and under {@code mod10}, with 1 and 2
 * clients; a system the node refuses is reported while the others run; the node is stopped at the end. Checks the
 * rows of {@code results.csv}, never a time.
 */
// Lucene's mock ExtrasFS drops "extra0" entries into test directories, which the node would take for a plugin.
@LuceneTestCase.SuppressFileSystems("ExtrasFS")
public class EsBenchIT extends ESTestCase {

    /** The node of the launcher's {@code serve}, on this build's outputs, with a test-sized heap. */
    private static EsNodeLaunch launch() throws Exception {
        String classPath = System.getProperty("vicinity.node.launcher.classes") + File.pathSeparator
            + Files.readString(Path.of(System.getProperty("vicinity.node.classpath"))).trim();
        return new EsNodeLaunch(ProcessHandle.current().info().command().orElseThrow(),
            List.of("-Xms512m", "-Xmx512m", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"), classPath,
            Path.of(System.getProperty("vicinity.plugin.zip")), Path.of(System.getProperty("vicinity.modules.dir")).resolve("transport-netty4"));
    }

    public void testExactAndDenseVectorThroughANode() throws Exception {
        Path sift = Path.of(System.getProperty("vicinity.shared.data", "../../shared/data")).resolve("sift-5k-128-euclidean");
        Path out = createTempDir("bench-es");
        // es-flat stands in for a system whose mapping the node refuses
        BenchOptions options = BenchOptions.parse(new String[] {
            "--via", "es", "--dataset", sift.toString(), "--method", "exact,es-flat,es-hnsw", "--out", out.toString(), "--base", "500",
            "--queries", "20", "--warmup", "0", "--passes", "1", "--clients", "2", "--filter", "none,mod10",
            "--query", "es-hnsw.num_candidates=20", "--home", createTempDir("home").toString() });
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        EsBenchCommand.Report report = EsBenchCommand.run(options, launch(), new Progress(new PrintStream(said, true, StandardCharsets.UTF_8), 60_000),
            name -> name.equals("es-flat") ? new RefusedSystem("es-flat") : EsSystems.byName(name));
        String progress = said.toString(StandardCharsets.UTF_8);

        assertEquals(progress, 1, report.failures().size());
        assertEquals("es-flat", report.failures().get(0).method());
        assertTrue(progress, progress.contains("es-flat: FAILED, going on with the next method"));
        assertTrue("the node answered why: " + report.failures().get(0).summary(), report.failures().get(0).summary().contains("400"));
        assertEquals("the node is stopped", 0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());

        List<String> lines = Files.readAllLines(out.resolve(BenchCommand.CSV));
        assertEquals(EsResultsCsv.header(10), lines.get(0));
        // per system: 2 filters x 1 sweep point x 2 client counts
        assertEquals(lines.toString(), 1 + 4 + 4, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertTrue(line, cells[0].equals("exact") || cells[0].equals("es-hnsw"));
            assertTrue(line, List.of("none", "mod10").contains(cells[3]));
            assertTrue(line, List.of("1", "2").contains(cells[5]));
            assertTrue(line, Double.parseDouble(cells[6]) > 0); // queries/s
            assertTrue(line, Double.parseDouble(cells[8]) > 0); // p50
            assertTrue(line, Double.parseDouble(cells[9]) >= Double.parseDouble(cells[8])); // p99 >= p50
            assertTrue(line, Double.parseDouble(cells[10]) >= 0); // node CPU per query
            assertTrue(line, Long.parseLong(cells[14]) > 500L * 128 * 4); // store bytes hold the vectors
            assertEquals(line, "1", cells[15]); // force-merged to one segment
            assertEquals(line, "20", cells[18]);
            if (cells[0].equals("exact")) {
                assertEquals(line, "1.0000", cells[7]);
                assertEquals(line, "exact", cells[0]);
            } else {
                assertEquals(line, "num_candidates=20", cells[2]);
                assertTrue(line, Double.parseDouble(cells[7]) > 0.5);
            }
            assertEquals(line, cells[3].equals("none") ? "1.0000" : "0.1000", cells[4]);
        }
        assertEquals(List.of("exact", "es-hnsw"), report.results().stream().map(EsResult::system).distinct().toList());
        assertTrue(Files.size(out.resolve(BenchCommand.PLOT)) > 1000);
        assertTrue(Files.readString(out.resolve("node.log")).contains("is serving http://"));
    }

    /** {@code --flush-every} with {@code --no-merge} chooses the segment count, the same for every system. */
    public void testFlushEveryLeavesOneSegmentPerChunk() throws Exception {
        Path sift = Path.of(System.getProperty("vicinity.shared.data", "../../shared/data")).resolve("sift-5k-128-euclidean");
        Path out = createTempDir("bench-es-segments");
        BenchOptions options = BenchOptions.parse(new String[] {
            "--via", "es", "--dataset", sift.toString(), "--method", "nndescent,es-hnsw", "--out", out.toString(), "--base", "1000",
            "--queries", "10", "--warmup", "0", "--passes", "1", "--clients", "1", "--no-merge", "--flush-every", "200",
            "--query", "epsilon=0.1", "--query", "es-hnsw.num_candidates=20", "--home", createTempDir("home").toString() });
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        EsBenchCommand.Report report = EsBenchCommand.run(options, launch(), new Progress(new PrintStream(said, true, StandardCharsets.UTF_8), 60_000),
            EsSystems::byName);
        String progress = said.toString(StandardCharsets.UTF_8);
        assertEquals(progress, List.of(), report.failures());
        List<String> lines = Files.readAllLines(out.resolve(BenchCommand.CSV));
        assertEquals(lines.toString(), 1 + 2, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(line, "5", cells[15]);
            assertEquals(line, "", cells[13]); // no force merge
            assertTrue(line, Double.parseDouble(cells[7]) > 0.5);
        }
    }

    /** A system whose mapping the node refuses (an unknown Vicinity method): it fails when its index is created. */
    private record RefusedSystem(String name) implements EsSystem {
        private static final EsSystem EXACT = EsSystems.byName("exact");

        @Override
        public Map<String, String> buildDefaults() {
            return Map.of();
        }

        @Override
        public Map<String, List<String>> queryDefaults() {
            return Map.of();
        }

        @Override
        public void check(int dims, Metric metric, Map<String, String> buildParams, List<Map<String, String>> sweep, int k) {}

        @Override
        public String fieldMapping(int dims, Metric metric, Map<String, String> buildParams) {
            return EXACT.fieldMapping(dims, metric, buildParams).replace("\"exact\"", "\"no_such_method\"");
        }

        @Override
        public String searchBody(String vectorJson, int k, Map<String, String> queryParams, String filterJson) {
            return EXACT.searchBody(vectorJson, k, queryParams, filterJson);
        }
    }
}
