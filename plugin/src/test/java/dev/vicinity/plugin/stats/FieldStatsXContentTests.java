package dev.vicinity.plugin.stats;

import dev.vicinity.plugin.mapper.MethodConfig;
import dev.vicinity.stats.FieldCounts;
import dev.vicinity.stats.FieldSegmentStats;

import org.elasticsearch.common.Strings;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.ToXContent;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentType;
import org.elasticsearch.xcontent.json.JsonXContent;

import java.io.IOException;
import java.util.Map;

/** The JSON of one field's statistics: every number where docs/stats.md says it is, and what {@code human} adds. */
public class FieldStatsXContentTests extends ESTestCase {

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> map, String path) {
        Object node = map;
        for (String key : path.split("\\.")) {
            node = ((Map<String, Object>) node).get(key);
        }
        return (T) node;
    }

    private static Map<String, Object> render(FieldStats stats, boolean human) throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder().humanReadable(human);
        stats.toXContent(builder, ToXContent.EMPTY_PARAMS);
        return XContentHelper.convertToMap(XContentType.JSON.xContent(), Strings.toString(builder), true);
    }

    public void testEveryNumberInItsPlace() throws IOException {
        long vec = randomLongBetween(0, 1L << 40);
        long vex = randomLongBetween(1, 1L << 30);
        long heap = randomLongBetween(0, 1L << 30);
        long queries = randomLongBetween(1, 1000);
        long queryNanos = randomLongBetween(queries * 1000, 1L << 40);
        FieldStats stats = new FieldStats(new MethodConfig("nndescent", Map.of("n_neighbors", "30")), 64, "euclidean", Float.NaN,
            new FieldSegmentStats(7, 5, 1234, Map.of("vec", vec, "vex", vex), heap),
            new FieldCounts(new FieldCounts.BuildTotals(3, 300, 3_000_000), new FieldCounts.BuildTotals(2, 200, 20_000_000),
                new FieldCounts.BuildTotals(1, 100, 5_000_000), queries, queryNanos));
        Map<String, Object> json = render(stats, false);
        assertEquals("nndescent", at(json, "method.type"));
        assertEquals("30", at(json, "method.n_neighbors"));
        assertEquals(64, (int) at(json, "dims"));
        assertEquals("euclidean", at(json, "metric"));
        assertNull(json.get("p"));
        assertEquals(1000, (int) at(json, "exact_below")); // the default, as the mapping names none
        assertEquals(1234, ((Number) at(json, "value_count")).longValue());
        assertEquals(7, (int) at(json, "segments.count"));
        assertEquals(5, (int) at(json, "segments.structure"));
        assertEquals(2, (int) at(json, "segments.exact"));
        assertEquals(vec + vex, ((Number) at(json, "off_heap.total_size_bytes")).longValue());
        assertEquals(vec, ((Number) at(json, "off_heap.vec_size_bytes")).longValue());
        assertEquals(vex, ((Number) at(json, "off_heap.vex_size_bytes")).longValue());
        assertEquals(heap, ((Number) at(json, "heap_size_in_bytes")).longValue());
        assertEquals(3, (int) at(json, "build.flush.total"));
        assertEquals(300, (int) at(json, "build.flush.vectors"));
        assertEquals(3, (int) at(json, "build.flush.time_in_millis"));
        assertEquals(3, (int) at(json, "build.merge.total"));
        assertEquals(300, (int) at(json, "build.merge.vectors"));
        assertEquals(25, (int) at(json, "build.merge.time_in_millis"));
        assertEquals(2, (int) at(json, "build.merge.seeded.total"));
        assertEquals(20, (int) at(json, "build.merge.seeded.time_in_millis"));
        assertEquals(1, (int) at(json, "build.merge.scratch.total"));
        assertEquals(100, (int) at(json, "build.merge.scratch.vectors"));
        assertEquals(queries, ((Number) at(json, "search.query_total")).longValue());
        assertEquals(queryNanos / 1_000_000, ((Number) at(json, "search.query_time_in_millis")).longValue());
        assertEquals(queryNanos / queries / 1000, ((Number) at(json, "search.query_mean_time_in_micros")).longValue());
        // no human forms unless asked
        assertNull(at(json, "off_heap.vec_size"));
        assertNull(at(json, "heap_size"));
        assertNull(at(json, "build.flush.time"));
        assertNull(at(json, "search.query_mean_time"));
    }

    public void testHumanAddsReadableSizesAndTimes() throws IOException {
        FieldStats stats = new FieldStats(new MethodConfig("lsh", Map.of("exact_below", "50")), 8, "minkowski", 3f,
            new FieldSegmentStats(1, 1, 10, Map.of("vec", 2048L, "vex", 1536L), 4096),
            new FieldCounts(new FieldCounts.BuildTotals(1, 10, 2_000_000), FieldCounts.BuildTotals.NONE, FieldCounts.BuildTotals.NONE, 4,
                6_000_000));
        Map<String, Object> json = render(stats, true);
        assertEquals(3.0, ((Number) at(json, "p")).doubleValue(), 0);
        assertEquals(50, (int) at(json, "exact_below"));
        assertEquals("3.5kb", at(json, "off_heap.total_size"));
        assertEquals("2kb", at(json, "off_heap.vec_size"));
        assertEquals("1.5kb", at(json, "off_heap.vex_size"));
        assertEquals("4kb", at(json, "heap_size"));
        assertEquals("2ms", at(json, "build.flush.time"));
        assertEquals("0s", at(json, "build.merge.time"));
        assertEquals("6ms", at(json, "search.query_time"));
        assertEquals("1.5ms", at(json, "search.query_mean_time"));
        // the raw numbers stay beside them
        assertEquals(2048, (int) at(json, "off_heap.vec_size_bytes"));
        assertEquals(1500, (int) at(json, "search.query_mean_time_in_micros"));
    }

    /** The exact method builds nothing, so it has no exact_below; every file extension shows, with 0 where there is none. */
    public void testExactField() throws IOException {
        FieldStats stats = new FieldStats(MethodConfig.DEFAULT, 3, "cosine", Float.NaN, new FieldSegmentStats(2, 0, 5, Map.of("vec", 60L), 100),
            FieldCounts.NONE);
        Map<String, Object> json = render(stats, false);
        assertNull(json.get("exact_below"));
        assertEquals(0, (int) at(json, "off_heap.vex_size_bytes"));
        assertEquals(60, (int) at(json, "off_heap.total_size_bytes"));
        assertEquals(0, (int) at(json, "search.query_mean_time_in_micros"));
    }
}
