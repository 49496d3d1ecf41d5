package dev.vicinity.plugin.mapper;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.plugin.VicinityPlugin;
import dev.vicinity.plugin.query.VectorReference;
import dev.vicinity.plugin.fetch.VicinityDistanceFetchSubPhase;
import dev.vicinity.plugin.query.VicinityKnnQueryBuilder;

import org.apache.lucene.search.join.ScoreMode;
import org.elasticsearch.ExceptionsHelper;
import org.elasticsearch.action.admin.indices.template.put.PutComponentTemplateAction;
import org.elasticsearch.action.admin.indices.template.put.TransportPutComposableIndexTemplateAction;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.search.SearchPhaseExecutionException;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.ShardSearchFailure;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.cluster.metadata.ComponentTemplate;
import org.elasticsearch.cluster.metadata.ComposableIndexTemplate;
import org.elasticsearch.cluster.metadata.Template;
import org.elasticsearch.common.compress.CompressedXContent;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.engine.EngineConfig;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.test.ESSingleNodeTestCase;
import org.elasticsearch.xcontent.XContentType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertAcked;
import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertHitCount;
import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertNoFailuresAndResponse;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * {@code vicinity_vector} and {@code vicinity_knn} on a real node: how the codec gets chosen (automatically from the
 * mappings, explicitly, refused otherwise, through templates and dynamic templates), that a rejected document leaves
 * nothing in the index, and that searches (by vector and by reference to a stored document) return the nearest
 * documents.
 */
public class VicinityVectorFieldNodeTests extends ESSingleNodeTestCase {

