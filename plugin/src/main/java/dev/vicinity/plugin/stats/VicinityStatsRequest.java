package dev.vicinity.plugin.stats;

import org.elasticsearch.action.support.nodes.BaseNodesRequest;
import org.elasticsearch.index.Index;

/**
 * {@code _vicinity/stats} on the coordinating node (never sent: each node gets a {@link VicinityStatsNodeRequest}).
 * Nodes are chosen as {@code _nodes/stats} chooses them (ids, names, {@code _local}, {@code master:true}, ...; none
 * means all); indices by the path's index expressions, which the transport action resolves to concrete indices.
 */
public final class VicinityStatsRequest extends BaseNodesRequest {

    /** The index expressions of the path, or {@code null} for every index. */
    private final String[] indexExpressions;
    /** The indices they resolved to, set by the transport action; {@code null} for every index. */
    private Index[] indices;

    public VicinityStatsRequest(String[] nodeIds, String[] indexExpressions) {
        super(nodeIds);
        this.indexExpressions = indexExpressions;
    }

    String[] indexExpressions() {
        return indexExpressions;
    }

    Index[] indices() {
        return indices;
    }

    void indices(Index[] resolved) {
        this.indices = resolved;
    }
}
