package dev.vicinity.plugin.query;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;

/**
 * A query vector given by reference, Annoy's {@code get_nns_by_item}: the vector stored in the document {@code id}
 * of {@code index} (the searched index when there is only one and none is named), found with {@code routing} when the
 * document was indexed with a custom routing (as a get needs it).
 */
public record VectorReference(String id, String index, String routing) implements Writeable, ToXContentObject {

    public VectorReference {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("[vicinity_knn] [vector.id] must be a non-empty document id but was [" + id + "]");
        }
    }

    /** A reference without custom routing. */
    public VectorReference(String id, String index) {
        this(id, index, null);
    }

    VectorReference(StreamInput in) throws IOException {
        this(in.readString(), in.readOptionalString(), in.readOptionalString());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(id);
        out.writeOptionalString(index);
        out.writeOptionalString(routing);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("id", id);
        if (index != null) {
            builder.field("index", index);
        }
        if (routing != null) {
            builder.field("routing", routing);
        }
        return builder.endObject();
    }
}
