package dev.vicinity.plugin.rest;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /{index}/_vicinity/tune}: the cheapest setting of a field's query parameter that reaches a target
 * recall on the live index, with the whole measured curve.
 *
 * <pre>{@code
 * POST /images/_vicinity/tune
 * { "field": "embedding", "target_recall": 0.95 }
 *
 * { "field": "embedding", "method": "nndescent", "parameter": "epsilon", "target_recall": 0.95, "k": 10,
 *   "query_mode": "sampled_documents", "queries": 100, "reached": true,
 *   "chosen": { "query_params": { "epsilon": 0.05 }, "recall": 0.957, ... },
 *   "curve": [ { "query_params": { "epsilon": 0.0 }, "recall": 0.93, ... }, ... ],
 *   "timed_out": false, "took_millis": 2140 }
 * }</pre>
 *
 * See {@link TuneRequest} for the body and {@link TuneRun} for the procedure.
 */
public final class RestVicinityTuneAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "vicinity_tune_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, "/{index}/_vicinity/tune"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest restRequest, NodeClient client) throws IOException {
        String index = RestReplies.oneIndex(TuneRequest.ENDPOINT, restRequest);
        Map<String, Object> body = restRequest.hasContentOrSourceParam() ? restRequest.contentOrSourceParamParser().map() : null;
        TuneRequest request = TuneRequest.parse(body, restRequest.contentParserConfig().registry());
        return channel -> new TuneRun(client, index, request, RestReplies.replying(channel, RestVicinityTuneAction::toXContent)).start();
    }

    static void toXContent(XContentBuilder builder, TuneRun.Result r) throws IOException {
        builder.startObject();
        builder.field("field", r.field());
        builder.field("method", r.method());
        builder.field("parameter", r.parameter());
        builder.field("target_recall", r.targetRecall());
        builder.field("k", r.k());
        // sampled documents are each left out of their own answers; supplied queries are what the user sent
        builder.field("query_mode", r.suppliedQueries() ? "supplied_queries" : "sampled_documents");
        builder.field("queries", r.queries());
        builder.field("reached", r.reached());
        if (r.reached() == false) {
            builder.field("message", notReached(r));
        }
        builder.field("chosen");
        point(builder, r.chosen());
        builder.startArray("curve");
        for (TuneRun.Point point : r.curve()) {
            point(builder, point);
        }
        builder.endArray();
        builder.field("timed_out", r.timedOut());
        builder.field("took_millis", r.tookMillis());
        builder.endObject();
    }

    private static String notReached(TuneRun.Result r) {
        String best = String.format(Locale.ROOT, "%.4f", r.chosen().summary().recall());
        if (r.parameter() == null) {
            return "method [" + r.method() + "] has nothing to tune and measured recall@" + r.k() + " " + best;
        }
        return (r.timedOut() ? "the time budget ran out before any setting of [" : "no setting of [") + r.parameter() + "] reached recall@"
            + r.k() + " " + r.targetRecall() + " on these queries; the best measured is " + best + " at " + r.chosen().queryParams();
    }

    private static void point(XContentBuilder builder, TuneRun.Point point) throws IOException {
        builder.startObject();
        builder.field("query_params", point.queryParams());
        RestVicinityEvaluateAction.fields(builder, point.summary());
        builder.endObject();
    }
}
