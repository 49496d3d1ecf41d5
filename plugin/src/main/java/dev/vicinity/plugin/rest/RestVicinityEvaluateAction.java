package dev.vicinity.plugin.rest;

import dev.vicinity.eval.EvaluationAccumulator;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /{index}/_vicinity/evaluate}: how the approximate searches of a {@code vicinity_vector} field compare
 * with exact search, on documents of the index itself (NearPy's experiments on a live index, no code needed).
 *
 * <pre>{@code
 * POST /images/_vicinity/evaluate
 * { "field": "embedding", "queries": 100, "seed": 42, "k": 10, "query_params": { } }
 *
 * { "queries": 100, "k": 10, "recall": 0.97, "precision": 0.97, "distance_ratio": 0.002,
 *   "approximate_millis": 1.2, "exact_millis": 9.8, "relative_time": 0.12 }
 * }</pre>
 *
 * See {@link EvaluateRequest} for the body, {@link EvaluateRun} for the procedure and {@code dev.vicinity.eval} for
 * the definitions. Undefined figures (a distance ratio when no query has one) are {@code null}.
 */
public final class RestVicinityEvaluateAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "vicinity_evaluate_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, "/{index}/_vicinity/evaluate"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest restRequest, NodeClient client) throws IOException {
        String index = RestReplies.oneIndex(EvaluateRun.ENDPOINT, restRequest);
        Map<String, Object> body = restRequest.hasContentOrSourceParam() ? restRequest.contentOrSourceParamParser().map() : null;
        EvaluateRequest request = EvaluateRequest.parse(body);
        return channel -> new EvaluateRun(client, index, request, RestReplies.replying(channel, RestVicinityEvaluateAction::toXContent)).start();
    }

    static void toXContent(XContentBuilder builder, EvaluationAccumulator.Summary s) throws IOException {
        builder.startObject();
        builder.field("queries", s.queries());
        builder.field("k", s.k());
        fields(builder, s);
        builder.endObject();
    }

    /** The measured figures of a summary, as fields of the object being built (also the tune endpoint's points). */
    static void fields(XContentBuilder builder, EvaluationAccumulator.Summary s) throws IOException {
        number(builder, "recall", s.recall());
        number(builder, "precision", s.precision());
        number(builder, "distance_ratio", s.distanceRatio());
        number(builder, "approximate_millis", s.approximateMillis());
        number(builder, "exact_millis", s.exactMillis());
        number(builder, "relative_time", s.relativeTime());
        number(builder, "candidates_examined", s.candidatesExamined());
    }

    private static void number(XContentBuilder builder, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            builder.field(name, value);
        } else {
            builder.nullField(name);
        }
    }
}
