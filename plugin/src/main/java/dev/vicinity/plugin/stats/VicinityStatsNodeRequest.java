package dev.vicinity.plugin.stats;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.core.Nullable;
import org.elasticsearch.index.Index;
import org.elasticsearch.tasks.CancellableTask;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.tasks.TaskId;
import org.elasticsearch.transport.AbstractTransportRequest;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What each node is asked by {@code _vicinity/stats}: the concrete indices to report (name and uuid, so an index
 * deleted and created again under the same name is not mistaken for the one resolved), or {@code null} for every
 * index the node holds. Wire format as of {@link dev.vicinity.plugin.VicinityTransportVersions#INITIAL}.
 */
public final class VicinityStatsNodeRequest extends AbstractTransportRequest {

    private final Index[] indices;

    public VicinityStatsNodeRequest(@Nullable Index[] indices) {
        this.indices = indices;
    }

    public VicinityStatsNodeRequest(StreamInput in) throws IOException {
        super(in);
        this.indices = in.readOptionalArray(Index::new, Index[]::new);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalArray(indices);
    }

    /** The indices to report, or {@code null} for all. */
    @Nullable
    public Index[] indices() {
        return indices;
    }

    /** Cancellable, so that cancelling the nodes request (its parent) stops the node between indices. */
    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new CancellableTask(id, type, action, "", parentTaskId, headers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VicinityStatsNodeRequest other && Arrays.equals(indices, other.indices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(indices));
    }
}
