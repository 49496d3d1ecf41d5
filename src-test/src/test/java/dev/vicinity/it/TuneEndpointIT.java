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
 * approximate method, the setting tuned on 100 sampled documents of optdigits and sift-5k must reach the target on the
 * data sets' held-out queries (scored against their published ground truth, client-side) within a tolerance measured
 * per method and data set.
 *
 * <p>Where the tolerances come from. The held-out recall of the tuned setting falls short of the target for three
 * reasons. Sampled documents read optimistic: at the same setting, 1,000 sampled documents read higher than all
 * held-out queries by 4.6 to 4.7 points for optdigits nndescent at epsilon 0 (2.1 to 2.3 at 0.1), 1.4 for forest at
 * search_k 150, 1.7 for lsh at probes 1 and 2.3 for sift-5k nndescent at epsilon 0.1 (two builds; ties in the
 * published ground truth cost exact search 0.1). The 100-document sample has its own error, which moves the chosen
 * setting. And the structures differ from build to build, even with the same seed: every shard copy builds its own,
 * in a merge that starts from the segments the copy happened to flush (in one run, optdigits nndescent at epsilon 0
 * read 0.9195 on one node's copies and 0.9275 on the other's). Each tolerance below is the worst shortfall measured
 * (27 runs of this class with random seeds, the reported failure, and on one build 25 sampling seeds where stated)
 * plus a margin.
 */
@ESIntegTestCase.SuiteScopeTestCase
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class TuneEndpointIT extends VicinityHttpTestCase {

    /**
     * optdigits nndescent, target 0.95: the tuner stops at the knob's floor (epsilon 0 in 26 of 27 runs, 0.007 in one),
     * where sampled documents read 0.953 to 0.980, so this measures the graph's recall at epsilon 0 on held-out queries:
     * 0.907 to 0.932 over 27 runs (mean 0.920, standard deviation 0.006), and 0.8985 in the reported failure of the
     * former, unmeasured tolerance of 0.04 (seed 2198E5D3EEDE; four reruns of that seed gave 0.9155, 0.907, 0.9155
     * and 0.9125). Worst shortfall 0.0515; the floor, 0.88, is 1.85 points below it.
     */
    private static final double NNDESCENT_OPTDIGITS_TOLERANCE = 0.07;
    /**
     * optdigits forest, target 0.95: search_k 120 to 155 was chosen, held-out 0.9155 to 0.952 over 27 runs (mean
     * 0.937, standard deviation 0.011); on one build, 25 other sampling seeds chose 110 to 155, held-out 0.9075 to
     * 0.945. Worst shortfall 0.0425; the floor, 0.89, is 1.75 points below it.
     */
    private static final double FOREST_OPTDIGITS_TOLERANCE = 0.06;
    /**
     * optdigits lsh, target 0.9: the tuner stops at the knob's floor (probes 1, 20 candidates) in every run, held-out
     * 0.906 to 0.9075 over 27 runs and 0.9059 on all 1,797 held-out queries: no shortfall; the floor, 0.88, is 2.6
     * points below the worst.
     */
    private static final double LSH_OPTDIGITS_TOLERANCE = 0.02;
    /**
     * sift-5k nndescent, target 0.95: epsilon 0.094 to 0.125 was chosen, held-out 0.930 to 0.949 over 27 runs (mean
     * 0.941, standard deviation 0.005). Worst shortfall 0.02; the floor, 0.91, is 2 points below it. The default seed's
     * sample mostly chooses a little more than 1,000 sampled documents do (epsilon 0.088 to 0.1, held-out 0.9245 to
     * 0.9375, over 6 runs and 6 sampling seeds); on one build, 25 other 100-document samples chose epsilon 0.057 to
     * 0.119, held-out 0.8965 to 0.949 (docs/tuning.md): a fixed seed does not exercise that spread.
     */
    private static final double NNDESCENT_SIFT_TOLERANCE = 0.04;
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
     * {@value #HELD_OUT} held-out queries with the chosen setting, scores them against the published ground truth and
     * holds their recall to {@code target - tolerance}.
     */
    @SuppressWarnings("unchecked")
    private void assertTunedSettingHoldsOnHeldOutQueries(String index, String dataSet, String field, String method, String parameter, double target,
                                                         double tolerance) {
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
        logger.info("{}/{}: tuned {} on sampled documents (recall {}), held-out recall {} (floor {})", index, field, params, tunedRecall, heldOut,
            target - tolerance);
        assertThat(context + " held-out recall", heldOut, greaterThanOrEqualTo(target - tolerance));
    }

    public void testNNDescentTunedOnOptdigitsHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("digits", OPTDIGITS, "g", "nndescent", "epsilon", 0.95, NNDESCENT_OPTDIGITS_TOLERANCE);
    }

    public void testForestTunedOnOptdigitsHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("digits", OPTDIGITS, "f", "forest", "search_k", 0.95, FOREST_OPTDIGITS_TOLERANCE);
    }

    public void testLshTunedOnOptdigitsHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("digits", OPTDIGITS, "l", "lsh", "probes", 0.9, LSH_OPTDIGITS_TOLERANCE);
    }

    public void testNNDescentTunedOnSiftHoldsOnHeldOutQueries() {
        assertTunedSettingHoldsOnHeldOutQueries("sift", SIFT, "g", "nndescent", "epsilon", 0.95, NNDESCENT_SIFT_TOLERANCE);
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
