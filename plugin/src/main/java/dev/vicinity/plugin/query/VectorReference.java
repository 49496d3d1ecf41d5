package dev.vicinity.plugin.query;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;

/**
 * A query vector given by reference, Annoy's {@code get_nns_by_item}: the vector stored in the document {@code id}
 * of {@code index} (the searched index when there is only one and none is named).
 */
public record VectorReference(String id, String index) implements Writeable, ToXContentObject {

    public VectorReference {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("[vicinity_knn] [vector.id] must be a non-empty document id but was [" + id + "]");
        }
    }

    VectorReference(StreamInput in) throws IOException {
        this(in.readString(), in.readOptionalString());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(id);
        out.writeOptionalString(index);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("id", id);
        if (index != null) {
            builder.field("index", index);
        }
        return builder.endObject();
    }
}
