package dev.vicinity.plugin.stats;

import org.elasticsearch.action.support.nodes.BaseNodesRequest;
import org.elasticsearch.index.Index;
import org.elasticsearch.tasks.CancellableTask;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.tasks.TaskId;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code _vicinity/stats} on the coordinating node (never sent: each node gets a {@link VicinityStatsNodeRequest}).
 * Nodes are chosen as {@code _nodes/stats} chooses them (ids, names, {@code _local}, {@code master:true}, ...; none
 * means all); indices by the path's index expressions, which the transport action resolves to concrete indices.
 * Cancellable, as {@code _nodes/stats} is: a client that goes away cancels the nodes' work.
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

    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new CancellableTask(id, type, action, "", parentTaskId, headers) {
            @Override
            public String getDescription() {
                return "indices=" + (indexExpressions == null ? "_all" : Arrays.toString(indexExpressions)) + ", nodes="
                    + Arrays.toString(nodesIds());
            }
        };
    }
}
