package dev.vicinity.it;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.xcontent.json.JsonXContent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;

/** {@code POST /{index}/_vicinity/evaluate} over real HTTP on a two-node cluster. */
@SuppressWarnings("unchecked")
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2)
public class EvaluateEndpointIT extends VicinityHttpTestCase {

    /** The codec is explicit because the test cluster randomizes [index.codec] in its index templates. */
    private void createIndex() throws IOException {
        Request create = new Request("PUT", "/vectors");
        create.setJsonEntity("""
            { "settings": { "number_of_shards": 2, "number_of_replicas": 0, "index.codec": "Vicinity104" },
              "mappings": { "properties": {
                "v": { "type": "vicinity_vector", "dims": 3, "metric": "euclidean", "method": { "type": "exact" } },
                "g": { "type": "vicinity_vector", "dims": 3, "metric": "euclidean",
                       "method": { "type": "nndescent", "n_neighbors": 4, "exact_below": 10 } },
                "o": { "properties": { "v": { "type": "vicinity_vector", "dims": 3, "metric": "euclidean" } } },
                "other": { "type": "keyword" } } } }""");
        getRestClient().performRequest(create);
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
            bulk.append(String.format(Locale.ROOT, "{\"v\":[%d,%d,%d],\"g\":[%d,%d,%d],\"o\":{\"v\":[%d,%d,%d]}}%n", i % 7, (i * 3) % 11, i,
                i % 7, (i * 3) % 11, i, i % 7, (i * 3) % 11, i));
        }
        Request request = new Request("POST", "/vectors/_bulk?refresh=true");
        request.setJsonEntity(bulk.toString());
        getRestClient().performRequest(request);
    }

    private static Map<String, Object> evaluate(String index, String body) throws IOException {
        Request request = new Request("POST", "/" + index + "/_vicinity/evaluate");
        request.setJsonEntity(body);
        Response response = getRestClient().performRequest(request);
        String json = new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
        return XContentHelperMap.parse(json);
    }

    public void testExactMethodEvaluatesPerfectly() throws Exception {
        createIndex();
        Map<String, Object> result = evaluate("vectors", """
            { "field": "v", "queries": 20, "seed": 7, "k": 5, "query_params": {} }""");
        assertEquals(20, result.get("queries"));
        assertEquals(5, result.get("k"));
        assertEquals(1.0, ((Number) result.get("recall")).doubleValue(), 0);
        assertEquals(1.0, ((Number) result.get("precision")).doubleValue(), 0);
        assertEquals(0.0, ((Number) result.get("distance_ratio")).doubleValue(), 0);
        assertTrue(((Number) result.get("approximate_millis")).doubleValue() > 0);
        assertTrue(((Number) result.get("exact_millis")).doubleValue() > 0);
        assertTrue(((Number) result.get("relative_time")).doubleValue() > 0);
        // the exact method measures every document of each shard's one segment once per search
        assertEquals(60.0, ((Number) result.get("candidates_examined")).doubleValue(), 0);
        // and a profiled search shows the same count per shard, as the rewritten query's description
        Request profiled = new Request("POST", "/vectors/_search");
        profiled.setJsonEntity("""
            { "profile": true, "size": 3, "query": { "vicinity_knn": { "field": "v", "vector": [1, 2, 3], "k": 3 } } }""");
        String profile = new String(getRestClient().performRequest(profiled).getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
        Matcher counts = Pattern.compile("VicinityKnnHits\\[field=v, k=3, candidates_examined=(\\d+)]").matcher(profile);
        long perShard = 0;
        int shards = 0;
        while (counts.find()) {
            perShard += Long.parseLong(counts.group(1));
            shards++;
        }
        assertEquals(profile, 2, shards);
        assertEquals(profile, 60, perShard);
        // defaults: 100 queries asked, the index has 60 documents
        assertEquals(60, evaluate("vectors", "{ \"field\": \"v\" }").get("queries"));

        assertBadRequest("vectors", "{ \"queries\": 3 }", "[field] must be a field name but was [null]");
        assertBadRequest("vectors", "{ \"field\": \"v\", \"queries\": 0 }", "[queries] must be between [1] and [10000] but was [0]");
        assertBadRequest("vectors", "{ \"field\": \"v\", \"k\": \"x\" }", "[k] must be an integer but was [x]");
        assertBadRequest("vectors", "{ \"field\": \"v\", \"sample\": 3 }", "unknown parameter [sample]");
        // query parameters go to the field's method, which refuses what it does not take, naming parameter and value
        assertBadRequest("vectors", "{ \"field\": \"v\", \"query_params\": { \"epsilon\": 0.1 } }",
            "unknown query parameter [epsilon] for index method [exact], it takes none");
        assertBadRequest("vectors", "{ \"field\": \"g\", \"query_params\": { \"epsilon\": \"wide\" } }", "[epsilon] must be a number but was [wide]");
        assertBadRequest("vectors", "{ \"field\": \"g\", \"query_params\": { \"search_k\": 10 } }",
            "unknown query parameter [search_k] for index method [nndescent], expected one of [epsilon]");
        assertBadRequest("vectors", "{ \"field\": \"g\", \"query_params\": { \"epsilon\": [1] } }", "[query_params.epsilon] must be a number, string or boolean");
        // An nndescent field takes epsilon. exact_below 10 gives each shard's segment (about 30 documents) a graph.
        Map<String, Object> graphField = evaluate("vectors", """
            { "field": "g", "queries": 20, "seed": 7, "k": 5, "query_params": { "epsilon": 0.2 } }""");
        double recall = ((Number) graphField.get("recall")).doubleValue();
        assertTrue("recall of the graphed field " + recall, recall >= 0.9 && recall <= 1.0);
        double walked = ((Number) graphField.get("candidates_examined")).doubleValue();
        assertTrue("candidates the graph walks measured: " + walked, walked > 0);
        assertBadRequest("vectors", "{ \"field\": \"nope\" }", "has no documents with field [nope]");
        // an object path, as searches take it
        Map<String, Object> objectField = evaluate("vectors", """
            { "field": "o.v", "queries": 20, "seed": 7, "k": 5 }""");
        assertEquals(20, objectField.get("queries"));
        assertEquals(1.0, ((Number) objectField.get("recall")).doubleValue(), 0);
    }

    /**
     * Vectors left out of {@code _source} (as users do to save space) are read from the index: by the evaluate
     * endpoint's sampling, by a search's {@code fields}, which return the indexed float32 values, and by a query
     * whose vector is a reference to a document.
     */
    public void testVectorsExcludedFromSourceAreReadFromTheIndex() throws Exception {
        Request create = new Request("PUT", "/lean");
        create.setJsonEntity("""
            { "settings": { "number_of_shards": 2, "number_of_replicas": 0, "index.codec": "Vicinity104" },
              "mappings": { "_source": { "excludes": [ "v", "o.v" ] }, "properties": {
                "v": { "type": "vicinity_vector", "dims": 3, "metric": "euclidean" },
                "o": { "properties": { "v": { "type": "vicinity_vector", "dims": 3, "metric": "euclidean" } } },
                "n": { "type": "integer" } } } }""");
        getRestClient().performRequest(create);
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
            bulk.append(String.format(Locale.ROOT, "{\"v\":[%d,%d,0.1],\"o\":{\"v\":[%d,%d,0.1]},\"n\":%d}%n", i % 5, i, i % 5, i, i));
        }
        Request load = new Request("POST", "/lean/_bulk?refresh=true");
        load.setJsonEntity(bulk.toString());
        getRestClient().performRequest(load);

        for (String field : new String[] { "v", "o.v" }) {
            Map<String, Object> result = evaluate("lean", "{ \"field\": \"" + field + "\", \"queries\": 15, \"seed\": 3, \"k\": 4 }");
            assertEquals(field, 15, result.get("queries"));
            assertEquals(field, 1.0, ((Number) result.get("recall")).doubleValue(), 0);
        }

        Request search = new Request("POST", "/lean/_search");
        search.setJsonEntity("""
            { "query": { "term": { "n": 7 } }, "fields": [ "v", "o.v" ] }""");
        String json = new String(getRestClient().performRequest(search).getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> hit = (Map<String, Object>) ((java.util.List<Object>) ((Map<String, Object>) XContentHelperMap.parse(json).get("hits"))
            .get("hits")).get(0);
        assertFalse(json, ((Map<String, Object>) hit.get("_source")).containsKey("v"));
        Map<String, Object> fields = (Map<String, Object>) hit.get("fields");
        for (String field : new String[] { "v", "o.v" }) {
            java.util.List<Object> vector = (java.util.List<Object>) fields.get(field);
            assertNotNull(json, vector);
            assertEquals(json, 3, vector.size());
            assertEquals(json, 2.0, ((Number) vector.get(0)).doubleValue(), 0);
            assertEquals(json, 7.0, ((Number) vector.get(1)).doubleValue(), 0);
            assertEquals(json, 0.1f, ((Number) vector.get(2)).floatValue(), 0);
        }

        // a vector by reference, read from the index too
        for (String field : new String[] { "v", "o.v" }) {
            Request byReference = new Request("POST", "/lean/_search");
            byReference.setJsonEntity("""
                { "size": 1, "query": { "vicinity_knn": { "field": "%s", "vector": { "id": "7" }, "k": 3, "include_self": true } } }""".formatted(field));
            String found = new String(getRestClient().performRequest(byReference).getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, Object> nearest = (Map<String, Object>) ((java.util.List<Object>) ((Map<String, Object>) XContentHelperMap.parse(found)
                .get("hits")).get("hits")).get(0);
            assertEquals(found, "7", nearest.get("_id"));
            assertEquals(found, java.util.List.of(0.0), ((Map<String, Object>) nearest.get("fields")).get("_vicinity_distance"));
        }
    }

    private static void assertBadRequest(String index, String body, String message) throws IOException {
        Request request = new Request("POST", "/" + index + "/_vicinity/evaluate");
        request.setJsonEntity(body);
        ResponseException e = expectThrows(ResponseException.class, () -> getRestClient().performRequest(request));
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        String json = new String(e.getResponse().getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(json, containsString(message));
    }

    /** JSON to a map with Elasticsearch's parser. */
    private static final class XContentHelperMap {
        static Map<String, Object> parse(String json) throws IOException {
            try (var parser = JsonXContent.jsonXContent.createParser(org.elasticsearch.xcontent.XContentParserConfiguration.EMPTY, json)) {
                return parser.map();
            }
        }
    }
}
