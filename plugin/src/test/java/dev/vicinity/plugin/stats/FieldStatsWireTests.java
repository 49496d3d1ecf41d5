package dev.vicinity.plugin.stats;

import dev.vicinity.plugin.VicinityTransportVersions;
import dev.vicinity.plugin.mapper.MethodConfig;
import dev.vicinity.stats.FieldCounts;
import dev.vicinity.stats.FieldSegmentStats;

import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.test.AbstractWireSerializingTestCase;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** {@link FieldStats} survives the wire, every component of it, also at the plugin's first transport version. */
public class FieldStatsWireTests extends AbstractWireSerializingTestCase<FieldStats> {

    static FieldStats randomFieldStats() {
        return new FieldStats(randomMethod(), randomIntBetween(1, 4096), randomFrom("euclidean", "cosine", "minkowski"),
            randomBoolean() ? Float.NaN : randomFloatBetween(1f, 10f, true), randomSegments(), randomCounts());
    }

    static MethodConfig randomMethod() {
        Map<String, String> params = new HashMap<>();
        for (int i = randomIntBetween(0, 4); i > 0; i--) {
            params.put(randomAlphaOfLength(6), randomAlphaOfLengthBetween(1, 8));
        }
        return new MethodConfig(randomFrom("exact", "nndescent", "forest", "lsh"), params);
    }

    static FieldSegmentStats randomSegments() {
        int segments = randomIntBetween(0, 50);
        Map<String, Long> offHeap = new HashMap<>();
        for (String extension : randomSubsetOf(java.util.List.of("vec", "vex", "veq"))) {
            offHeap.put(extension, randomNonNegativeLong());
        }
        return new FieldSegmentStats(segments, randomIntBetween(0, segments), randomNonNegativeLong(), offHeap, randomNonNegativeLong());
    }

    static FieldCounts randomCounts() {
        return new FieldCounts(randomBuilds(), randomBuilds(), randomBuilds(), randomNonNegativeLong(), randomNonNegativeLong());
    }

    private static FieldCounts.BuildTotals randomBuilds() {
        return new FieldCounts.BuildTotals(randomNonNegativeLong(), randomNonNegativeLong(), randomNonNegativeLong());
    }

    @Override
    protected Writeable.Reader<FieldStats> instanceReader() {
        return FieldStats::readFrom;
    }

    @Override
    protected FieldStats createTestInstance() {
        return randomFieldStats();
    }

    @Override
    protected FieldStats mutateInstance(FieldStats s) {
        return switch (between(0, 5)) {
            case 0 -> new FieldStats(randomValueOtherThan(s.method(), FieldStatsWireTests::randomMethod), s.dims(), s.metric(), s.p(),
                s.segments(), s.counts());
            case 1 -> new FieldStats(s.method(), s.dims() + 1, s.metric(), s.p(), s.segments(), s.counts());
            case 2 -> new FieldStats(s.method(), s.dims(), s.metric() + "x", s.p(), s.segments(), s.counts());
            case 3 -> new FieldStats(s.method(), s.dims(), s.metric(), Float.isNaN(s.p()) ? 2f : Float.NaN, s.segments(), s.counts());
            case 4 -> new FieldStats(s.method(), s.dims(), s.metric(), s.p(), randomValueOtherThan(s.segments(), FieldStatsWireTests::randomSegments),
                s.counts());
            default -> new FieldStats(s.method(), s.dims(), s.metric(), s.p(), s.segments(),
                randomValueOtherThan(s.counts(), FieldStatsWireTests::randomCounts));
        };
    }

    public void testFirstTransportVersion() throws IOException {
        FieldStats stats = createTestInstance();
        assertEquals(stats, copyInstance(stats, VicinityTransportVersions.INITIAL));
    }
}
