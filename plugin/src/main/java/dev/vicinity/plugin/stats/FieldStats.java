package dev.vicinity.plugin.stats;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.IndexMethods;
import dev.vicinity.plugin.mapper.MethodConfig;
import dev.vicinity.stats.FieldCounts;
import dev.vicinity.stats.FieldSegmentStats;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.common.unit.ByteSizeValue;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The statistics of one {@code vicinity_vector} field of one index on one node, summed over the node's copies of the
 * index's shards: the mapping's method and build parameters, what the open segments hold ({@link FieldSegmentStats})
 * and what the node counted since the copies opened ({@link FieldCounts}). The JSON is documented in
 * {@code docs/stats.md}; names follow Elasticsearch's ({@code value_count} and {@code off_heap.*_size_bytes} as
 * {@code dense_vector} stats, {@code *_in_millis} with {@code human} forms as {@code _nodes/stats}).
 *
 * @param method the mapping's {@code method} object (type and build parameters as given)
 * @param dims the mapping's dimensions
 * @param metric the mapping's metric name
 * @param p the metric's parameter ({@code minkowski}'s {@code p}), {@code NaN} when it takes none
 */
public record FieldStats(MethodConfig method, int dims, String metric, float p, FieldSegmentStats segments, FieldCounts counts)
    implements Writeable, ToXContentObject {

    public static FieldStats readFrom(StreamInput in) throws IOException {
        MethodConfig method = new MethodConfig(in.readString(), in.readMap(StreamInput::readString));
        int dims = in.readVInt();
        String metric = in.readString();
        float p = in.readFloat();
        FieldSegmentStats segments = CodecStatsWire.readSegments(in);
        return new FieldStats(method, dims, metric, p, segments, CodecStatsWire.readCounts(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(method.type());
        out.writeMap(method.parameters(), StreamOutput::writeString);
        out.writeVInt(dims);
        out.writeString(metric);
        out.writeFloat(p);
        CodecStatsWire.writeSegments(out, segments);
        CodecStatsWire.writeCounts(out, counts);
    }

    /** The same field on another shard copy: segments and counts added, the mapping's values kept. */
    public FieldStats plus(FieldSegmentStats otherSegments, FieldCounts otherCounts) {
        return new FieldStats(method, dims, metric, p, segments.plus(otherSegments), counts.plus(otherCounts));
    }

    /** Segments with fewer vectors get no structure; {@code -1} for a method that builds none. */
    public int exactBelow() {
        IndexMethod indexMethod = IndexMethods.byName(method.type());
        if (indexMethod.buildsStructure() == false) {
            return -1;
        }
        String value = method.parameters().get(IndexMethod.EXACT_BELOW);
        return value == null ? IndexMethod.DEFAULT_EXACT_BELOW : Integer.parseInt(value);
    }

    /** Mean time of one search, in microseconds; {@code 0} before the first. */
    public long queryMeanMicros() {
        return counts.queries() == 0 ? 0 : TimeUnit.NANOSECONDS.toMicros(counts.queryNanos() / counts.queries());
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("method", method);
        builder.field("dims", dims);
        builder.field("metric", metric);
        if (Float.isNaN(p) == false) {
            builder.field("p", p);
        }
        if (exactBelow() >= 0) {
            builder.field(IndexMethod.EXACT_BELOW, exactBelow());
        }
        builder.field("value_count", segments.vectors());
        builder.startObject("segments");
        builder.field("count", segments.segments());
        builder.field("structure", segments.structured());
        builder.field("exact", segments.exact());
        builder.endObject();
        offHeap(builder);
        builder.humanReadableField("heap_size_in_bytes", "heap_size", ByteSizeValue.ofBytes(segments.heapBytes()));
        builder.startObject("build");
        builds(builder, "flush", counts.flushes());
        builder.startObject("merge");
        buildFields(builder, counts.merges());
        builds(builder, "seeded", counts.seededMerges());
        builds(builder, "scratch", counts.scratchMerges());
        builder.endObject();
        builder.endObject();
        builder.startObject("search");
        builder.field("query_total", counts.queries());
        builder.humanReadableField("query_time_in_millis", "query_time", TimeValue.timeValueNanos(counts.queryNanos()));
        builder.field("query_mean_time_in_micros", queryMeanMicros());
        if (builder.humanReadable()) {
            builder.field("query_mean_time", new TimeValue(queryMeanMicros(), TimeUnit.MICROSECONDS).toString());
        }
        builder.endObject();
        return builder.endObject();
    }

    /** As {@code dense_vector}'s {@code off_heap}: the total, then every file extension, {@code vec} and {@code vex} always. */
    private void offHeap(XContentBuilder builder) throws IOException {
        Map<String, Long> byExtension = new TreeMap<>(Map.of("vec", 0L, "vex", 0L));
        byExtension.putAll(segments.offHeapBytes());
        builder.startObject("off_heap");
        builder.humanReadableField("total_size_bytes", "total_size", ByteSizeValue.ofBytes(segments.offHeapTotal()));
        for (Map.Entry<String, Long> extension : byExtension.entrySet()) {
            builder.humanReadableField(extension.getKey() + "_size_bytes", extension.getKey() + "_size", ByteSizeValue.ofBytes(extension.getValue()));
        }
        builder.endObject();
    }

    private static void builds(XContentBuilder builder, String name, FieldCounts.BuildTotals builds) throws IOException {
        builder.startObject(name);
        buildFields(builder, builds);
        builder.endObject();
    }

    private static void buildFields(XContentBuilder builder, FieldCounts.BuildTotals builds) throws IOException {
        builder.field("total", builds.count());
        builder.field("vectors", builds.vectors());
        builder.humanReadableField("time_in_millis", "time", TimeValue.timeValueNanos(builds.nanos()));
    }
}
