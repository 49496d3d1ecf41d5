package dev.vicinity.plugin.stats;

import org.elasticsearch.action.FailedNodeException;
import org.elasticsearch.action.support.nodes.BaseNodesXContentResponse;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.collect.Iterators;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.xcontent.ChunkedToXContentHelper;
import org.elasticsearch.xcontent.ToXContent;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * {@code _vicinity/stats}: the nodes header ({@code _nodes}: total, successful, failed and the failures), the cluster
 * name, then one object per node under {@code nodes}, one chunk each, as {@code _nodes/stats} writes them.
 */
public final class VicinityStatsResponse extends BaseNodesXContentResponse<VicinityStatsNodeResponse> {

    public VicinityStatsResponse(ClusterName clusterName, List<VicinityStatsNodeResponse> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
    }

    @Override
    protected List<VicinityStatsNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readCollectionAsList(VicinityStatsNodeResponse::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<VicinityStatsNodeResponse> nodes) throws IOException {
        out.writeCollection(nodes);
    }

    @Override
    protected Iterator<? extends ToXContent> xContentChunks(ToXContent.Params outerParams) {
        return Iterators.concat(ChunkedToXContentHelper.startObject("nodes"), getNodes().iterator(), ChunkedToXContentHelper.endObject());
    }
}
