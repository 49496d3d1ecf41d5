package dev.vicinity.plugin.rest;

import dev.vicinity.plugin.stats.TransportVicinityStatsAction;
import dev.vicinity.plugin.stats.VicinityStatsRequest;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.Strings;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestUtils;
import org.elasticsearch.rest.action.RestCancellableNodeClient;
import org.elasticsearch.rest.action.RestRefCountedChunkedToXContentListener;

import java.util.List;

/**
 * {@code GET /_vicinity/stats} and {@code GET /{index}/_vicinity/stats}: per node, index and {@code vicinity_vector}
 * field, the method and its build parameters, segments with a structure and searched exactly, vectors, off-heap and
 * heap bytes, structure builds at flush and merge, and searches (see {@code docs/stats.md}).
 *
 * <p>Nodes are chosen in the path as {@code _cluster/stats/nodes/{nodeId}} chooses them ({@code /_vicinity/stats/nodes/
 * node-1,node-2}, {@code _local}, {@code master:false}, ...); {@code timeout} bounds the wait for each node as it does
 * for {@code _nodes/stats}; {@code human} adds readable sizes and times. Anything else is refused by Elasticsearch with
 * a 400 naming the parameter.
 */
public final class RestVicinityStatsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "vicinity_stats_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(RestRequest.Method.GET, "/_vicinity/stats"),
            new Route(RestRequest.Method.GET, "/_vicinity/stats/nodes/{nodeId}"),
            new Route(RestRequest.Method.GET, "/{index}/_vicinity/stats"),
            new Route(RestRequest.Method.GET, "/{index}/_vicinity/stats/nodes/{nodeId}")
        );
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest restRequest, NodeClient client) {
        VicinityStatsRequest request = request(restRequest);
        return channel -> new RestCancellableNodeClient(client, restRequest.getHttpChannel()).execute(TransportVicinityStatsAction.TYPE, request,
            new RestRefCountedChunkedToXContentListener<>(channel));
    }

    /** The request of a REST call of this endpoint or of {@code _cat/vicinity}: nodes and indices from the path, the timeout. */
    static VicinityStatsRequest request(RestRequest restRequest) {
        String[] nodeIds = Strings.splitStringByCommaToArray(restRequest.param("nodeId"));
        String[] indices = restRequest.hasParam("index") ? Strings.splitStringByCommaToArray(restRequest.param("index")) : null;
        VicinityStatsRequest request = new VicinityStatsRequest(nodeIds, indices);
        request.setTimeout(RestUtils.getTimeout(restRequest));
        return request;
    }

    @Override
    public boolean canTripCircuitBreaker() {
        return false;
    }
}
