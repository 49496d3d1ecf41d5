package dev.vicinity.it;

import dev.vicinity.it.HttpJsonSupport.Reply;

import org.elasticsearch.client.RestClient;
import org.elasticsearch.test.ESIntegTestCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.vicinity.it.HttpJsonSupport.allOf;
import static dev.vicinity.it.HttpJsonSupport.badRequest;
import static dev.vicinity.it.HttpJsonSupport.count;
import static dev.vicinity.it.HttpJsonSupport.ok;
import static dev.vicinity.it.HttpJsonSupport.refused;
import static dev.vicinity.it.HttpJsonSupport.send;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Every bad input, sent as JSON over real HTTP, gets a 400 whose message names the field or parameter and the value,
 * and leaves nothing behind: no document, no index, no mapping. Mapping parameters, the index codec, documents (alone
 * and inside a bulk request) and {@code vicinity_knn} parameters. A few valid requests next to them show the 400s
 * come from the checks, not from a broken setup.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class VicinityHttpIT extends VicinityHttpTestCase {

    private static final String DOCS_INDEX = """
        {"settings": {"index.codec": "Vicinity104", "number_of_shards": 2, "number_of_replicas": 1},
         "mappings": {"properties": {
            "vec":  {"type": "vicinity_vector", "dims": 3},
            "cvec": {"type": "vicinity_vector", "dims": 3, "metric": "cosine"},
            "obj":  {"properties": {"vec": {"type": "vicinity_vector", "dims": 3}}},
            "kw":   {"type": "keyword"}}}}""";

    private static RestClient http() {
        return getRestClient();
    }

    /** The index {@code docs} with one valid document, {@code good}. */
    private void createDocsIndex() {
        ok(http(), "PUT", "/docs", DOCS_INDEX);
        ensureGreen("docs");
        ok(http(), "PUT", "/docs/_doc/good?refresh=true", """
            {"vec": [1, 2, 3], "cvec": [1, 0, 0], "obj": {"vec": [1, 1, 1]}, "kw": "a"}""");
        assertThat(count(http(), "docs"), equalTo(1L));
    }

    /**
     * A search over several indices where one lacks the field: {@code ignore_unmapped} answers from the others without
     * a shard failure; without it each shard of that index fails, naming the field and the parameter to set.
     */
    public void testIgnoreUnmappedAcrossIndices() {
        createDocsIndex();
        ok(http(), "PUT", "/plain", """
            {"settings": {"number_of_shards": 2, "number_of_replicas": 0}, "mappings": {"properties": {"kw": {"type": "keyword"}}}}""");
        ensureGreen("plain");
        ok(http(), "PUT", "/plain/_doc/p1?refresh=true", "{\"kw\": \"a\"}");

        Reply ignoring = ok(http(), "POST", "/docs,plain/_search", """
            {"query": {"vicinity_knn": {"field": "vec", "vector": [1, 2, 3], "k": 3, "ignore_unmapped": true}}}""");
        assertThat(ignoring.body(), ignoring.<Integer>at("_shards", "failed"), equalTo(0));
        assertThat(ignoring.body(), ignoring.<Integer>at("hits", "total", "value"), equalTo(1));
        assertThat(ignoring.body(), ignoring.<String>at("hits", "hits", "0", "_id"), equalTo("good"));

        Reply strict = send(http(), "POST", "/docs,plain/_search", """
            {"query": {"vicinity_knn": {"field": "vec", "vector": [1, 2, 3], "k": 3}}}""");
        assertThat(strict.body(), strict.reasons(),
            containsString("[vicinity_knn] field [vec] does not exist in index [plain]; set [ignore_unmapped] to search indices without it"));
    }

    public void testBadDocumentsAreRefusedWhole() {
        createDocsIndex();
        // document body -> fragments its error must contain
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"vec\": [1, 2]}", List.of("[vec]", "[3] dims", "has [2]"));
        cases.put("{\"vec\": [1, 2, 3, 4]}", List.of("[vec]", "[3] dims", "has [4]"));
        cases.put("{\"vec\": []}", List.of("[vec]", "has [0]"));
        cases.put("{\"vec\": [1, 1e39, 3]}", List.of("[vec]", "element [1]", "[Infinity]"));
        cases.put("{\"vec\": [1, 2, -1e39]}", List.of("[vec]", "element [2]", "[-Infinity]"));
        cases.put("{\"vec\": [\"NaN\", 2, 3]}", List.of("[vec]", "element [0]", "NaN"));
        cases.put("{\"vec\": [1, \"two\", 3]}", List.of("[vec]", "element [1]", "two"));
        cases.put("{\"vec\": [1, 2, \"3\"]}", List.of("[vec]", "element [2]", "\"3\""));
        cases.put("{\"vec\": [1, {\"x\": 2}, 3]}", List.of("[vec]", "element [1]", "is an object"));
        cases.put("{\"vec\": [1, true, 3]}", List.of("[vec]", "element [1]", "[true]"));
        cases.put("{\"vec\": [1, null, 3]}", List.of("[vec]", "element [1] is [null]"));
        cases.put("{\"vec\": [[1, 2, 3], [4, 5, 6]]}", List.of("[vec]", "element [0]", "several vectors cannot share a field"));
        cases.put("{\"vec\": \"1, 2, 3\"}", List.of("[vec]", "array", "1, 2, 3"));
        cases.put("{\"vec\": 7}", List.of("[vec]", "array", "7"));
        cases.put("{\"vec\": {\"x\": 1}}", List.of("[vec]", "array"));
        cases.put("{\"cvec\": [0, 0, 0]}", List.of("[cvec]", "[cosine]", "zero vector"));
        cases.put("{\"cvec\": [0.0, -0.0, 0]}", List.of("[cvec]", "[cosine]", "zero vector"));
        // the same field twice: through an object and through a dotted name, and as a duplicate key
        cases.put("{\"obj\": {\"vec\": [1, 2, 3]}, \"obj.vec\": [4, 5, 6]}", List.of("[obj.vec]", "several"));
        cases.put("{\"vec\": [1, 2, 3], \"vec\": [4, 5, 6]}", List.of("vec"));
        // a bad vector next to good ones: the whole document goes
        cases.put("{\"kw\": \"b\", \"vec\": [1, 2, 3], \"cvec\": [0, 0, 0]}", List.of("[cvec]", "[cosine]"));
        cases.put("{\"vec\": [4, 5, 6], \"obj\": {\"vec\": [1, 2]}}", List.of("[obj.vec]", "has [2]"));

        List<Runnable> checks = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            String id = "bad-" + checks.size();
            checks.add(() -> {
                badRequest(http(), "PUT", "/docs/_doc/" + id + "?refresh=true", c.getKey(), c.getValue().toArray(String[]::new));
                assertThat("nothing of " + c.getKey(), send(http(), "GET", "/docs/_doc/" + id, null).status(), equalTo(404));
            });
        }
        allOf(checks);
        assertThat(count(http(), "docs"), equalTo(1L));
        // and the document already there was not touched by the failed attempts
        Reply good = ok(http(), "GET", "/docs/_doc/good", null);
        assertThat(good.<Object>at("_version"), equalTo(1));
        assertThat(good.<Object>at("_source", "vec"), equalTo(List.of(1, 2, 3)));
        // the refused documents are not findable by vector either
        Reply hits = ok(http(), "POST", "/docs/_search", """
            {"query": {"vicinity_knn": {"field": "vec", "vector": [4, 5, 6], "k": 100}}, "size": 100}""");
        assertThat(hits.<Object>at("hits", "total", "value"), equalTo(1));
    }

    public void testBulkRefusesOnlyTheBadItem() {
        createDocsIndex();
        String bulk = """
            {"index": {"_id": "b1"}}
            {"vec": [1, 0, 0], "kw": "b"}
            {"index": {"_id": "b2"}}
            {"vec": [1, 0, 1e39], "kw": "b"}
            {"index": {"_id": "b3"}}
            {"vec": [0, 1, 0], "kw": "b"}
            {"index": {"_id": "good"}}
            {"vec": [9, 9]}
            {"update": {"_id": "good"}}
            {"doc": {"cvec": [0, 0, 0]}}
            """;
        Reply reply = ok(http(), "POST", "/docs/_bulk?refresh=true", bulk);
        assertThat(reply.<Object>at("errors"), equalTo(true));
        assertThat(reply.<Object>at("items", "0", "index", "status"), equalTo(201));
        assertThat(reply.<Object>at("items", "1", "index", "status"), equalTo(400));
        assertThat(reply.<Object>at("items", "2", "index", "status"), equalTo(201));
        assertThat(reply.<Object>at("items", "3", "index", "status"), equalTo(400));
        assertThat(reply.<Object>at("items", "4", "update", "status"), equalTo(400));
        assertThat(reasonsOfItem(reply, "1", "index"), containsString("[vec]"));
        assertThat(reasonsOfItem(reply, "1", "index"), containsString("element [2] is [Infinity]"));
        assertThat(reasonsOfItem(reply, "3", "index"), containsString("has [2]"));
        assertThat(reasonsOfItem(reply, "4", "update"), containsString("[cvec]"));

        assertThat(count(http(), "docs"), equalTo(3L));
        assertThat(send(http(), "GET", "/docs/_doc/b2", null).status(), equalTo(404));
        Reply good = ok(http(), "GET", "/docs/_doc/good", null);
        assertThat("failed index and update left the document as it was", good.<Object>at("_version"), equalTo(1));
        assertThat(good.<Object>at("_source", "vec"), equalTo(List.of(1, 2, 3)));
        assertThat(good.<Object>at("_source", "cvec"), equalTo(List.of(1, 0, 0)));
    }

    private static String reasonsOfItem(Reply reply, String item, String op) {
        Map<String, Object> error = reply.at("items", item, op, "error");
        return new Reply(400, "", error).reasons() + "\n" + error.get("reason");
    }

    public void testBadMappingsAreRefused() {
        // field definition -> fragments its error must contain
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"metric\": \"foo\"}", List.of("[vec]", "metric [foo]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"metric\": \"minkowski\"}", List.of("[vec]", "[minkowski]", "[p]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"metric\": \"minkowski\", \"p\": 0.5}", List.of("[vec]", "[p]", "[0.5]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"metric\": \"minkowski\", \"p\": \"x\"}", List.of("[vec]", "[p]", "[x]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"metric\": \"euclidean\", \"p\": 3}", List.of("[vec]", "[euclidean]", "p=3.0"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"method\": {\"type\": \"bogus\"}}", List.of("[vec]", "method [bogus]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"method\": {\"type\": \"nndescent\", \"n_neighbors\": 1}}",
            List.of("[vec]", "[n_neighbors]", "[1]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"method\": {\"type\": \"exact\", \"n_trees\": 5}}", List.of("[vec]", "[n_trees]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"method\": {\"type\": \"exact\", \"opts\": {\"a\": 1}}}", List.of("[vec]", "[opts.a]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"method\": \"exact\"}", List.of("[vec]", "[method]", "[exact]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"method\": {\"n_trees\": 5}}", List.of("[vec]", "[method.type]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 0}", List.of("[vec]", "[dims]", "[0]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": -3}", List.of("[vec]", "[dims]", "[-3]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 4097}", List.of("[vec]", "[dims]", "[4097]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": \"abc\"}", List.of("[vec]", "[dims]", "[abc]"));
        cases.put("{\"type\": \"vicinity_vector\"}", List.of("[vec]", "[dims]"));
        cases.put("{\"type\": \"vicinity_vector\", \"dims\": 3, \"colour\": \"red\"}", List.of("[vec]", "[colour]"));

        List<Runnable> checks = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            String index = "bad-mapping-" + checks.size();
            String body = "{\"settings\": {\"index.codec\": \"Vicinity104\"}, \"mappings\": {\"properties\": {\"vec\": " + c.getKey() + "}}}";
            checks.add(() -> {
                badRequest(http(), "PUT", "/" + index, body, c.getValue().toArray(String[]::new));
                assertThat("no index left by " + c.getKey(), send(http(), "HEAD", "/" + index, null).status(), equalTo(404));
            });
        }
        allOf(checks);
        // the same mapping with valid values is accepted: the 400s above come from the values
        ok(http(), "PUT", "/good-mapping", "{\"settings\": {\"index.codec\": \"Vicinity104\"}, \"mappings\": {\"properties\": {\"vec\": "
            + "{\"type\": \"vicinity_vector\", \"dims\": 4096, \"metric\": \"minkowski\", \"p\": 3, \"method\": {\"type\": \"exact\"}}}}}");
    }

    public void testAnIndexWithAnotherCodecCannotHoldTheField() {
        String mapping = "\"mappings\": {\"properties\": {\"vec\": {\"type\": \"vicinity_vector\", \"dims\": 3}}}";
        for (String codec : List.of("best_compression", "default", "lucene_default")) {
            badRequest(http(), "PUT", "/other-codec", "{\"settings\": {\"index.codec\": \"" + codec + "\"}, " + mapping + "}",
                "[vec]", "[index.codec]", "[Vicinity104]", "[" + codec + "]");
            assertThat(send(http(), "HEAD", "/other-codec", null).status(), equalTo(404));
        }

        // Added later to an index created without it: the codec is already fixed.
        ok(http(), "PUT", "/plain", "{\"settings\": {\"index.codec\": \"default\"}, \"mappings\": {\"properties\": {\"kw\": {\"type\": \"keyword\"}}}}");
        badRequest(http(), "PUT", "/plain/_mapping", "{\"properties\": {\"vec\": {\"type\": \"vicinity_vector\", \"dims\": 3}}}",
            "[vec]", "[index.codec]", "[Vicinity104]", "[default]");
        assertThat(ok(http(), "GET", "/plain/_mapping", null).body(), not(containsString("vicinity_vector")));

        // The same mapping update on an index created with the Vicinity codec works, and so does the field.
        ok(http(), "PUT", "/later", "{\"settings\": {\"index.codec\": \"Vicinity104\"}, \"mappings\": {\"properties\": {\"kw\": {\"type\": \"keyword\"}}}}");
        ok(http(), "PUT", "/later/_mapping", "{\"properties\": {\"vec\": {\"type\": \"vicinity_vector\", \"dims\": 3}}}");
        ok(http(), "PUT", "/later/_doc/1?refresh=true", "{\"vec\": [1, 2, 3]}");
        Reply hits = ok(http(), "POST", "/later/_search", "{\"query\": {\"vicinity_knn\": {\"field\": \"vec\", \"vector\": [1, 2, 4]}}}");
        assertThat(hits.<Object>at("hits", "hits", "0", "_score"), equalTo(0.5)); // 1 / (1 + 1)
    }

    /** Without any codec in the request or a template, a mapping with the field selects the Vicinity codec by itself. */
    public void testTheCodecIsChosenFromTheMapping() {
        // The test framework's catch-all template sets index.codec (lucene_default) for every index. A codec from a
        // template counts as explicit: it is left alone and the mapping refused, naming the template's codec.
        badRequest(http(), "PUT", "/templated", "{\"mappings\": {\"properties\": {\"vec\": {\"type\": \"vicinity_vector\", \"dims\": 3}}}}",
            "[vec]", "[index.codec]", "[Vicinity104]", "[lucene_default]");
        // Without that template, what a user without templates gets:
        ok(http(), "DELETE", "/_template/random_index_template", null);
        ok(http(), "PUT", "/auto", "{\"mappings\": {\"properties\": {\"vec\": {\"type\": \"vicinity_vector\", \"dims\": 3}}}}");
        Reply settings = ok(http(), "GET", "/auto/_settings?flat_settings=true", null);
        assertThat(settings.<Object>at("auto", "settings", "index.codec"), equalTo("Vicinity104"));
        ok(http(), "PUT", "/auto/_doc/1?refresh=true", "{\"vec\": [1, 2, 3]}");
        assertThat(count(http(), "auto"), equalTo(1L));

        ok(http(), "PUT", "/no-vectors", "{\"mappings\": {\"properties\": {\"kw\": {\"type\": \"keyword\"}}}}");
        Reply plain = ok(http(), "GET", "/no-vectors/_settings?flat_settings=true&include_defaults=false", null);
        assertThat("no vicinity field, no Vicinity codec", plain.body(), not(containsString("Vicinity104")));
    }

    public void testBadQueriesAreRefused() {
        createDocsIndex();
        ok(http(), "PUT", "/docs/_doc/novec?refresh=true", "{\"kw\": \"no vector here\"}");
        ok(http(), "PUT", "/docs2", DOCS_INDEX);
        long before = count(http(), "docs");

        // vicinity_knn body -> fragments its error must contain
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3], \"k\": 0}", List.of("[k]", "[0]"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3], \"k\": -4}", List.of("[k]", "[-4]"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3], \"k\": 10001}", List.of("[k]", "[10001]", "[10000]"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3], \"k\": \"abc\"}", List.of("[k]", "abc"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2]}", List.of("[vec]", "[3] dims", "has [2]"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3, 4]}", List.of("[vec]", "[3] dims", "has [4]"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, \"a\", 3]}", List.of("[vector]", "element [1]", "[a]"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 1e39, 3]}", List.of("[vector]", "element [1]", "[Infinity]"));
        cases.put("{\"field\": \"vec\", \"vector\": \"1, 2, 3\"}", List.of("vector"));
        cases.put("{\"field\": \"cvec\", \"vector\": [0, 0, 0]}", List.of("[cvec]", "[cosine]", "zero vector"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3], \"foo\": 1}", List.of("[foo]"));
        cases.put("{\"field\": \"kw\", \"vector\": [1, 2, 3]}", List.of("[kw]", "[keyword]", "[vicinity_vector]"));
        cases.put("{\"field\": \"nope\", \"vector\": [1, 2, 3]}", List.of("[nope]", "does not exist"));
        cases.put("{\"vector\": [1, 2, 3]}", List.of("[field]"));
        cases.put("{\"field\": \"vec\"}", List.of("[vector]"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3], \"max_distance\": \"x\"}", List.of("[max_distance]", "x"));
        cases.put("{\"field\": \"vec\", \"vector\": [1, 2, 3], \"include_self\": \"maybe\"}", List.of("include_self", "maybe"));
        cases.put("{\"field\": \"vec\", \"vector\": {\"id\": \"missing\"}}", List.of("[vector]", "[missing]", "does not exist"));
        cases.put("{\"field\": \"vec\", \"vector\": {\"id\": \"novec\"}}", List.of("[vector]", "[novec]", "no vector in field [vec]"));
        cases.put("{\"field\": \"vec\", \"vector\": {\"id\": \"\"}}", List.of("[vector.id]"));
        cases.put("{\"field\": \"vec\", \"vector\": {\"idx\": \"good\"}}", List.of("[vector]", "[idx]"));

        List<Runnable> checks = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            checks.add(() -> badRequest(http(), "POST", "/docs/_search", "{\"query\": {\"vicinity_knn\": " + c.getKey() + "}}",
                c.getValue().toArray(String[]::new)));
        }
        // a reference needs its index named when the search spans several
        checks.add(() -> badRequest(http(), "POST", "/docs,docs2/_search",
            "{\"query\": {\"vicinity_knn\": {\"field\": \"vec\", \"vector\": {\"id\": \"good\"}}}}", "[vector.index]"));
        // a reference to an index that does not exist: Elasticsearch's usual 404 for a missing index
        checks.add(() -> refused(http(), 404, "POST", "/docs/_search",
            "{\"query\": {\"vicinity_knn\": {\"field\": \"vec\", \"vector\": {\"id\": \"good\", \"index\": \"nowhere\"}}}}", "[nowhere]"));
        allOf(checks);
        assertThat(count(http(), "docs"), equalTo(before));

        // the valid forms of the same queries answer
        ok(http(), "POST", "/docs/_search", "{\"query\": {\"vicinity_knn\": {\"field\": \"vec\", \"vector\": [1, 2, 3], \"k\": 10000}}}");
        ok(http(), "POST", "/docs,docs2/_search",
            "{\"query\": {\"vicinity_knn\": {\"field\": \"vec\", \"vector\": {\"id\": \"good\", \"index\": \"docs\"}, \"include_self\": true}}}");
    }
}
