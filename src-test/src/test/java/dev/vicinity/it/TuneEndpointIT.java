package dev.vicinity.it;

import dev.vicinity.it.HttpJsonSupport.Reply;

import org.elasticsearch.client.RestClient;
import org.elasticsearch.test.ESIntegTestCase;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.vicinity.it.HttpJsonSupport.badRequest;
import static dev.vicinity.it.HttpJsonSupport.ok;
import static dev.vicinity.it.HttpJsonSupport.vectorJson;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * {@code POST /{index}/_vicinity/tune} over real HTTP on a two-node cluster (two shards, one replica each): for each
 * approximate method, the setting tuned on sampled documents of optdigits and sift-5k must reach the target on the
 * data sets' held-out queries (scored against their published ground truth, client-side) within
 * {@value #HELD_OUT_TOLERANCE}: sampled documents read 1.5 to 2.6 points higher than held-out queries (measured on
 * sift-5k with the evaluate endpoint), and 100 sampled queries estimate recall to about one point.
 */
@ESIntegTestCase.SuiteScopeTestCase
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class TuneEndpointIT extends VicinityHttpTestCase {

    private static final double HELD_OUT_TOLERANCE = 0.04;
    private static final String OPTDIGITS = NeighbourOracle.OPTDIGITS;
    private static final String SIFT = "sift-5k-128-euclidean";
    /** Held-out queries scored per data set. */
    private static final int HELD_OUT = 200;

    private static RestClient http() {
        return suiteHttp();
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        index("digits", OPTDIGITS, 64, true);
        index("sift", SIFT, 128, false);
    }

    /**
     * One index per data set, two shards with a replica, force-merged so that every shard copy has one segment with a
     * structure; the approximate methods' fields (all of them for optdigits, nndescent for sift-5k) and an exact one.
     */
    private static void index(String index, String dataSet, int dims, boolean allMethods) {
        String field = "{\"type\": \"vicinity_vector\", \"dims\": " + dims + ", \"metric\": \"euclidean\", \"method\": ";
        String fields = "\"v\": " + field + "{\"type\": \"exact\"}}, \"g\": " + field + "{\"type\": \"nndescent\", \"n_neighbors\": 15, \"exact_below\": 100}}"
            + (allMethods ? ", \"f\": " + field + "{\"type\": \"forest\", \"n_trees\": 8, \"exact_below\": 100}}, \"l\": " + field
                + "{\"type\": \"lsh\", \"exact_below\": 100}}" : "");
        ok(http(), "PUT", "/" + index, "{\"settings\": {\"index.codec\": \"Vicinity104\", \"number_of_shards\": 2, \"number_of_replicas\": 1},"
            + " \"mappings\": {\"properties\": {\"kind\": {\"type\": \"keyword\"}, " + fields + "}}}");
        float[][] base = NeighbourOracle.floats(dataSet, "base.fvecs.gz");
        StringBuilder bulk = new StringBuilder();
        for (int row = 0; row < base.length; row++) {
            String vector = vectorJson(base[row]);
            bulk.append("{\"index\": {\"_id\": \"").append(row).append("\"}}\n{\"v\": ").append(vector).append(", \"g\": ").append(vector);
            if (allMethods) {
                bulk.append(", \"f\": ").append(vector).append(", \"l\": ").append(vector);
            }
            bulk.append("}\n");
        }
        Reply reply = ok(http(), "POST", "/" + index + "/_bulk", bulk.toString());
        assertThat(reply.body(), reply.<Object>at("errors"), equalTo(false));
        ok(http(), "POST", "/" + index + "/_forcemerge?max_num_segments=1", null);
        ok(http(), "POST", "/" + index + "/_refresh", null);
    }

    private static Map<String, Object> tune(String index, String body) {
        return ok(http(), "POST", "/" + index + "/_vicinity/tune", body).json();
    }

    /**
     * Tunes {@code field} to {@code target} on 100 sampled documents, then searches the data set's first
     * {@value #HELD_OUT} held-out queries with the chosen setting and scores them against the published ground truth.
     */
    @SuppressWarnings("unchecked")
    private void assertTunedSettingHoldsOnHeldOutQueries(String index, String dataSet, String field, String method, String parameter, double target) {
        Map<String, Object> result = tune(index, "{\"field\": \"" + field + "\", \"target_recall\": " + target + ", \"k\": 10}");
        String context = index + "/" + field + ": " + result;
        assertThat(context, result.get("method"), equalTo(method));
        assertThat(context, result.get("parameter"), equalTo(parameter));
        assertThat(context, result.get("query_mode"), equalTo("sampled_documents"));
        assertThat(context, result.get("queries"), equalTo(100));
        assertThat(context, result.get("reached"), equalTo(true));
        Map<String, Object> chosen = (Map<String, Object>) result.get("chosen");
        double tunedRecall = ((Number) chosen.get("recall")).doubleValue();
        assertThat(context, tunedRecall, greaterThanOrEqualTo(target));
        List<Map<String, Object>> curve = (List<Map<String, Object>>) result.get("curve");
        assertThat(context, curve.size(), greaterThanOrEqualTo(2));
        // the chosen setting is the cheapest measured that reached the target: every lower level fell short
        Map<String, Object> params = (Map<String, Object>) chosen.get("query_params");
        double chosenLevel = ((Number) params.get(parameter)).doubleValue();
        for (Map<String, Object> point : curve) {
            double level = ((Number) ((Map<String, Object>) point.get("query_params")).get(parameter)).doubleValue();
            if (level < chosenLevel) {
                assertThat(context, ((Number) point.get("recall")).doubleValue(), lessThan(target));
            }
        }

        float[][] queries = NeighbourOracle.floats(dataSet, "query.fvecs.gz");
        int[][] truth = NeighbourOracle.ints(dataSet, "groundtruth.ivecs.gz");
        StringBuilder extra = new StringBuilder();
        for (Map.Entry<String, Object> param : params.entrySet()) {
            extra.append(", \"").append(param.getKey()).append("\": ").append(param.getValue());
        }
        int found = 0;
        for (int q = 0; q < HELD_OUT; q++) {
            Reply reply = ok(http(), "POST", "/" + index + "/_search", "{\"size\": 10, \"_source\": false, \"query\": {\"vicinity_knn\": {\"field\": \""
                + field + "\", \"vector\": " + vectorJson(queries[q]) + ", \"k\": 10" + extra + "}}}");
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                expected.add(Integer.toString(truth[q][i]));
            }
            for (Map<String, Object> hit : reply.<List<Map<String, Object>>>at("hits", "hits")) {
                found += expected.contains((String) hit.get("_id")) ? 1 : 0;
            }
        }
        double heldOut = found / (HELD_OUT * 10.0);
        logger.info("{}/{}: tuned {} on sampled documents (recall {}), held-out recall {}", index, field, params, tunedRecall, heldOut);
        assertThat(context + " held-out recall", heldOut, greaterThanOrEqualTo(target - HELD_OUT_TOLERANCE));
    }

    public void testNNDescentTunedOnOptdigitsHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("digits", OPTDIGITS, "g", "nndescent", "epsilon", 0.95);
    }

    public void testForestTunedOnOptdigitsHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("digits", OPTDIGITS, "f", "forest", "search_k", 0.95);
    }

    public void testLshTunedOnOptdigitsHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("digits", OPTDIGITS, "l", "lsh", "probes", 0.9);
    }

    public void testNNDescentTunedOnSiftHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("sift", SIFT, "g", "nndescent", "epsilon", 0.95);
    }

    /** Supplied queries (the held-out ones) are used as they are, and the exact field has nothing to tune. */
    @SuppressWarnings("unchecked")
    public void testSuppliedQueriesFilterAndTheExactMethod() {
        float[][] queries = NeighbourOracle.floats(OPTDIGITS, "query.fvecs.gz");
        StringBuilder supplied = new StringBuilder("[");
        for (int q = 0; q < 30; q++) {
            supplied.append(q == 0 ? "" : ",").append(vectorJson(queries[q]));
        }
        supplied.append("]");
        Map<String, Object> result = tune("digits", "{\"field\": \"g\", \"target_recall\": 0.9, \"queries\": " + supplied + "}");
        assertThat(result.toString(), result.get("query_mode"), equalTo("supplied_queries"));
        assertThat(result.toString(), result.get("queries"), equalTo(30));
        assertThat(result.toString(), result.get("reached"), equalTo(true));

        Map<String, Object> exact = tune("digits", "{\"field\": \"v\", \"target_recall\": 1.0, \"sample\": 20, \"filter\": {\"range\": {\"_seq_no\": {\"gte\": 0}}}}");
        assertThat(exact.toString(), exact.get("method"), equalTo("exact"));
        assertThat(exact.toString(), exact.get("parameter"), equalTo(null));
        assertThat(exact.toString(), exact.get("reached"), equalTo(true));
        assertThat(exact.toString(), ((Number) ((Map<String, Object>) exact.get("chosen")).get("recall")).doubleValue(), equalTo(1.0));
        assertThat(exact.toString(), ((List<?>) exact.get("curve")).size(), equalTo(1));
    }

    public void testBadRequests() {
        String path = "/digits/_vicinity/tune";
        badRequest(http(), "POST", path, "{\"field\": \"g\"}", "[_vicinity/tune] [target_recall] must be a number above [0] and at most [1] but was [null]");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 1.5}", "[target_recall] must be a number above [0] and at most [1] but was [1.5]");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 0.9, \"sample\": 0}", "[sample] must be between [1] and [10000] but was [0]");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 0.9, \"k\": 2.5}", "[k] must be an integer but was [2.5]");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 0.9, \"max_seconds\": 0}", "[max_seconds] must be between [1] and [3600] but was [0]");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 0.9, \"queries\": [[1, \"x\"]]}",
            "[queries] element [0] must be an array of numbers but was [[1, x]]");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 0.9, \"queries\": [[1, 2]]}", "has [64] dims but the vector has [2]");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 0.9, \"filter\": {\"term\": {}}}", "[_vicinity/tune] [filter] is not a valid query");
        badRequest(http(), "POST", path, "{\"field\": \"g\", \"target_recall\": 0.9, \"recall\": 1}", "unknown parameter [recall]");
        badRequest(http(), "POST", path, "{\"field\": \"kind\", \"target_recall\": 0.9}",
            "field [kind] of index [digits] is of type [keyword] but must be of type [vicinity_vector]");
        badRequest(http(), "POST", path, "{\"field\": \"nope\", \"target_recall\": 0.9}", "index [digits] has no field [nope]");
        badRequest(http(), "POST", "/digits,sift/_vicinity/tune", "{\"field\": \"g\", \"target_recall\": 0.9}", "takes exactly one index but got [digits,sift]");
    }
}
