package dev.vicinity.plugin.stats;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code vicinity_vector} fields of one index on one node.
 *
 * @param name the index name
 * @param shards how many copies of the index's shards (primaries and replicas) the node holds and reported
 * @param fields every {@code vicinity_vector} field of the mapping by full path, summed over those copies
 */
public record IndexStats(String name, int shards, Map<String, FieldStats> fields) implements Writeable, ToXContentObject {

    public IndexStats {
        fields = Map.copyOf(fields);
    }

    public static IndexStats readFrom(StreamInput in) throws IOException {
        return new IndexStats(in.readString(), in.readVInt(), in.readMap(FieldStats::readFrom));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(name);
        out.writeVInt(shards);
        out.writeMap(fields, StreamOutput::writeWriteable);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("shards", shards);
        builder.startObject("fields");
        for (Map.Entry<String, FieldStats> field : new TreeMap<>(fields).entrySet()) {
            builder.field(field.getKey(), field.getValue(), params);
        }
        builder.endObject();
        return builder.endObject();
    }
}
