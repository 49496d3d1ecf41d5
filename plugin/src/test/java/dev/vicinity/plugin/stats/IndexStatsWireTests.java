package dev.vicinity.plugin.stats;

import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.test.AbstractWireSerializingTestCase;

import java.util.HashMap;
import java.util.Map;

/** {@link IndexStats}, its fields by name included, survives the wire. */
public class IndexStatsWireTests extends AbstractWireSerializingTestCase<IndexStats> {

    static IndexStats randomIndexStats() {
        return new IndexStats(randomAlphaOfLengthBetween(1, 10), randomIntBetween(1, 100), randomFields());
    }

    private static Map<String, FieldStats> randomFields() {
        Map<String, FieldStats> fields = new HashMap<>();
        for (int i = randomIntBetween(0, 4); i > 0; i--) {
            fields.put(randomAlphaOfLengthBetween(1, 8), FieldStatsWireTests.randomFieldStats());
        }
        return fields;
    }

    @Override
    protected Writeable.Reader<IndexStats> instanceReader() {
        return IndexStats::readFrom;
    }

    @Override
    protected IndexStats createTestInstance() {
        return randomIndexStats();
    }

    @Override
    protected IndexStats mutateInstance(IndexStats s) {
        return switch (between(0, 2)) {
            case 0 -> new IndexStats(s.name() + "x", s.shards(), s.fields());
            case 1 -> new IndexStats(s.name(), s.shards() + 1, s.fields());
            default -> new IndexStats(s.name(), s.shards(), randomValueOtherThan(s.fields(), IndexStatsWireTests::randomFields));
        };
    }
}