    private static final String CODEC_REFUSED = "needs [index.codec] to be [Vicinity104]";

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(VicinityPlugin.class);
    }

    private static String vectorMapping(int dims, String metric) {
        return "{ \"properties\": { \"e\": { \"type\": \"vicinity_vector\", \"dims\": " + dims + ", \"metric\": \"" + metric
            + "\" }, \"kind\": { \"type\": \"keyword\" } } }";
    }

    /** Creates {@code name} with {@code settings} and the JSON mapping {@code mapping}. */
    private IndexService create(String name, Settings settings, String mapping) {
        return createIndex(name, indicesAdmin().prepareCreate(name).setSettings(settings).setMapping(mapping));
    }

    private static String codecOf(IndexService index) {
        return index.getIndexSettings().getValue(EngineConfig.INDEX_CODEC_SETTING);
    }

    private String codecOf(String index) {
        return indicesAdmin().prepareGetSettings(TEST_REQUEST_TIMEOUT, index).get().getSetting(index, "index.codec");
    }

    /** Every message in {@code e}'s cause chain and in the shard failures of search exceptions. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            if (t instanceof SearchPhaseExecutionException search) {
                for (ShardSearchFailure failure : search.shardFailures()) {
                    all.append(messages(failure.getCause()));
                }
            }
        }
        return all.toString();
    }

    private static void assertBadRequest(Exception e, String expectedMessage) {
        assertThat(messages(e), containsString(expectedMessage));
        assertThat(ExceptionsHelper.status(e), equalTo(RestStatus.BAD_REQUEST));
    }

    private long count(String index, QueryBuilder query) {
        SearchResponse response = client().prepareSearch(index).setQuery(query).setSize(0).setTrackTotalHits(true).get();
        try {
            return response.getHits().getTotalHits().value();
        } finally {
            response.decRef();
        }
    }

    private void index(String index, String id, String source) {
        prepareIndex(index).setId(id).setSource(source, XContentType.JSON).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Choosing the codec

    public void testCodecIsSetFromTheMappings() {
        IndexService index = create("auto", Settings.EMPTY, vectorMapping(2, "euclidean"));
        assertThat(codecOf(index), equalTo(VicinityCodec.NAME));
        assertThat(codecOf("auto"), equalTo(VicinityCodec.NAME));
        index("auto", "1", "{ \"e\": [1, 2] }");
        assertHitCount(client().prepareSearch("auto").setQuery(new VicinityKnnQueryBuilder("e", new float[] { 1, 2 }, 1)), 1);
    }

    public void testNoVectorFieldKeepsTheDefaultCodec() {
        IndexService index = create("plain", Settings.EMPTY, "{ \"properties\": { \"kind\": { \"type\": \"keyword\" } } }");
        assertThat(codecOf(index), equalTo("default"));
    }

    public void testExplicitVicinityCodec() {
        IndexService index = create("explicit", Settings.builder().put("index.codec", VicinityCodec.NAME).build(),
            vectorMapping(3, "cosine"));
        assertThat(codecOf(index), equalTo(VicinityCodec.NAME));
        index("explicit", "1", "{ \"e\": [1, 0, 0] }");
        assertHitCount(client().prepareSearch("explicit").setQuery(new VicinityKnnQueryBuilder("e", new float[] { 0, 1, 0 }, 1)), 1);
    }

    public void testAnotherExplicitCodecIsRefused() {
        String codec = randomFrom("default", "best_compression", "lucene_default");
        Exception e = expectThrows(Exception.class, () -> indicesAdmin().prepareCreate("other-codec")
            .setSettings(Settings.builder().put("index.codec", codec))
            .setMapping(vectorMapping(2, "euclidean"))
            .get());
        assertBadRequest(e, "[vicinity_vector] field [e] needs [index.codec] to be [Vicinity104] but index [other-codec] uses [" + codec + "]");
        expectThrows(org.elasticsearch.index.IndexNotFoundException.class,
            () -> indicesAdmin().prepareGetIndex(TEST_REQUEST_TIMEOUT).setIndices("other-codec").get());
    }

    public void testAddingTheFieldToAnExistingIndexIsRefused() {
        IndexService index = create("existing", Settings.EMPTY, "{ \"properties\": { \"kind\": { \"type\": \"keyword\" } } }");
        assertThat(codecOf(index), equalTo("default"));
        Exception e = expectThrows(Exception.class,
            () -> indicesAdmin().preparePutMapping("existing").setSource(vectorMapping(2, "euclidean"), XContentType.JSON).get());
        assertBadRequest(e, "[vicinity_vector] field [e] needs [index.codec] to be [Vicinity104] but index [existing] uses [default];"
            + " the codec is chosen when an index is created");
        assertNull(index.mapperService().fieldType("e"));
    }

    public void testAddingTheFieldToAVicinityIndexWorks() {
        createIndex("later", Settings.builder().put("index.codec", VicinityCodec.NAME).build());
        assertAcked(indicesAdmin().preparePutMapping("later").setSource(vectorMapping(2, "manhattan"), XContentType.JSON));
        index("later", "1", "{ \"e\": [3, 4] }");
        assertHitCount(client().prepareSearch("later").setQuery(new VicinityKnnQueryBuilder("e", new float[] { 0, 0 }, 5)), 1);
    }

    public void testDynamicTemplateTriggersTheCodec() {
        String mapping = """
            { "dynamic_templates": [ { "vectors": { "match": "*_vec", "mapping": { "type": "vicinity_vector", "dims": 2 } } } ] }""";
        IndexService index = create("dynamic", Settings.EMPTY, mapping);
        assertThat(codecOf(index), equalTo(VicinityCodec.NAME));
        index("dynamic", "1", "{ \"a_vec\": [1, 1] }");
        index("dynamic", "2", "{ \"a_vec\": [5, 5] }");
        assertThat(index.mapperService().fieldType("a_vec"), org.hamcrest.Matchers.instanceOf(VicinityVectorFieldType.class));
        assertNoFailuresAndResponse(client().prepareSearch("dynamic").setQuery(new VicinityKnnQueryBuilder("a_vec", new float[] { 4, 4 }, 1)),
            response -> assertThat(ids(response), equalTo(List.of("2"))));
    }

    public void testComposableTemplateTriggersTheCodec() throws Exception {
        ComposableIndexTemplate template = ComposableIndexTemplate.builder()
            .indexPatterns(List.of("templated-*"))
            .template(Template.builder().mappings(new CompressedXContent(vectorMapping(2, "euclidean"))))
            .build();
        assertAcked(client().execute(TransportPutComposableIndexTemplateAction.TYPE,
            new TransportPutComposableIndexTemplateAction.Request("vectors").indexTemplate(template)));
        // The index is created from the template alone (here by indexing into it): the provider sees the template's mappings.
        index("templated-1", "1", "{ \"e\": [1, 2] }");
        assertThat(codecOf("templated-1"), equalTo(VicinityCodec.NAME));
        assertHitCount(client().prepareSearch("templated-1").setQuery(new VicinityKnnQueryBuilder("e", new float[] { 1, 2 }, 1)), 1);
    }

    /**
     * A component template is validated on its own, without index setting providers, so it must name the codec
     * itself when it declares the field; the refusal says how.
     */
    public void testComponentTemplateNeedsTheCodecItself() throws Exception {
        Template withoutCodec = Template.builder().mappings(new CompressedXContent(vectorMapping(2, "euclidean"))).build();
        Exception e = expectThrows(Exception.class, () -> client().execute(PutComponentTemplateAction.INSTANCE,
            new PutComponentTemplateAction.Request("no-codec").componentTemplate(new ComponentTemplate(withoutCodec, null, null))).get());
        assertThat(messages(e), containsString(CODEC_REFUSED));

        Template withCodec = Template.builder()
            .settings(Settings.builder().put("index.codec", VicinityCodec.NAME))
            .mappings(new CompressedXContent(vectorMapping(2, "euclidean")))
            .build();
        assertAcked(client().execute(PutComponentTemplateAction.INSTANCE,
            new PutComponentTemplateAction.Request("with-codec").componentTemplate(new ComponentTemplate(withCodec, null, null))));
        ComposableIndexTemplate template = ComposableIndexTemplate.builder()
            .indexPatterns(List.of("composed-*"))
            .componentTemplates(List.of("with-codec"))
            .build();
        assertAcked(client().execute(TransportPutComposableIndexTemplateAction.TYPE,
            new TransportPutComposableIndexTemplateAction.Request("composed").indexTemplate(template)));
        index("composed-1", "1", "{ \"e\": [1, 2] }");
        assertThat(codecOf("composed-1"), equalTo(VicinityCodec.NAME));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rejected documents leave nothing behind

    public void testRejectedDocumentsIndexNothing() {
        create("strict", Settings.EMPTY, vectorMapping(3, "cosine"));
        index("strict", "good", "{ \"e\": [1, 2, 3], \"kind\": \"ok\" }");
        String[][] bad = {
            { "{ \"e\": [1, 2], \"kind\": \"bad\" }", "[vicinity_vector] field [e] has [3] dims but the vector has [2]" },
            { "{ \"e\": [1, 2, 3, 4], \"kind\": \"bad\" }", "[vicinity_vector] field [e] has [3] dims but the vector has [4]" },
            { "{ \"kind\": \"bad\", \"e\": [1, \"x\", 3] }", "[vicinity_vector] field [e] takes numbers but element [1] is [\"x\"]" },
            { "{ \"kind\": \"bad\", \"e\": [1, {\"a\": 1}, 3] }", "[vicinity_vector] field [e] takes numbers but element [1] is an object" },
            { "{ \"kind\": \"bad\", \"e\": [[1, 2, 3], [4, 5, 6]] }", "[vicinity_vector] field [e] takes one vector per document (an array of [3] numbers) but element [0] is an array: several vectors cannot share a field of one document" },
            { "{ \"kind\": \"bad\", \"e\": [1, 1e39, 3] }",
                "[vicinity_vector] field [e] needs finite numbers but element [1] is [Infinity] (beyond the float range)" },
            { "{ \"kind\": \"bad\", \"e\": [0, 0, 0] }",
                "[vicinity_vector] field [e] uses metric [cosine], which is undefined for the zero vector [0.0, 0.0, 0.0]" },
            { "{ \"kind\": \"bad\", \"e\": 7 }", "[vicinity_vector] field [e] takes an array of [3] numbers but got [7]" } };
        for (String[] doc : bad) {
            Exception e = expectThrows(Exception.class, () -> prepareIndex("strict").setId("bad").setSource(doc[0], XContentType.JSON)
                .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get());
            assertBadRequest(e, doc[1]);
        }
        // Neither the document nor any of its other fields made it into the index.
        assertThat(count("strict", QueryBuilders.matchAllQuery()), equalTo(1L));
        assertThat(count("strict", QueryBuilders.termQuery("kind", "bad")), equalTo(0L));
        assertThat(count("strict", QueryBuilders.existsQuery("e")), equalTo(1L));
        assertFalse(client().prepareGet("strict", "bad").get().isExists());

        // In a bulk request the bad item fails alone with 400; the good ones are indexed.
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        bulk.add(prepareIndex("strict").setId("b1").setSource("{ \"e\": [3, 2, 1] }", XContentType.JSON));
        bulk.add(prepareIndex("strict").setId("b2").setSource("{ \"e\": [3, 2], \"kind\": \"bad\" }", XContentType.JSON));
        bulk.add(prepareIndex("strict").setId("b3").setSource("{ \"e\": [1, 1, 1] }", XContentType.JSON));
        BulkResponse response = bulk.get();
        BulkItemResponse[] items = response.getItems();
        assertFalse(items[0].isFailed());
        assertTrue(items[1].isFailed());
        assertThat(items[1].getFailure().getStatus(), equalTo(RestStatus.BAD_REQUEST));
        assertThat(messages(items[1].getFailure().getCause()), containsString("[vicinity_vector] field [e] has [3] dims but the vector has [2]"));
        assertFalse(items[2].isFailed());
        assertThat(count("strict", QueryBuilders.matchAllQuery()), equalTo(3L));
        assertThat(count("strict", QueryBuilders.existsQuery("e")), equalTo(3L));
        assertThat(count("strict", QueryBuilders.termQuery("kind", "bad")), equalTo(0L));
    }

    public void testNullVectorIsNoVector() {
        create("nulls", Settings.EMPTY, vectorMapping(2, "euclidean"));
        index("nulls", "1", "{ \"e\": null, \"kind\": \"k\" }");
        assertThat(count("nulls", QueryBuilders.matchAllQuery()), equalTo(1L));
        assertThat(count("nulls", QueryBuilders.existsQuery("e")), equalTo(0L));
        assertHitCount(client().prepareSearch("nulls").setQuery(new VicinityKnnQueryBuilder("e", new float[] { 1, 2 }, 3)), 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Searching

    private static List<String> ids(SearchResponse response) {
        List<String> ids = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            ids.add(hit.getId());
        }
        return ids;
    }

    /** Ten documents on a line: document {@code i} is at {@code (i, 0)}, of kind even or odd. */
    private void indexLine(String index) {
        create(index, Settings.EMPTY, vectorMapping(2, "euclidean"));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < 10; i++) {
            bulk.add(prepareIndex(index).setId(Integer.toString(i))
                .setSource("{ \"e\": [" + i + ", 0], \"kind\": \"" + (i % 2 == 0 ? "even" : "odd") + "\" }", XContentType.JSON));
        }
        assertFalse(bulk.get().hasFailures());
    }

    /** Each hit carries its raw distance, recomputed from its vector: exact even when the score is boosted or combined. */
    public void testHitsCarryTheirDistance() {
        indexLine("distances");
        VicinityKnnQueryBuilder knn = new VicinityKnnQueryBuilder("e", new float[] { 2.2f, 0 }, 3);
        assertNoFailuresAndResponse(client().prepareSearch("distances").setQuery(knn.boost(7f)), response -> {
            assertThat(ids(response), equalTo(List.of("2", "3", "1")));
            float[] expected = { 0.2f, 0.8f, 1.2f };
            for (int i = 0; i < expected.length; i++) {
                List<Object> values = response.getHits().getHits()[i].field(VicinityDistanceFetchSubPhase.FIELD).getValues();
                assertEquals(1, values.size());
                assertEquals(expected[i], ((Number) values.get(0)).floatValue(), 1e-5);
            }
        });
        // One value per vicinity_knn query, ordered by field then query vector ([2.2, 0] < [9, 0]), whatever order the
        // clauses were written in; a filter clause contributes none.
        BoolQueryBuilder two = QueryBuilders.boolQuery()
            .should(new VicinityKnnQueryBuilder("e", new float[] { 9f, 0 }, 3))
            .should(new VicinityKnnQueryBuilder("e", new float[] { 2.2f, 0 }, 3))
            .filter(QueryBuilders.termQuery("kind", "even"));
        assertNoFailuresAndResponse(client().prepareSearch("distances").setQuery(two).setSize(10), response -> {
            for (SearchHit hit : response.getHits().getHits()) {
                float x = Integer.parseInt(hit.getId());
                List<Object> values = hit.field(VicinityDistanceFetchSubPhase.FIELD).getValues();
                assertEquals(2, values.size());
                assertEquals(Math.abs(x - 2.2f), ((Number) values.get(0)).floatValue(), 1e-5);
                assertEquals(Math.abs(x - 9f), ((Number) values.get(1)).floatValue(), 1e-5);
            }
        });
        // Without a vicinity_knn query, hits have no distance field.
        assertNoFailuresAndResponse(client().prepareSearch("distances").setQuery(QueryBuilders.matchAllQuery()),
            response -> assertNull(response.getHits().getHits()[0].field(VicinityDistanceFetchSubPhase.FIELD)));
    }

    public void testNearestByVector() {
        indexLine("line");
        assertNoFailuresAndResponse(client().prepareSearch("line").setQuery(new VicinityKnnQueryBuilder("e", new float[] { 2.2f, 0 }, 3)),
            response -> {
                assertThat(ids(response), equalTo(List.of("2", "3", "1")));
                SearchHit[] hits = response.getHits().getHits();
                // score = 1 / (1 + distance) for euclidean
                assertEquals(1 / (1 + 0.2f), hits[0].getScore(), 1e-5);
                assertEquals(1 / (1 + 0.8f), hits[1].getScore(), 1e-5);
                assertEquals(1 / (1 + 1.2f), hits[2].getScore(), 1e-5);
            });
        assertNoFailuresAndResponse(client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new float[] { 2.2f, 0 }, 3).maxDistance(1f)),
            response -> assertThat(ids(response), equalTo(List.of("2", "3"))));
        assertNoFailuresAndResponse(client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new float[] { 2.2f, 0 }, 3).filter(QueryBuilders.termQuery("kind", "odd"))),
            response -> assertThat(ids(response), equalTo(List.of("3", "1", "5"))));
    }

    public void testNearestByReference() {
        indexLine("line");
        // By default the referenced document is not among its own neighbours ...
        assertNoFailuresAndResponse(client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference("4", null), 2)),
            response -> assertThat(sorted(ids(response)), equalTo(List.of("3", "5"))));
        // ... unless asked for, as Annoy's get_nns_by_item returns it ...
        assertNoFailuresAndResponse(client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference("4", "line"), 3).includeSelf(true)),
            response -> {
                assertThat(ids(response).get(0), equalTo("4"));
                assertThat(sorted(ids(response)), equalTo(List.of("3", "4", "5")));
            });
        // ... and the exclusion combines with the user's filter.
        assertNoFailuresAndResponse(client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference("4", null), 2).filter(QueryBuilders.termQuery("kind", "even"))),
            response -> assertThat(sorted(ids(response)), equalTo(List.of("2", "6"))));
    }

    /**
     * Documents indexed with a custom routing are found by reference with {@code vector.routing} (a get needs the
     * routing to reach the document's shard); without it the index's required routing refuses the get clearly.
     */
    public void testReferenceWithRouting() {
        create("routed", Settings.builder().put("index.number_of_shards", 4).build(),
            "{ \"_routing\": { \"required\": true }, " + vectorMapping(2, "euclidean").substring(1));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < 12; i++) {
            bulk.add(prepareIndex("routed").setId(Integer.toString(i)).setRouting("user" + (i % 5))
                .setSource("{ \"e\": [" + i + ", 0] }", XContentType.JSON));
        }
        assertFalse(bulk.get().hasFailures());
        for (int i = 0; i < 12; i++) {
            int id = i;
            assertNoFailuresAndResponse(client().prepareSearch("routed")
                .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference(Integer.toString(id), null, "user" + (id % 5)), 1)),
                // k is per shard: the best hit overall is a neighbour at distance 1 (either side)
                response -> assertThat(Math.abs(Integer.parseInt(ids(response).get(0)) - id), equalTo(1)));
        }
        Exception e = expectThrows(Exception.class, () -> client().prepareSearch("routed")
            .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference("3", null), 1)).get().decRef());
        assertThat(messages(e), containsString("routing is required"));
        assertThat(ExceptionsHelper.status(e), equalTo(RestStatus.BAD_REQUEST));
    }

    /**
     * A vector inside a {@code nested} object: refused from the top level (it would silently match nothing), searched
     * inside a {@code nested} query, where the nearest nested documents score their parents.
     */
    public void testNestedVectors() {
        create("shops", Settings.EMPTY, """
            { "properties": { "items": { "type": "nested", "properties": {
                "e": { "type": "vicinity_vector", "dims": 2, "metric": "euclidean" } } } } }""");
        index("shops", "a", "{ \"items\": [ { \"e\": [0, 0] }, { \"e\": [10, 0] } ] }");
        index("shops", "b", "{ \"items\": [ { \"e\": [5, 0] } ] }");
        index("shops", "c", "{ \"items\": [ { \"e\": [9, 0] }, { \"e\": [20, 0] } ] }");
        Exception e = expectThrows(Exception.class, () -> client().prepareSearch("shops")
            .setQuery(new VicinityKnnQueryBuilder("items.e", new float[] { 9.5f, 0 }, 2)).get().decRef());
        assertBadRequest(e, "[vicinity_knn] field [items.e] is inside nested object [items]: search it inside a [nested] query"
            + " with [path] [items]");
        assertNoFailuresAndResponse(client().prepareSearch("shops")
            .setQuery(QueryBuilders.nestedQuery("items", new VicinityKnnQueryBuilder("items.e", new float[] { 9.5f, 0 }, 2),
                ScoreMode.Max)),
            response -> assertThat(sorted(ids(response)), equalTo(List.of("a", "c"))));
    }

    public void testReferenceToAnotherIndex() {
        indexLine("line");
        create("anchors", Settings.EMPTY, vectorMapping(2, "euclidean"));
        index("anchors", "7", "{ \"e\": [6.9, 0] }");
        // Document 7 of [anchors] is not document 7 of [line]: it stays a candidate.
        assertNoFailuresAndResponse(client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference("7", "anchors"), 1)),
            response -> assertThat(ids(response), equalTo(List.of("7"))));
    }

    public void testBadSearches() {
        indexLine("line");
        Exception e = expectThrows(Exception.class, () -> client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new float[] { 1, 2, 3 }, 1)).get().decRef());
        assertBadRequest(e, "[vicinity_knn] field [e] has [2] dims but the vector has [3]");
        e = expectThrows(Exception.class, () -> client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("kind", new float[] { 1, 2 }, 1)).get().decRef());
        assertBadRequest(e, "[vicinity_knn] field [kind] is of type [keyword] but must be of type [vicinity_vector]");
        e = expectThrows(Exception.class, () -> client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("nope", new float[] { 1, 2 }, 1)).get().decRef());
        assertBadRequest(e, "[vicinity_knn] field [nope] does not exist in index [line]");
        e = expectThrows(Exception.class, () -> client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference("404", null), 1)).get().decRef());
        assertBadRequest(e, "[vicinity_knn] [vector] refers to document [404] of index [line], which does not exist"
            + " (a document indexed with a custom routing needs [vector.routing])");
        // a document without the field: neither its _source nor the index holds a vector
        prepareIndex("line").setId("bare").setSource("{ \"kind\": \"none\" }", XContentType.JSON)
            .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get().decRef();
        e = expectThrows(Exception.class, () -> client().prepareSearch("line")
            .setQuery(new VicinityKnnQueryBuilder("e", new VectorReference("bare", null), 1)).get().decRef());
        assertBadRequest(e, "[vicinity_knn] [vector] refers to document [bare] of index [line], which has no vector in field [e]");
    }

    private static List<String> sorted(List<String> ids) {
        String[] array = ids.toArray(String[]::new);
        Arrays.sort(array);
        return List.of(array);
    }

    public void testSegmentsHoldOneVectorPerDocument() {
        indexLine("line");
        IndexService index = getInstanceFromNode(org.elasticsearch.indices.IndicesService.class).indexServiceSafe(resolveIndex("line"));
        try (var searcher = index.getShard(0).acquireSearcher("test")) {
            int vectors = 0;
            for (var leaf : searcher.getIndexReader().leaves()) {
                var values = leaf.reader().getFloatVectorValues("e");
                if (values != null) {
                    vectors += values.size();
                }
                var info = leaf.reader().getFieldInfos().fieldInfo("e");
                assertTrue(dev.vicinity.codec.VicinityFieldType.isVicinityField(info));
            }
            assertThat(vectors, equalTo(10));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(count("line", QueryBuilders.existsQuery("e")), greaterThan(0L));
    }
}
