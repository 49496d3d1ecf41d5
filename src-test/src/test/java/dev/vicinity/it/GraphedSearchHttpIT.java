package dev.vicinity.it;

import dev.vicinity.it.HttpJsonSupport.Reply;
import dev.vicinity.it.NeighbourOracle.Hit;
import dev.vicinity.it.NeighbourOracle.Neighbour;

import org.elasticsearch.client.RestClient;
import org.elasticsearch.test.ESIntegTestCase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * {@code vicinity_knn} over real HTTP on segments that carry NN-descent graphs: {@code exact_below} is set below the
 * segment sizes the test makes (two shards, four refreshed batches of optdigits, so about 480 vectors per segment), so
 * every search walks graphs. Recall against a brute force over the same documents is pinned; filters, a filtered
 * alias, {@code exact} and the method's parameter checks are exercised on the same graphed segments.
 *
 * <p>Measured recall@10 over the first 100 optdigits queries (eight graphed segments in two shards, each searched for
 * its share of the top k with Lucene's margin): 0.994 at epsilon 0.1 and 0.996 at 0.3 (seed 42); floors 0.03 below.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0, supportsDedicatedMasters = false)
public class GraphedSearchHttpIT extends VicinityHttpTestCase {

    private static final String INDEX = "graphed";
    private static final int QUERIES = 100;
    private static final int K = 10;

    private static float[][] base;
    private static float[][] queries;
    private static Map<String, float[]> all;

    private RestClient rest() {
        return getRestClient();
    }

    /** The index, created on first use within the suite's cluster. */
    private void index() {
        if (HttpJsonSupport.send(rest(), "HEAD", "/" + INDEX, null).status() == 200) {
            return;
        }
        base = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "base.fvecs.gz");
        queries = NeighbourOracle.floats(NeighbourOracle.OPTDIGITS, "query.fvecs.gz");
        all = new HashMap<>();
        HttpJsonSupport.ok(rest(), "PUT", "/" + INDEX, """
            { "settings": { "number_of_shards": 2, "number_of_replicas": 0, "index.codec": "Vicinity104", "refresh_interval": -1 },
              "mappings": { "properties": {
                "vec": { "type": "vicinity_vector", "dims": 64, "metric": "euclidean",
                         "method": { "type": "nndescent", "n_neighbors": 15, "seed": 42, "exact_below": 100 } },
                "digit": { "type": "keyword" } } } }""");
        int batches = 4;
        for (int b = 0; b < batches; b++) {
            StringBuilder bulk = new StringBuilder();
            for (int row = b * base.length / batches; row < (b + 1) * base.length / batches; row++) {
                bulk.append("{\"index\":{\"_id\":\"").append(row).append("\"}}\n");
                bulk.append("{\"vec\":").append(HttpJsonSupport.vectorJson(base[row])).append(",\"digit\":\"d").append(row % 10).append("\"}\n");
                all.put(Integer.toString(row), base[row]);
            }
            Reply reply = HttpJsonSupport.ok(rest(), "POST", "/" + INDEX + "/_bulk", bulk.toString());
            assertThat(reply.body(), reply.json().get("errors"), equalTo(false));
            HttpJsonSupport.ok(rest(), "POST", "/" + INDEX + "/_refresh", null);
        }
        assertThat(HttpJsonSupport.count(rest(), INDEX), equalTo((long) base.length));
    }

    private List<Hit> search(String target, String extra, float[] vector, int size) {
        Reply reply = HttpJsonSupport.ok(rest(), "POST", "/" + target + "/_search", String.format(Locale.ROOT, """
            { "size": %d, "_source": false, "query": { "vicinity_knn": { "field": "vec", "vector": %s, "k": %d%s } } }""",
            size, HttpJsonSupport.vectorJson(vector), K, extra));
        List<Hit> hits = new ArrayList<>();
        List<Map<String, Object>> raw = reply.at("hits", "hits");
        for (Map<String, Object> hit : raw) {
            hits.add(new Hit((String) hit.get("_id"), ((Number) hit.get("_score")).floatValue()));
        }
        return hits;
    }

    private double recall(String extra, Predicate<String> accepts) {
        long found = 0;
        for (int q = 0; q < QUERIES; q++) {
            Set<String> truth = new HashSet<>();
            for (Neighbour n : NeighbourOracle.ranked(queries[q], all, accepts).subList(0, K)) {
                truth.add(n.id());
            }
            List<Hit> hits = search(INDEX, extra, queries[q], K);
            assertThat("query [" + q + "]: k hits", hits.size(), equalTo(K));
            for (Hit hit : hits) {
                assertTrue("query [" + q + "]: hit [" + hit.id() + "] is not accepted", accepts.test(hit.id()));
                found += truth.contains(hit.id()) ? 1 : 0;
            }
        }
        return found / (double) (QUERIES * K);
    }

    public void testRecallOnGraphedSegments() {
        index();
        double at01 = recall(", \"epsilon\": 0.1", id -> true);
        double at03 = recall(", \"epsilon\": 0.3", id -> true);
        logger.info("optdigits over HTTP on graphed segments: recall@10 {} at epsilon 0.1, {} at 0.3", at01, at03);
        assertThat("recall at epsilon 0.1", at01, greaterThanOrEqualTo(0.964));
        assertThat("recall at epsilon 0.3", at03, greaterThanOrEqualTo(0.966));
    }

    /** A filter that keeps a tenth of the documents: every hit passes it, and each search returns k of them. */
    public void testFilterOnGraphedSegments() {
        index();
        double recall = recall(", \"epsilon\": 0.1, \"filter\": { \"term\": { \"digit\": \"d3\" } }", id -> Integer.parseInt(id) % 10 == 3);
        assertThat("filtered recall", recall, greaterThanOrEqualTo(0.9));
    }

    /**
     * A search through a filtered alias returns k hits when k documents match: the alias filter joins the pre-filter,
     * as for Elasticsearch's {@code knn} query, instead of cutting the k nearest afterwards.
     */
    public void testFilteredAliasReturnsKHits() {
        index();
        HttpJsonSupport.ok(rest(), "POST", "/_aliases", """
            { "actions": [ { "add": { "index": "graphed", "alias": "sevens", "filter": { "term": { "digit": "d7" } } } } ] }""");
        for (int q = 0; q < 20; q++) {
            List<Hit> viaAlias = search("sevens", ", \"epsilon\": 0.1", queries[q], K);
            assertThat("query [" + q + "] through the alias", viaAlias.size(), equalTo(K));
            for (Hit hit : viaAlias) {
                assertThat("query [" + q + "]: hit [" + hit.id() + "] outside the alias", Integer.parseInt(hit.id()) % 10, equalTo(7));
            }
            List<Hit> filtered = search(INDEX, ", \"epsilon\": 0.1, \"filter\": { \"term\": { \"digit\": \"d7\" } }", queries[q], K);
            assertThat("query [" + q + "]: the alias filters exactly as the same filter does", viaAlias, equalTo(filtered));
        }
    }

    /** {@code exact: true} on the same graphed field is the brute force, whatever the graphs. */
    public void testExactOnGraphedSegments() {
        index();
        for (int q = 0; q < 20; q++) {
            List<Hit> hits = search(INDEX, ", \"exact\": true", queries[q], K);
            NeighbourOracle.assertExactTopK("query [" + q + "]", hits, NeighbourOracle.ranked(queries[q], all, id -> true), K);
        }
    }

    /** The field's method checks its query parameters; a wrong one is a 400 naming the field, the parameter and the value. */
    public void testMethodParametersAreCheckedByTheMethod() {
        index();
        String vector = HttpJsonSupport.vectorJson(queries[0]);
        HttpJsonSupport.badRequest(rest(), "POST", "/" + INDEX + "/_search", """
            { "query": { "vicinity_knn": { "field": "vec", "vector": %s, "epsilon": -1 } } }""".formatted(vector),
            "field [vec] (method [nndescent])", "[epsilon] must be a finite number >= [0] but was [-1]");
        HttpJsonSupport.badRequest(rest(), "POST", "/" + INDEX + "/_search", """
            { "query": { "vicinity_knn": { "field": "vec", "vector": %s, "epsilon": "wide" } } }""".formatted(vector),
            "[epsilon] must be a number but was [wide]");
        HttpJsonSupport.badRequest(rest(), "POST", "/" + INDEX + "/_search", """
            { "query": { "vicinity_knn": { "field": "vec", "vector": %s, "num_candidates": 10 } } }""".formatted(vector),
            "[vicinity_knn] unknown field [num_candidates]");
    }
}
