package dev.vicinity.plugin.stats;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.ActionType;
import org.elasticsearch.action.FailedNodeException;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.IndicesOptions;
import org.elasticsearch.action.support.nodes.TransportNodesAction;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.cluster.project.ProjectResolver;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.index.Index;
import org.elasticsearch.indices.IndicesService;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.CancellableTask;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code _vicinity/stats} as a nodes action, as {@code _nodes/stats} is one: the coordinating node resolves the index
 * expressions (a missing index is Elasticsearch's {@code index_not_found_exception}, 404) and the node filter, then
 * every chosen node reports its own shard copies ({@link NodeStatsCollector}) on its {@code management} thread pool.
 * A node that fails is listed in {@code _nodes.failures} and the others still answer.
 */
public final class TransportVicinityStatsAction extends TransportNodesAction<VicinityStatsRequest, VicinityStatsResponse,
    VicinityStatsNodeRequest, VicinityStatsNodeResponse, Void> {

    public static final ActionType<VicinityStatsResponse> TYPE = new ActionType<>("cluster:monitor/vicinity/stats");

    private final IndicesService indicesService;
    private final IndexNameExpressionResolver resolver;
    private final ProjectResolver projectResolver;

    @Inject
    public TransportVicinityStatsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
                                        ActionFilters actionFilters, IndicesService indicesService, IndexNameExpressionResolver resolver,
                                        ProjectResolver projectResolver) {
        super(TYPE.name(), clusterService, transportService, actionFilters, VicinityStatsNodeRequest::new,
            threadPool.executor(ThreadPool.Names.MANAGEMENT));
        this.indicesService = indicesService;
        this.resolver = resolver;
        this.projectResolver = projectResolver;
    }

    @Override
    protected void doExecute(Task task, VicinityStatsRequest request, ActionListener<VicinityStatsResponse> listener) {
        if (request.indexExpressions() != null) {
            // wildcards expand to open indices and may match none; a name that matches nothing is a 404
            request.indices(resolver.concreteIndices(projectResolver.getProjectMetadata(clusterService.state()),
                IndicesOptions.strictExpandOpen(), request.indexExpressions()));
        }
        super.doExecute(task, request, listener);
    }

    @Override
    protected VicinityStatsResponse newResponse(VicinityStatsRequest request, List<VicinityStatsNodeResponse> responses,
                                                List<FailedNodeException> failures) {
        return new VicinityStatsResponse(clusterService.getClusterName(), responses, failures);
    }

    @Override
    protected VicinityStatsNodeRequest newNodeRequest(VicinityStatsRequest request) {
        return new VicinityStatsNodeRequest(request.indices());
    }

    @Override
    protected VicinityStatsNodeResponse newNodeResponse(StreamInput in, DiscoveryNode node) throws IOException {
        return new VicinityStatsNodeResponse(in, node);
    }

    @Override
    protected VicinityStatsNodeResponse nodeOperation(VicinityStatsNodeRequest request, Task task) {
        Set<Index> only = request.indices() == null ? null : new HashSet<>(Arrays.asList(request.indices()));
        Runnable ensureNotCancelled = task instanceof CancellableTask cancellable ? cancellable::ensureNotCancelled : () -> {};
        return new VicinityStatsNodeResponse(clusterService.localNode(), NodeStatsCollector.collect(indicesService, only, ensureNotCancelled));
    }
}
