package dev.vicinity.plugin.stats;

import org.elasticsearch.action.support.nodes.BaseNodeResponse;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.ToXContentFragment;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * One node's answer to {@code _vicinity/stats}: the {@code vicinity_vector} fields of every index it holds shard copies
 * of (among those asked for), by index. Wire format as of {@link dev.vicinity.plugin.VicinityTransportVersions#INITIAL}.
 */
public final class VicinityStatsNodeResponse extends BaseNodeResponse implements ToXContentFragment {

    private final List<IndexStats> indices;

    public VicinityStatsNodeResponse(DiscoveryNode node, List<IndexStats> indices) {
        super(node);
        this.indices = indices.stream().sorted(Comparator.comparing(IndexStats::name)).toList();
    }

    public VicinityStatsNodeResponse(StreamInput in, DiscoveryNode node) throws IOException {
        super(in, node);
        this.indices = in.readCollectionAsList(IndexStats::readFrom);
    }

    public VicinityStatsNodeResponse(StreamInput in) throws IOException {
        this(in, null);
    }

    /** By index name. */
    public List<IndexStats> indices() {
        return indices;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeCollection(indices);
    }

    /** The node's object in {@code nodes}: who it is, as {@code _nodes/stats} says it, then its indices. */
    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(getNode().getId());
        builder.field("name", getNode().getName());
        builder.field("transport_address", getNode().getAddress().toString());
        builder.field("host", getNode().getHostName());
        builder.field("ip", getNode().getAddress());
        builder.startObject("indices");
        for (IndexStats index : indices) {
            builder.field(index.name(), index, params);
        }
        builder.endObject();
        return builder.endObject();
    }
}
