package dev.vicinity.plugin.query;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.exact.ExactMethod;
import dev.vicinity.codec.nndescent.NNDescentMethod;
import dev.vicinity.codec.nndescent.NNDescentQuery;
import java.util.Map;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinitySearchStrategy;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;
import dev.vicinity.plugin.VicinityPlugin;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.elasticsearch.action.get.GetRequest;
import org.elasticsearch.action.get.GetResponse;
import org.elasticsearch.action.support.PlainActionFuture;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.compress.CompressedXContent;
import org.elasticsearch.common.io.stream.BytesStreamOutput;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.get.GetResult;
import org.elasticsearch.index.mapper.MapperService;
import org.elasticsearch.index.mapper.Uid;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.IdsQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.index.query.Rewriteable;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.index.query.TermQueryBuilder;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.AbstractQueryTestCase;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParseException;
import org.elasticsearch.xcontent.json.JsonXContent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code vicinity_knn} against Elasticsearch's query-builder contract (parsing, serialization, equality, rewriting,
 * {@code toQuery}, cacheability) plus every bad input with its exact message.
 *
 * <p>The test index carries three Vicinity fields: {@link #FIELD} with {@link #DIMS} dims and a metric drawn once per
 * class (the random builders target it), {@link #COSINE_FIELD} and {@link #EUCLIDEAN_FIELD} for the zero-vector
 * checks. Vector references ({@code "vector": {"id": ...}}) are answered by {@link #executeGet} from {@link #DOC_IDS}.
 */
public class VicinityKnnQueryBuilderTests extends AbstractQueryTestCase<VicinityKnnQueryBuilder> {

    static final String FIELD = "vicinity_vec";
    static final int DIMS = 4;
    static final String COSINE_FIELD = "cosine_vec";
    static final String EUCLIDEAN_FIELD = "euclidean_vec";
    /** Always {@code nndescent}, so the epsilon tests run whatever method the random field got. */
    static final String NNDESCENT_FIELD = "graph_vec";
    static final int SMALL_DIMS = 3;
    /** An index other than the searched one that vector references may name. */
    static final String OTHER_INDEX = "other-index";
    /** Documents the mocked GET finds, with the vector {@link #storedVector} in {@link #FIELD}. */
    static final List<String> DOC_IDS = List.of("d0", "d1", "d2", "d3", "d4");
    /** A document that exists but has no vector; a document that has a vector with the wrong number of dims. */
    static final String NO_VECTOR_ID = "no-vector";
    static final String SHORT_VECTOR_ID = "short-vector";

    /** The metric of {@link #FIELD}, drawn once per class when the mapping is created. */
    private static Metric fieldMetric;
    /** Whether {@link #FIELD} uses the {@code nndescent} method (which takes {@code epsilon}) rather than {@code exact}. */
    private static boolean fieldIsNNDescent;

    /** Every GET the builder under test sent. */
    private final List<GetRequest> getRequests = new CopyOnWriteArrayList<>();

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(VicinityPlugin.class);
    }

    @Override
    protected Settings createTestIndexSettings() {
        // The vicinity_vector mapper refuses an index whose codec is not Vicinity's.
        return Settings.builder().put(super.createTestIndexSettings()).put("index.codec", VicinityCodec.NAME).build();
    }

    @Override
    protected void initializeAdditionalMappings(MapperService mapperService) throws IOException {
        String metricName = randomFrom(Metrics.names());
        float p = metricName.equals("minkowski") ? randomFrom(1f, 1.5f, 2f, 3f) : Float.NaN;
        fieldMetric = Metrics.byName(metricName, p);
        XContentBuilder mapping = JsonXContent.contentBuilder().startObject().startObject("properties");
        mapping.startObject(FIELD).field("type", "vicinity_vector").field("dims", DIMS).field("metric", metricName);
        if (Float.isNaN(p) == false) {
            mapping.field("p", p);
        }
        fieldIsNNDescent = randomBoolean();
        if (fieldIsNNDescent) {
            mapping.startObject("method").field("type", "nndescent").field("n_neighbors", randomIntBetween(2, 64)).endObject();
        }
        mapping.endObject();
        mapping.startObject(COSINE_FIELD).field("type", "vicinity_vector").field("dims", SMALL_DIMS).field("metric", "cosine").endObject();
        mapping.startObject(EUCLIDEAN_FIELD).field("type", "vicinity_vector").field("dims", SMALL_DIMS).endObject();
        mapping.startObject(NNDESCENT_FIELD).field("type", "vicinity_vector").field("dims", SMALL_DIMS)
            .startObject("method").field("type", "nndescent").endObject().endObject();
        mapping.endObject().endObject();
        mapperService.merge("_doc", new CompressedXContent(Strings.toString(mapping)), MapperService.MergeReason.MAPPING_UPDATE);
    }

    /** The vector stored in document {@code id}: deterministic, non-zero, distinct per document. */
    static float[] storedVector(String id) {
        float[] vector = new float[DIMS];
        int n = id.hashCode();
        for (int i = 0; i < DIMS; i++) {
            vector[i] = 1 + ((n >>> (i * 4)) & 0xF) * 0.25f - i * 0.5f;
        }
        return vector;
    }

    static float[] randomVector(int dims) {
        float[] vector = new float[dims];
        do {
            for (int i = 0; i < dims; i++) {
                vector[i] = randomBoolean() ? randomFloat() * 2 - 1 : randomFloatBetween(-1000f, 1000f, true);
            }
        } while (isZero(vector)); // cosine refuses the zero vector; tested on its own below
        return vector;
    }

    private static boolean isZero(float[] vector) {
        for (float v : vector) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    private static QueryBuilder randomFilter() {
        return switch (randomIntBetween(0, 3)) {
            case 0 -> QueryBuilders.termQuery(KEYWORD_FIELD_NAME, randomAlphaOfLengthBetween(1, 8));
            case 1 -> QueryBuilders.termQuery(TEXT_FIELD_NAME, randomAlphaOfLengthBetween(1, 8).toLowerCase(Locale.ROOT));
            case 2 -> QueryBuilders.rangeQuery(INT_FIELD_NAME).gte(randomIntBetween(0, 5)).lte(randomIntBetween(6, 10));
            default -> QueryBuilders.boolQuery()
                .filter(QueryBuilders.termQuery(KEYWORD_FIELD_NAME, randomAlphaOfLengthBetween(1, 8)))
                .mustNot(QueryBuilders.termQuery(BOOLEAN_FIELD_NAME, randomBoolean()));
        };
    }

    private static int randomK() {
        return randomBoolean() ? randomIntBetween(1, 100) : randomIntBetween(1, VicinityKnnQueryBuilder.MAX_K);
    }

    @Override
    protected VicinityKnnQueryBuilder doCreateTestQueryBuilder() {
        VicinityKnnQueryBuilder builder;
        if (rarely() || randomIntBetween(0, 3) == 0) {
            String index = randomBoolean() ? null : randomFrom(getIndex().getName(), OTHER_INDEX);
            VectorReference reference = new VectorReference(randomFrom(DOC_IDS), index, null);
            builder = new VicinityKnnQueryBuilder(FIELD, reference, randomK());
        } else {
            builder = new VicinityKnnQueryBuilder(FIELD, randomVector(DIMS), randomK());
        }
        if (randomBoolean()) {
            builder = builder.filter(randomFilter());
        }
        if (randomBoolean()) {
            builder = builder.maxDistance(randomFloatBetween(-10f, 1000f, true));
        }
        if (randomBoolean()) {
            builder = builder.includeSelf(randomBoolean());
        }
        if (randomBoolean()) {
            builder = builder.ignoreUnmapped(randomBoolean());
        }
        if (fieldIsNNDescent && randomBoolean()) {
            builder = builder.methodParameter("epsilon", randomBoolean() ? randomFloatBetween(0f, 2f, true) : randomIntBetween(0, 2));
        }
        return builder;
    }

    @Override
    protected VicinityKnnQueryBuilder createQueryWithInnerQuery(QueryBuilder queryBuilder) {
        return new VicinityKnnQueryBuilder(FIELD, randomVector(DIMS), randomK()).filter(queryBuilder);
    }

    @Override
    public VicinityKnnQueryBuilder mutateInstance(VicinityKnnQueryBuilder instance) throws IOException {
        VicinityKnnQueryBuilder copy = copyQuery(instance);
        return switch (randomIntBetween(0, 7)) {
            case 0 -> changeNameOrBoost(instance);
            case 1 -> withBase(instance, new VicinityKnnQueryBuilder(instance.field() + "x", randomVector(DIMS), instance.k()));
            case 2 -> {
                if (instance.vector() != null) {
                    float[] vector = instance.vector().clone();
                    vector[randomIntBetween(0, DIMS - 1)] += 1f;
                    yield withBase(instance, new VicinityKnnQueryBuilder(instance.field(), vector, instance.k()));
                }
                yield withBase(instance, new VicinityKnnQueryBuilder(instance.field(),
                    new VectorReference(instance.vectorReference().id() + "x", instance.vectorReference().index()), instance.k()));
            }
            case 3 -> withBase(instance, instance.vector() != null
                ? new VicinityKnnQueryBuilder(instance.field(), instance.vector(), instance.k() % VicinityKnnQueryBuilder.MAX_K + 1)
                : new VicinityKnnQueryBuilder(instance.field(), instance.vectorReference(), instance.k() % VicinityKnnQueryBuilder.MAX_K + 1));
            case 4 -> copy.filter(instance.filter() == null ? QueryBuilders.termQuery(KEYWORD_FIELD_NAME, "mutated") : null);
            case 5 -> copy.maxDistance(instance.maxDistance() == null ? 1.5f : null);
            case 6 -> copy.includeSelf(instance.includeSelf() == false);
            default -> fieldIsNNDescent ? copy.methodParameter("epsilon", instance.methodParameters().containsKey("epsilon") ? null : 0.25f)
                : copy.includeSelf(instance.includeSelf() == false);
        };
    }

    /** {@code fresh} with every option of {@code base} except what the caller changed in {@code fresh}'s constructor. */
    private static VicinityKnnQueryBuilder withBase(VicinityKnnQueryBuilder base, VicinityKnnQueryBuilder fresh) {
        VicinityKnnQueryBuilder result = fresh.filter(base.filter()).maxDistance(base.maxDistance()).includeSelf(base.includeSelf());
        for (Map.Entry<String, Object> param : base.methodParameters().entrySet()) {
            result = result.methodParameter(param.getKey(), param.getValue());
        }
        return result.boost(base.boost()).queryName(base.queryName());
    }

    @Override
    protected void doAssertLuceneQuery(VicinityKnnQueryBuilder builder, Query query, SearchExecutionContext context) throws IOException {
        assertThat(query, instanceOf(VicinityKnnQuery.class));
        VicinityKnnQuery knn = (VicinityKnnQuery) query;
        assertThat(knn.getField(), equalTo(builder.field()));
        float[] expectedVector = builder.vector() != null ? builder.vector() : storedVector(builder.vectorReference().id());
        assertArrayEquals(expectedVector, knn.getTargetCopy(), 0f);
        assertThat(knn.getK(), equalTo(builder.k()));
        assertThat(knn.getMetric().name(), equalTo(fieldMetric.name()));
        assertThat(knn.getMetric().id(), equalTo(fieldMetric.id()));
        assertThat(Float.floatToIntBits(knn.getMetric().parameter()), equalTo(Float.floatToIntBits(fieldMetric.parameter())));
        float expectedMaxDistance = builder.maxDistance() == null ? Float.POSITIVE_INFINITY : builder.maxDistance();
        assertThat(knn.getMaxDistance(), equalTo(expectedMaxDistance));
        IndexMethod method = fieldIsNNDescent ? NNDescentMethod.INSTANCE : ExactMethod.INSTANCE;
        assertThat(knn.getVicinitySearchStrategy(), equalTo(VicinitySearchStrategy.of(method, builder.methodParameters())));
        if (builder.methodParameters().containsKey("epsilon")) {
            float epsilon = ((Number) builder.methodParameters().get("epsilon")).floatValue();
            assertThat(knn.getVicinitySearchStrategy().query(), equalTo(epsilon == 0.1f ? null : new NNDescentQuery(epsilon)));
        }

        boolean excludesSelf = builder.vectorReference() != null && builder.includeSelf() == false;
        if (builder.filter() == null && excludesSelf == false) {
            assertThat(knn.getFilter(), nullValue());
        } else {
            assertThat(knn.getFilter(), notNullValue());
        }
        if (builder.filter() != null && excludesSelf == false) {
            QueryBuilder rewrittenFilter = Rewriteable.rewrite(builder.filter(), new SearchExecutionContext(context));
            assertThat(knn.getFilter(), equalTo(rewrittenFilter.toQuery(new SearchExecutionContext(context))));
        }
        if (excludesSelf && builder.filter() == null) {
            // The exclusion is a filter on _id and _index: run it over documents that only have an _id.
            String self = builder.vectorReference().id();
            String searched = getIndex().getName();
            String referencedIndex = builder.vectorReference().index() == null ? searched : builder.vectorReference().index();
            boolean selfIsHere = referencedIndex.equals(searched);
            assertThat(matchingIds(knn.getFilter(), List.of(self, "some-other-doc")),
                equalTo(selfIsHere ? List.of("some-other-doc") : List.of(self, "some-other-doc")));
        }
    }

    /** The ids among {@code ids} that {@code filter} matches in a tiny index holding one document per id. */
    private static List<String> matchingIds(Query filter, List<String> ids) throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
                for (String id : ids) {
                    Document doc = new Document();
                    doc.add(new StringField("_id", Uid.encodeId(id), Field.Store.NO));
                    doc.add(new StringField("plain_id", id, Field.Store.YES));
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                List<String> matching = new ArrayList<>();
                for (String id : ids) {
                    Query both = new org.apache.lucene.search.BooleanQuery.Builder()
                        .add(filter, org.apache.lucene.search.BooleanClause.Occur.FILTER)
                        .add(new TermQuery(new org.apache.lucene.index.Term("plain_id", id)), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                        .build();
                    if (searcher.count(both) == 1) {
                        matching.add(id);
                    }
                }
                return matching;
            }
        }
    }

    @Override
    protected GetResponse executeGet(GetRequest getRequest) {
        getRequests.add(getRequest);
        String index = getRequest.index();
        assertThat("a reference is fetched from the searched index or the one it names", index,
            org.hamcrest.Matchers.oneOf(getIndex().getName(), OTHER_INDEX));
        String id = getRequest.id();
        try {
            if (DOC_IDS.contains(id) || id.equals(NO_VECTOR_ID) || id.equals(SHORT_VECTOR_ID)) {
                XContentBuilder source = JsonXContent.contentBuilder().startObject();
                if (id.equals(SHORT_VECTOR_ID)) {
                    source.array(FIELD, new float[] { 1f, 2f });
                } else if (id.equals(NO_VECTOR_ID) == false) {
                    source.array(FIELD, storedVector(id));
                }
                source.field(KEYWORD_FIELD_NAME, "kw").endObject();
                return new GetResponse(new GetResult(index, id, 0, 1, 1, true, BytesReference.bytes(source), null, null));
            }
            return new GetResponse(new GetResult(index, id, -2, 0, -1, false, null, null, null));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void testMustRewrite() throws IOException {
        SearchExecutionContext context = createSearchExecutionContext();
        context.setAllowUnmappedFields(true);
        // A vector query needs no rewrite ...
        VicinityKnnQueryBuilder byVector = new VicinityKnnQueryBuilder(FIELD, randomVector(DIMS), randomK());
        assertThat(byVector.toQuery(context), instanceOf(VicinityKnnQuery.class));
        // ... a reference must be fetched first.
        VicinityKnnQueryBuilder byReference = new VicinityKnnQueryBuilder(FIELD, new VectorReference(randomFrom(DOC_IDS), null), randomK());
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> byReference.toQuery(context));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] must be rewritten first: its vector reference is unresolved"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parsing: a fixed example and the defaults

    public void testParseExample() throws IOException {
        String json = """
            {
              "vicinity_knn": {
                "field": "vicinity_vec",
                "vector": [1.5, -2, 0, 3.25],
                "k": 7,
                "filter": { "term": { "mapped_string_2": "shoe" } },
                "max_distance": 2.5,
                "boost": 2.0,
                "_name": "nearest"
              }
            }""";
        VicinityKnnQueryBuilder expected = new VicinityKnnQueryBuilder(FIELD, new float[] { 1.5f, -2f, 0f, 3.25f }, 7)
            .filter(new TermQueryBuilder(KEYWORD_FIELD_NAME, "shoe"))
            .maxDistance(2.5f);
        expected.boost(2f).queryName("nearest");
        assertParsedQuery(json, expected);
    }

    public void testParseDefaults() throws IOException {
        VicinityKnnQueryBuilder parsed = (VicinityKnnQueryBuilder) parseQuery("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4] } }""");
        assertThat(parsed.k(), equalTo(VicinityKnnQueryBuilder.DEFAULT_K));
        assertThat(parsed.filter(), nullValue());
        assertThat(parsed.maxDistance(), nullValue());
        assertFalse(parsed.includeSelf());
        assertThat(parsed.vectorReference(), nullValue());
        assertThat(parsed.boost(), equalTo(1f));
        assertThat(parsed.queryName(), nullValue());
        // Defaults that are not printed stay unprinted, and k is always printed.
        String printed = Strings.toString(parsed);
        assertThat(printed, containsString("\"k\":10"));
        assertThat(printed, not(containsString("include_self")));
        assertThat(printed, not(containsString("max_distance")));
    }

    public void testParseReference() throws IOException {
        assertParsedQuery("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "id": "d1", "index": "images" }, "k": 3, "include_self": true } }""",
            new VicinityKnnQueryBuilder(FIELD, new VectorReference("d1", "images"), 3).includeSelf(true));
        assertParsedQuery("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "id": 42 } } }""",
            new VicinityKnnQueryBuilder(FIELD, new VectorReference("42", null), VicinityKnnQueryBuilder.DEFAULT_K));
    }

    public void testKBoundsAccepted() throws IOException {
        for (int k : new int[] { 1, VicinityKnnQueryBuilder.MAX_K }) {
            VicinityKnnQueryBuilder parsed = (VicinityKnnQueryBuilder) parseQuery(
                "{ \"vicinity_knn\": { \"field\": \"vicinity_vec\", \"vector\": [1, 2, 3, 4], \"k\": " + k + " } }");
            assertThat(parsed.k(), equalTo(k));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bad input while parsing, each with its message

    /** The message of the exception {@code json} fails to parse with, unwrapping the object parser's context. */
    private String parseError(String json) {
        Exception e = expectThrows(Exception.class, () -> parseQuery(json));
        assertThat(e, org.hamcrest.Matchers.either(instanceOf(IllegalArgumentException.class)).or(instanceOf(XContentParseException.class))
            .or(instanceOf(org.elasticsearch.common.ParsingException.class)));
        // The object parser wraps what a field's parser throws in "[1:60] [vicinity_knn] failed to parse field [vector]";
        // Elasticsearch reports the wrapped exception as the cause: that is the message users read.
        Throwable cause = e;
        while (cause instanceof XContentParseException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    public void testMissingField() {
        assertThat(parseError("""
            { "vicinity_knn": { "vector": [1, 2, 3, 4], "k": 3 } }"""), equalTo("[vicinity_knn] requires [field]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "", "vector": [1, 2, 3, 4] } }"""), equalTo("[vicinity_knn] requires [field]"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new VicinityKnnQueryBuilder(null, new float[] { 1 }, 1));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] requires [field]"));
    }

    public void testNeitherVectorForm() {
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "k": 3 } }"""),
            equalTo("[vicinity_knn] requires exactly one of [vector] as an array of numbers or [vector] as {\"id\": ...}"));
        expectThrows(NullPointerException.class, () -> new VicinityKnnQueryBuilder(FIELD, (float[]) null, 1));
        expectThrows(NullPointerException.class, () -> new VicinityKnnQueryBuilder(FIELD, (VectorReference) null, 1));
    }

    public void testBothVectorForms() {
        // One key cannot hold both forms; giving the key twice is refused by the JSON parser's duplicate check.
        String message = parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "vector": { "id": "d1" } } }""");
        assertThat(message, containsString("Duplicate field 'vector'"));
    }

    public void testKOutOfRange() throws IOException {
        for (int k : new int[] { 0, -1, VicinityKnnQueryBuilder.MAX_K + 1 }) {
            String expected = "[vicinity_knn] [k] must be between [1] and [10000] but was [" + k + "]";
            assertThat(parseError("{ \"vicinity_knn\": { \"field\": \"vicinity_vec\", \"vector\": [1, 2, 3, 4], \"k\": " + k + " } }"),
                equalTo(expected));
            assertThat(parseError("{ \"vicinity_knn\": { \"field\": \"vicinity_vec\", \"vector\": { \"id\": \"d1\" }, \"k\": " + k + " } }"),
                equalTo(expected));
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> new VicinityKnnQueryBuilder(FIELD, new float[] { 1, 2, 3, 4 }, k));
            assertThat(e.getMessage(), equalTo(expected));
        }
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "k": "many" } }"""), containsString("many"));
        // ObjectParser's int fields would truncate 2.5 to 2
        for (String k : new String[] { "2.5", "\"2.5\"", "1e20", "\"twelve\"" }) {
            String shown = k.replace("\"", "");
            assertThat(parseError("{ \"vicinity_knn\": { \"field\": \"vicinity_vec\", \"vector\": [1, 2, 3, 4], \"k\": " + k + " } }"),
                containsString("[vicinity_knn] [k] must be an integer but was [" + shown + "]"));
        }
        for (String k : new String[] { "3", "3.0", "\"3\"" }) {
            VicinityKnnQueryBuilder parsed = (VicinityKnnQueryBuilder) parseQuery(
                "{ \"vicinity_knn\": { \"field\": \"vicinity_vec\", \"vector\": [1, 2, 3, 4], \"k\": " + k + " } }");
            assertEquals(3, parsed.k());
        }
    }

    /** A negative boost and a broken filter query name the parameter and the value. */
    public void testBoostAndFilterErrorsNameTheParameter() {
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "boost": -1 } }"""),
            equalTo("[vicinity_knn] [boost] must not be negative but was [-1.0]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "filter": { "term": {} } } }"""),
            startsWith("[vicinity_knn] [filter] is not a valid query: "));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "filter": { "no_such_query": {} } } }"""),
            allOf(startsWith("[vicinity_knn] [filter] is not a valid query: "), containsString("no_such_query")));
    }

    public void testNonNumberInVector() {
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, "two", 3, 4] } }"""),
            equalTo("[vicinity_knn] [vector] takes numbers but element [1] is [two]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, true, 4] } }"""),
            equalTo("[vicinity_knn] [vector] takes numbers but element [2] is [true]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [null, 2, 3, 4] } }"""),
            equalTo("[vicinity_knn] [vector] takes numbers but element [0] is [null]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, [2], 3, 4] } }"""),
            equalTo("[vicinity_knn] [vector] takes numbers but element [1] is an array"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, {"x": 4}] } }"""),
            equalTo("[vicinity_knn] [vector] takes numbers but element [3] is an object"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": "1, 2, 3, 4" } }"""), containsString("vector"));
    }

    public void testNonFiniteVector() {
        // 1e39 is beyond the float range: it would be indexed as infinity.
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 1e39, 3, 4] } }"""),
            equalTo("[vicinity_knn] [vector] needs finite numbers but element [1] is [Infinity]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, -1e39] } }"""),
            equalTo("[vicinity_knn] [vector] needs finite numbers but element [3] is [-Infinity]"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> new VicinityKnnQueryBuilder(FIELD, new float[] { 1, Float.NaN, 3, 4 }, 1));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] [vector] needs finite numbers but element [1] is [NaN]"));
        e = expectThrows(IllegalArgumentException.class,
            () -> new VicinityKnnQueryBuilder(FIELD, new float[] { Float.POSITIVE_INFINITY, 2, 3, 4 }, 1));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] [vector] needs finite numbers but element [0] is [Infinity]"));
    }

    public void testNonFiniteMaxDistance() {
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "max_distance": 1e39 } }"""),
            equalTo("[vicinity_knn] [max_distance] must be a finite number but was [Infinity]"));
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new float[] { 1, 2, 3, 4 }, 1);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> builder.maxDistance(Float.NaN));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] [max_distance] must be a finite number but was [NaN]"));
        e = expectThrows(IllegalArgumentException.class, () -> builder.maxDistance(Float.NEGATIVE_INFINITY));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] [max_distance] must be a finite number but was [-Infinity]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "max_distance": "far" } }"""), containsString("far"));
    }

    public void testEpsilon() throws IOException {
        VicinityKnnQueryBuilder parsed = (VicinityKnnQueryBuilder) parseQuery("""
            { "vicinity_knn": { "field": "graph_vec", "vector": [1, 2, 3], "epsilon": 0.3 } }""");
        assertThat(parsed.methodParameters(), equalTo(Map.of("epsilon", 0.3)));
        Query query = parsed.toQuery(createSearchExecutionContext());
        assertThat(((VicinityKnnQuery) query).getVicinitySearchStrategy().query(), equalTo(new NNDescentQuery(0.3f)));
        assertThat(Strings.toString(parsed), containsString("\"epsilon\":0.3"));
        // a number given as a string, as Elasticsearch's parsers accept
        parsed = (VicinityKnnQueryBuilder) parseQuery("""
            { "vicinity_knn": { "field": "graph_vec", "vector": [1, 2, 3], "epsilon": "0.25" } }""");
        query = parsed.toQuery(createSearchExecutionContext());
        assertThat(((VicinityKnnQuery) query).getVicinitySearchStrategy().query(), equalTo(new NNDescentQuery(0.25f)));
    }

    /** The method checks its parameters when the query meets the field, and the message names field, method, parameter and value. */
    public void testBadEpsilon() throws IOException {
        assertThat(toQueryError("""
            { "vicinity_knn": { "field": "graph_vec", "vector": [1, 2, 3], "epsilon": -0.5 } }"""),
            equalTo("[vicinity_knn] field [graph_vec] (method [nndescent]): [epsilon] must be a finite number >= [0] but was [-0.5]"));
        assertThat(toQueryError("""
            { "vicinity_knn": { "field": "graph_vec", "vector": [1, 2, 3], "epsilon": 1e39 } }"""),
            equalTo("[vicinity_knn] field [graph_vec] (method [nndescent]): [epsilon] must be a finite number but was [1.0E39]"));
        assertThat(toQueryError("""
            { "vicinity_knn": { "field": "graph_vec", "vector": [1, 2, 3], "epsilon": "wide" } }"""),
            equalTo("[vicinity_knn] field [graph_vec] (method [nndescent]): [epsilon] must be a number but was [wide]"));
        assertThat(toQueryError("""
            { "vicinity_knn": { "field": "graph_vec", "vector": [1, 2, 3], "epsilon": true } }"""),
            equalTo("[vicinity_knn] field [graph_vec] (method [nndescent]): [epsilon] must be a number but was [true]"));
        VicinityKnnQueryBuilder nan = new VicinityKnnQueryBuilder(NNDESCENT_FIELD, new float[] { 1, 2, 3 }, 1).methodParameter("epsilon", Float.NaN);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> nan.toQuery(createSearchExecutionContext()));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] field [graph_vec] (method [nndescent]): [epsilon] must be a finite number but was [NaN]"));
    }

    private String toQueryError(String json) throws IOException {
        QueryBuilder parsed = parseQuery(json);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> parsed.toQuery(createSearchExecutionContext()));
        return e.getMessage();
    }

    public void testEpsilonIsRefusedByMethodsThatDoNotUseIt() {
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(EUCLIDEAN_FIELD, new float[] { 1, 2, 3 }, 1).methodParameter("epsilon", 0.2f);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> builder.toQuery(createSearchExecutionContext()));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] field [" + EUCLIDEAN_FIELD
            + "] (method [exact]): unknown query parameter [epsilon] for index method [exact], it takes none"));
    }

    /** The alias filter of a search through a filtered alias joins the pre-filter, so it cannot cut the k hits afterwards. */
    public void testAliasFilterJoinsThePreFilter() throws IOException {
        SearchExecutionContext context = createSearchExecutionContext();
        QueryBuilder alias = QueryBuilders.termQuery(KEYWORD_FIELD_NAME, "visible");
        context.setAliasFilter(alias);
        Query aliasQuery = alias.toQuery(createSearchExecutionContext());
        VicinityKnnQuery plain = (VicinityKnnQuery) new VicinityKnnQueryBuilder(NNDESCENT_FIELD, new float[] { 1, 2, 3 }, 5).toQuery(context);
        assertThat(plain.getFilter(), equalTo(aliasQuery));
        QueryBuilder user = QueryBuilders.rangeQuery(INT_FIELD_NAME).gte(3);
        VicinityKnnQuery both = (VicinityKnnQuery) new VicinityKnnQueryBuilder(NNDESCENT_FIELD, new float[] { 1, 2, 3 }, 5).filter(user).toQuery(context);
        assertThat(both.getFilter(), instanceOf(BooleanQuery.class));
        List<BooleanClause> clauses = ((BooleanQuery) both.getFilter()).clauses();
        assertThat(clauses.size(), equalTo(2));
        assertThat(clauses.get(0), equalTo(new BooleanClause(user.toQuery(createSearchExecutionContext()), BooleanClause.Occur.FILTER)));
        assertThat(clauses.get(1), equalTo(new BooleanClause(aliasQuery, BooleanClause.Occur.FILTER)));
    }

    public void testUnknownParameter() throws IOException {
        Exception e = expectThrows(XContentParseException.class, () -> parseQuery("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": [1, 2, 3, 4], "num_candidates": 100 } }"""));
        assertThat(e.getMessage(), containsString("[vicinity_knn] unknown field [num_candidates]"));
        // a method's parameter is refused by the field's method when it takes none (here: the field's method differs)
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(NNDESCENT_FIELD, new float[] { 1, 2, 3 }, 1).methodParameter("search_k", 100);
        IllegalArgumentException refused = expectThrows(IllegalArgumentException.class, () -> builder.toQuery(createSearchExecutionContext()));
        assertThat(refused.getMessage(), equalTo("[vicinity_knn] field [graph_vec] (method [nndescent]): unknown query parameter [search_k] for"
            + " index method [nndescent], expected one of [epsilon]"));
        refused = expectThrows(IllegalArgumentException.class, () -> builder.methodParameter("epsilon", List.of(1)));
        assertThat(refused.getMessage(), equalTo("[vicinity_knn] [epsilon] must be a number, string or boolean but was [[1]]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "id": "d1", "shard": "r1" } } }"""),
            equalTo("[vicinity_knn] [vector] reference takes [id], [index] and [routing] but got [shard]"));
    }

    public void testBadReference() {
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "index": "images" } } }"""),
            equalTo("[vicinity_knn] [vector.id] must be a non-empty document id but was [null]"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "id": "" } } }"""),
            equalTo("[vicinity_knn] [vector.id] must be a non-empty document id but was []"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "id": { "nested": 1 } } } }"""),
            equalTo("[vicinity_knn] [vector.id] must be a string but was an object"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "id": "d1", "index": ["a", "b"] } } }"""),
            equalTo("[vicinity_knn] [vector.index] must be a string but was an array"));
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "id": null } } }"""),
            equalTo("[vicinity_knn] [vector.id] must be a string but was [null]"));
        // An unknown key is reported as such even when its value is an object.
        assertThat(parseError("""
            { "vicinity_knn": { "field": "vicinity_vec", "vector": { "doc": { "id": "d1" } } } }"""),
            equalTo("[vicinity_knn] [vector] reference takes [id], [index] and [routing] but got [doc]"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bad input detected against the mapping, at toQuery

    private String toQueryError(VicinityKnnQueryBuilder builder) {
        SearchExecutionContext context = createSearchExecutionContext();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> builder.toQuery(context));
        return e.getMessage();
    }

    public void testDimsMismatch() {
        assertThat(toQueryError(new VicinityKnnQueryBuilder(FIELD, randomVector(DIMS - 1), 3)),
            equalTo("[vicinity_knn] field [vicinity_vec] has [4] dims but the vector has [3]"));
        assertThat(toQueryError(new VicinityKnnQueryBuilder(FIELD, randomVector(DIMS + 2), 3)),
            equalTo("[vicinity_knn] field [vicinity_vec] has [4] dims but the vector has [6]"));
        assertThat(toQueryError(new VicinityKnnQueryBuilder(FIELD, new float[0], 3)),
            equalTo("[vicinity_knn] field [vicinity_vec] has [4] dims but the vector has [0]"));
        // The dimension count is the first problem to report, also under cosine (an empty vector is not "the zero vector").
        assertThat(toQueryError(new VicinityKnnQueryBuilder(COSINE_FIELD, new float[0], 3)),
            equalTo("[vicinity_knn] field [cosine_vec] has [3] dims but the vector has [0]"));
        assertThat(toQueryError(new VicinityKnnQueryBuilder(COSINE_FIELD, new float[] { 0, 0 }, 3)),
            equalTo("[vicinity_knn] field [cosine_vec] has [3] dims but the vector has [2]"));
    }

    public void testUnknownFieldName() throws IOException {
        assertThat(toQueryError(new VicinityKnnQueryBuilder("no_such_field", randomVector(DIMS), 3)),
            equalTo("[vicinity_knn] field [no_such_field] does not exist in index [" + getIndex().getName()
                + "]; set [ignore_unmapped] to search indices without it"));
        // ignore_unmapped: an index without the field matches nothing, as Elasticsearch's nested and knn queries do
        VicinityKnnQueryBuilder ignoring = new VicinityKnnQueryBuilder("no_such_field", randomVector(DIMS), 3).ignoreUnmapped(true);
        assertThat(ignoring.toQuery(createSearchExecutionContext()), instanceOf(MatchNoDocsQuery.class));
        // and it survives parsing, printing, copies and the wire
        VicinityKnnQueryBuilder parsed = (VicinityKnnQueryBuilder) parseQuery("""
            { "vicinity_knn": { "field": "no_such_field", "vector": [1, 2, 3, 4], "ignore_unmapped": true, "boost": 2 } }""");
        assertTrue(parsed.ignoreUnmapped());
        assertTrue(parsed.filter(null).maxDistance(3f).ignoreUnmapped());
        assertThat(Strings.toString(parsed), containsString("\"ignore_unmapped\":true"));
        assertEquals(parsed, copyQuery(parsed));
        assertNotEquals(parsed, parsed.ignoreUnmapped(false));
    }

    public void testFieldOfAnotherType() {
        assertThat(toQueryError(new VicinityKnnQueryBuilder(KEYWORD_FIELD_NAME, randomVector(DIMS), 3)),
            equalTo("[vicinity_knn] field [mapped_string_2] is of type [keyword] but must be of type [vicinity_vector]"));
        assertThat(toQueryError(new VicinityKnnQueryBuilder(INT_FIELD_NAME, randomVector(DIMS), 3)),
            equalTo("[vicinity_knn] field [mapped_int] is of type [integer] but must be of type [vicinity_vector]"));
    }

    public void testZeroVectorWithCosine() throws IOException {
        assertThat(toQueryError(new VicinityKnnQueryBuilder(COSINE_FIELD, new float[SMALL_DIMS], 3)),
            equalTo("[vicinity_knn] field [cosine_vec] uses metric [cosine], which is undefined for the zero vector"
                + " [0.0, 0.0, 0.0]"));
        // Under a metric that measures positions the zero vector is an ordinary query.
        Query query = new VicinityKnnQueryBuilder(EUCLIDEAN_FIELD, new float[SMALL_DIMS], 3).toQuery(createSearchExecutionContext());
        assertThat(query, instanceOf(VicinityKnnQuery.class));
        assertThat(((VicinityKnnQuery) query).getMetric().name(), equalTo("euclidean"));
    }

    public void testQueryOnSmallFieldCarriesItsMetric() throws IOException {
        float[] vector = randomVector(SMALL_DIMS);
        Query query = new VicinityKnnQueryBuilder(COSINE_FIELD, vector, 5).maxDistance(0.5f).toQuery(createSearchExecutionContext());
        VicinityKnnQuery knn = (VicinityKnnQuery) query;
        assertThat(knn.getField(), equalTo(COSINE_FIELD));
        assertThat(knn.getMetric().name(), equalTo("cosine"));
        assertThat(knn.getMaxDistance(), equalTo(0.5f));
        assertArrayEquals(vector, knn.getTargetCopy(), 0f);
        assertThat(knn.getK(), equalTo(5));
        assertThat(knn.getFilter(), nullValue());
    }

    public void testNamedFilterIsRegistered() throws IOException {
        SearchExecutionContext context = createSearchExecutionContext();
        QueryBuilder filter = QueryBuilders.termQuery(KEYWORD_FIELD_NAME, "x").queryName("inner");
        new VicinityKnnQueryBuilder(FIELD, randomVector(DIMS), 5).filter(filter).toQuery(context);
        assertThat(context.copyNamedQueries().keySet(), equalTo(java.util.Set.of("inner")));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Vector references: fetched by GET, the referenced document excluded unless include_self

    private QueryBuilder rewriteOnCoordinator(QueryBuilder builder) {
        return rewriteAndFetch(builder, createQueryRewriteContext());
    }

    /** The referenced document of {@code index} with id {@code id}, as a filter: what a resolved reference must exclude. */
    private static QueryBuilder self(String id, String index) {
        return new BoolQueryBuilder().filter(new IdsQueryBuilder().addIds(id)).filter(new TermQueryBuilder("_index", index));
    }

    /**
     * Resolves {@code builder}'s reference step by step (register the fetch, run it, rewrite once more) and returns
     * the first resolved builder, before its filter is rewritten any further.
     */
    private QueryBuilder resolveOnce(VicinityKnnQueryBuilder builder) throws IOException {
        QueryRewriteContext context = createQueryRewriteContext();
        QueryBuilder pending = builder.rewrite(context);
        assertTrue("a reference registers its fetch", context.hasAsyncActions());
        PlainActionFuture<Void> fetched = new PlainActionFuture<>();
        context.executeAsyncActions(fetched);
        fetched.actionGet();
        QueryBuilder resolved = pending.rewrite(context);
        assertThat(resolved, instanceOf(VicinityKnnQueryBuilder.class));
        assertThat(((VicinityKnnQueryBuilder) resolved).vectorReference(), nullValue());
        return resolved;
    }

    public void testReferenceRewritesToStoredVectorExcludingSelf() throws IOException {
        String id = randomFrom(DOC_IDS);
        int k = randomK();
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference(id, null), k);
        VicinityKnnQueryBuilder expected = new VicinityKnnQueryBuilder(FIELD, storedVector(id), k)
            .filter(new BoolQueryBuilder().mustNot(self(id, getIndex().getName())));
        assertThat(resolveOnce(builder), equalTo(expected));

        GetRequest get = getRequests.get(0);
        assertThat(get.index(), equalTo(getIndex().getName()));
        assertThat(get.id(), equalTo(id));
        assertThat(get.preference(), equalTo("_local"));
        assertTrue(get.fetchSourceContext().fetchSource());
        assertThat(Arrays.asList(get.fetchSourceContext().includes()), equalTo(List.of(FIELD)));

        // The full rewrite goes on to rewrite the exclusion filter like any other; the result is an ordinary query
        // that serializes and needs no further rewrite.
        getRequests.clear();
        QueryBuilder rewritten = rewriteOnCoordinator(builder);
        assertThat(getRequests.size(), equalTo(1));
        assertThat(rewritten, equalTo(rewriteOnCoordinator(expected)));
        assertSerialization(rewritten);
        assertSame(rewritten, Rewriteable.rewrite(rewritten, createQueryRewriteContext()));

        SearchExecutionContext context = createSearchExecutionContext();
        VicinityKnnQuery knn = (VicinityKnnQuery) rewriteAndFetch(rewritten, context).toQuery(context);
        assertArrayEquals(storedVector(id), knn.getTargetCopy(), 0f);
        assertThat(matchingIds(knn.getFilter(), List.of("d-before", id, "d-after")), equalTo(List.of("d-before", "d-after")));
    }

    public void testReferenceWithIncludeSelf() throws IOException {
        String id = randomFrom(DOC_IDS);
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference(id, null), 4).includeSelf(true).maxDistance(3f);
        builder.queryName("by-ref").boost(3f);
        VicinityKnnQueryBuilder expected = new VicinityKnnQueryBuilder(FIELD, storedVector(id), 4).includeSelf(true).maxDistance(3f);
        expected.queryName("by-ref").boost(3f);
        assertThat(resolveOnce(builder), equalTo(expected));
        QueryBuilder rewritten = rewriteOnCoordinator(builder);
        assertThat(rewritten, equalTo(expected));
        Query query = rewritten.toQuery(createSearchExecutionContext());
        assertThat(((VicinityKnnQuery) ((org.apache.lucene.search.BoostQuery) query).getQuery()).getFilter(), nullValue());
    }

    public void testReferenceKeepsUserFilter() throws IOException {
        String id = randomFrom(DOC_IDS);
        QueryBuilder userFilter = QueryBuilders.termQuery(KEYWORD_FIELD_NAME, "shoe");
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference(id, null), 4).filter(userFilter);
        VicinityKnnQueryBuilder expected = new VicinityKnnQueryBuilder(FIELD, storedVector(id), 4)
            .filter(new BoolQueryBuilder().mustNot(self(id, getIndex().getName())).filter(userFilter));
        assertThat(resolveOnce(builder), equalTo(expected));
        QueryBuilder rewritten = rewriteOnCoordinator(builder);
        VicinityKnnQuery knn = (VicinityKnnQuery) rewritten.toQuery(createSearchExecutionContext());
        // Documents with only an _id do not match the user's term, self or not.
        assertThat(matchingIds(knn.getFilter(), List.of(id, "other")), equalTo(List.of()));
        assertThat(knn.getFilter().toString(), containsString(KEYWORD_FIELD_NAME + ":shoe"));
    }

    public void testReferenceToAnotherIndex() throws IOException {
        String id = randomFrom(DOC_IDS);
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference(id, OTHER_INDEX), 2);
        assertThat(resolveOnce(builder),
            equalTo(new VicinityKnnQueryBuilder(FIELD, storedVector(id), 2).filter(new BoolQueryBuilder().mustNot(self(id, OTHER_INDEX)))));
        assertThat(getRequests.get(0).index(), equalTo(OTHER_INDEX));
        // A document of the searched index with the same id is not the referenced one: it stays a candidate.
        SearchExecutionContext context = createSearchExecutionContext();
        VicinityKnnQuery knn = (VicinityKnnQuery) rewriteAndFetch(rewriteOnCoordinator(builder), context).toQuery(context);
        assertThat(matchingIds(knn.getFilter(), List.of(id, "other")), equalTo(List.of(id, "other")));
    }

    public void testReferenceToMissingDocument() {
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference("missing", null), 2);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> rewriteOnCoordinator(builder));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] [vector] refers to document [missing] of index [" + getIndex().getName()
            + "], which does not exist (a document indexed with a custom routing needs [vector.routing])"));
        VicinityKnnQueryBuilder routed = new VicinityKnnQueryBuilder(FIELD, new VectorReference("missing", null, "r1"), 2);
        e = expectThrows(IllegalArgumentException.class, () -> rewriteOnCoordinator(routed));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] [vector] refers to document [missing] of index [" + getIndex().getName()
            + "] with routing [r1], which does not exist"));
    }

    /** A referenced document whose _source lacks the vector: the vector is then looked for in the index (a search). */
    public void testReferenceToDocumentWithoutVectorInSourceLooksInTheIndex() {
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference(NO_VECTOR_ID, OTHER_INDEX), 2);
        // this test's client answers gets only; the node tests (VicinityVectorFieldNodeTests) run the search
        UnsupportedOperationException e = expectThrows(UnsupportedOperationException.class, () -> rewriteOnCoordinator(builder));
        assertThat(e.getMessage(), containsString("Client.search"));
    }

    public void testReferenceToVectorOfOtherDims() {
        QueryBuilder rewritten = rewriteOnCoordinator(new VicinityKnnQueryBuilder(FIELD, new VectorReference(SHORT_VECTOR_ID, null), 2));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> rewritten.toQuery(createSearchExecutionContext()));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] field [vicinity_vec] has [4] dims but the vector has [2]"));
    }

    public void testUnresolvedReferenceIsNotSent() throws IOException {
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference(randomFrom(DOC_IDS), null), 2);
        // One rewrite round registers the fetch but does not run it.
        QueryBuilder pending = builder.rewrite(createQueryRewriteContext());
        assertNotSame(builder, pending);
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> {
            try (BytesStreamOutput out = new BytesStreamOutput()) {
                out.writeNamedWriteable(pending);
            }
        });
        assertThat(e.getMessage(), equalTo("[vicinity_knn] must be rewritten before it is sent: its vector is still being fetched"));
        IllegalStateException toQuery = expectThrows(IllegalStateException.class, () -> pending.toQuery(createSearchExecutionContext()));
        assertThat(toQuery.getMessage(), equalTo("[vicinity_knn] must be rewritten first: its vector reference is unresolved"));
    }

    public void testFilterIsRewritten() throws IOException {
        // A filter that rewrites (a wrapper query becomes the query it wraps) is rewritten inside the vicinity_knn query.
        QueryBuilder filter = QueryBuilders.wrapperQuery("{ \"term\": { \"" + KEYWORD_FIELD_NAME + "\": \"x\" } }");
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, randomVector(DIMS), 3).filter(filter);
        builder.queryName("q").boost(2f);
        QueryBuilder rewritten = rewriteOnCoordinator(builder);
        QueryBuilder expectedFilter = QueryBuilders.termQuery(KEYWORD_FIELD_NAME, "x");
        VicinityKnnQueryBuilder expected = new VicinityKnnQueryBuilder(FIELD, builder.vector(), 3).filter(expectedFilter);
        expected.queryName("q").boost(2f);
        assertThat(rewritten, equalTo(expected));
    }

    public void testReferenceIsRefusedWhenTheIndexIsAmbiguous() {
        // A shard-level context knows no resolved indices: without [vector.index] the reference cannot be resolved there.
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(FIELD, new VectorReference("d1", null), 2);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> builder.rewrite(createSearchExecutionContext()));
        assertThat(e.getMessage(), equalTo("[vicinity_knn] [vector.index] is required when the search does not target exactly one index"));
    }
}
