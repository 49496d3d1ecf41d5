package dev.vicinity.plugin.stats;

import dev.vicinity.stats.FieldCounts;
import dev.vicinity.stats.FieldSegmentStats;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.Map;

/**
 * The wire format of the codec's statistics records ({@link FieldSegmentStats}, {@link FieldCounts}), which stay free of
 * Elasticsearch and so cannot be {@code Writeable} themselves. Counts are vlongs, never negative. Written as of
 * {@link dev.vicinity.plugin.VicinityTransportVersions#INITIAL}.
 */
final class CodecStatsWire {

    private CodecStatsWire() {}

    static void writeSegments(StreamOutput out, FieldSegmentStats segments) throws IOException {
        out.writeVInt(segments.segments());
        out.writeVInt(segments.structured());
        out.writeVLong(segments.vectors());
        out.writeMap(segments.offHeapBytes(), StreamOutput::writeVLong);
        out.writeVLong(segments.heapBytes());
    }

    static FieldSegmentStats readSegments(StreamInput in) throws IOException {
        int segments = in.readVInt();
        int structured = in.readVInt();
        long vectors = in.readVLong();
        Map<String, Long> offHeap = in.readMap(StreamInput::readVLong);
        return new FieldSegmentStats(segments, structured, vectors, offHeap, in.readVLong());
    }

    static void writeCounts(StreamOutput out, FieldCounts counts) throws IOException {
        writeBuilds(out, counts.flushes());
        writeBuilds(out, counts.seededMerges());
        writeBuilds(out, counts.scratchMerges());
        out.writeVLong(counts.queries());
        out.writeVLong(counts.queryNanos());
    }

    static FieldCounts readCounts(StreamInput in) throws IOException {
        FieldCounts.BuildTotals flushes = readBuilds(in);
        FieldCounts.BuildTotals seeded = readBuilds(in);
        FieldCounts.BuildTotals scratch = readBuilds(in);
        return new FieldCounts(flushes, seeded, scratch, in.readVLong(), in.readVLong());
    }

    private static void writeBuilds(StreamOutput out, FieldCounts.BuildTotals builds) throws IOException {
        out.writeVLong(builds.count());
        out.writeVLong(builds.vectors());
        out.writeVLong(builds.nanos());
    }

    private static FieldCounts.BuildTotals readBuilds(StreamInput in) throws IOException {
        return new FieldCounts.BuildTotals(in.readVLong(), in.readVLong(), in.readVLong());
    }
}
