package dev.vicinity.plugin.mapper;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.metric.Metrics;
import dev.vicinity.plugin.VicinityPlugin;

import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.IndexableFieldType;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.CheckedConsumer;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.mapper.DocumentMapper;
import org.elasticsearch.index.mapper.DocumentParsingException;
import org.elasticsearch.index.mapper.LuceneDocument;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.MapperParsingException;
import org.elasticsearch.index.mapper.MapperService;
import org.elasticsearch.index.mapper.MapperTestCase;
import org.elasticsearch.index.mapper.ParsedDocument;
import org.elasticsearch.index.mapper.SourceToParse;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.nullValue;

/**
 * The {@code vicinity_vector} mapper against Elasticsearch's {@link MapperTestCase} contract (minimal and maximal
 * serialization, parameter updates and conflicts, meta, null input, fetch, exists query, index versions) plus every
 * mapping and document it must accept or refuse, with the exact messages.
 *
 * <p>Every mapper service here is created with {@code index.codec: Vicinity104} (see {@link #getIndexSettings()}),
 * except where the test is about the codec check itself. Node-level behaviour (nothing indexed from a rejected
 * document, the automatic codec, mapping updates on existing indices) is in {@code VicinityVectorFieldNodeTests}.
 */
public class VicinityVectorFieldMapperTests extends MapperTestCase {

    private static final int DIMS = 4;

    @Override
    protected Collection<? extends Plugin> getPlugins() {
        return List.of(new VicinityPlugin());
    }

    @Override
    protected Settings getIndexSettings() {
        return Settings.builder().put(super.getIndexSettings()).put("index.codec", VicinityCodec.NAME).build();
    }

    @Override
    protected void minimalMapping(XContentBuilder b) throws IOException {
        b.field("type", "vicinity_vector").field("dims", DIMS);
    }

    @Override
    protected Object getSampleValueForDocument() {
        return List.of(1.0f, -2.5f, 0.0f, 3.25f);
    }

    @Override
    protected boolean supportsIgnoreMalformed() {
        return false;
    }

    @Override
    protected boolean supportsStoredFields() {
        return false; // no [store] parameter: the vector lives in the vectors format and in _source
    }

    @Override
    protected boolean supportsDocValuesSkippers() {
        return false; // no [doc_values] parameter
    }

    @Override
    protected void registerParameters(ParameterChecker checker) throws IOException {
        checker.registerConflictCheck("dims", fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", DIMS)),
            fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", DIMS + 1)));
        checker.registerConflictCheck("metric", b -> b.field("metric", "cosine"));
        checker.registerConflictCheck("p", fieldMapping(b -> {
            minimalMapping(b);
            b.field("metric", "minkowski").field("p", 3);
        }), fieldMapping(b -> {
            minimalMapping(b);
            b.field("metric", "minkowski").field("p", 4);
        }));
        // [method] can only be {"type": "exact"} in this version (the other methods are reserved names that are refused),
        // so there is no second valid value to conflict with; testMethodIsNotUpdatable checks the merge of the same value.
        checker.registerIgnoredParameter("method");
    }

    @Override
    protected Object generateRandomInputValue(MappedFieldType ft) {
        return randomVectorList(((VicinityVectorFieldType) ft).dims());
    }

    private static List<Float> randomVectorList(int dims) {
        List<Float> vector = new ArrayList<>(dims);
        for (int i = 0; i < dims; i++) {
            vector.add(i == 0 ? randomFloatBetween(0.5f, 100f, true) : randomFloatBetween(-100f, 100f, true));
        }
        return vector;
    }

    /**
     * The field has no doc values to compare the source fetcher with (the inherited check compares the two through a
     * Lucene index written with Elasticsearch's own codec): check the fetched values against the source instead.
     */
    @Override
    protected void assertFetch(MapperService mapperService, String field, Object value, String format) throws IOException {
        MappedFieldType ft = mapperService.fieldType(field);
        // The value must be indexable ...
        mapperService.documentMapper().parse(source(b -> b.field(field, value)));
        // ... and comes back from _source as the flat list of its numbers, like dense_vector's.
        List<?> fetched = fetchSourceValue(ft, value, format);
        assertThat(fetched, equalTo(value));
    }

    /** A document holds one vector: several values for the field are refused, not fetched. */
    @Override
    protected void assertFetchMany(MapperService mapperService, String field, Object value, String format, int count) throws IOException {
        DocumentParsingException e = expectThrows(DocumentParsingException.class,
            () -> mapperService.documentMapper().parse(source(b -> b.field(field, value))));
        assertThat(e.getCause().getMessage(), startsWith("[vicinity_vector] field [" + field + "] takes one vector per document"));
    }

    /** The mapper always serializes [metric] and [method]: the meta test's mapping states them so that it round-trips. */
    @Override
    protected void metaMapping(XContentBuilder b) throws IOException {
        minimalMapping(b);
        b.field("metric", "euclidean").startObject("method").field("type", "exact").endObject();
    }

    /** Searchable through vicinity_knn, though not through text queries (term queries are refused with a pointer). */
    @Override
    protected void assertSearchable(MappedFieldType fieldType) {
        assertThat(fieldType, instanceOf(VicinityVectorFieldType.class));
        assertTrue(fieldType.isSearchable());
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> fieldType.termQuery(List.of(1f), null));
        assertThat(e.getMessage(), equalTo("[vicinity_vector] field [field] does not support term queries; search it with the [vicinity_knn] query"));
        // docvalue_fields, sorts, aggregations and scripts ask for fielddata: refused with where vectors can be read
        e = expectThrows(IllegalArgumentException.class, () -> fieldType.fielddataBuilder(null));
        assertThat(e.getMessage(), equalTo("[vicinity_vector] field [field] has no doc values: read its vectors with [fields] or from"
            + " [_source], not with [docvalue_fields], sorts, aggregations or scripts"));
    }

    @Override
    protected void assertExistsQuery(MappedFieldType fieldType, Query query, LuceneDocument fields) {
        // Vector fields answer exists through their vector values, not through _field_names.
        assertThat(query, instanceOf(FieldExistsQuery.class));
        assertThat(((FieldExistsQuery) query).getField(), equalTo("field"));
        assertThat(fields.getFields("field").size(), equalTo(1));
        assertNoFieldNamesField(fields);
    }

    @Override
    protected SyntheticSourceSupport syntheticSourceSupport(boolean ignoreMalformed) {
        // MapperTestCase builds its synthetic-source mapper services from fixed settings that cannot carry index.codec,
        // which this mapper requires; testSyntheticSourceKeepsTheVector covers synthetic source with the codec set.
        assumeTrue("MapperTestCase's synthetic-source mapper services cannot set index.codec, which vicinity_vector requires", false);
        return null;
    }

    @Override
    protected IngestScriptSupport ingestScriptSupport() {
        assumeTrue("vicinity_vector has no [script] parameter", false);
        return null;
    }

    @Override
    protected List<SortShortcutSupport> getSortShortcutSupport() {
        return List.of();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Valid mappings

    private MapperService vectorMapper(CheckedConsumer<XContentBuilder, IOException> field) throws IOException {
        return createMapperService(fieldMapping(b -> {
            b.field("type", "vicinity_vector");
            field.accept(b);
        }));
    }

    private static String serialize(MapperService mapperService) throws IOException {
        XContentBuilder builder = XContentFactory.jsonBuilder().startObject();
        mapperService.documentMapper().mapping().toXContent(builder, org.elasticsearch.xcontent.ToXContent.EMPTY_PARAMS);
        return Strings.toString(builder.endObject());
    }

    public void testDefaultsAreSerialized() throws IOException {
        MapperService mapperService = createMapperService(fieldMapping(this::minimalMapping));
        assertThat(serialize(mapperService), equalTo("""
            {"_doc":{"properties":{"field":{"type":"vicinity_vector","dims":4,"metric":"euclidean","method":{"type":"exact"}}}}}"""));
        VicinityVectorFieldType ft = (VicinityVectorFieldType) mapperService.fieldType("field");
        assertThat(ft.dims(), equalTo(DIMS));
        assertThat(ft.metric().name(), equalTo("euclidean"));
        assertThat(ft.method(), equalTo(MethodConfig.DEFAULT));
        assertThat(ft.typeName(), equalTo("vicinity_vector"));
        assertFalse(ft.isAggregatable());
        assertFalse(ft.isStored());
        assertFalse(ft.hasDocValues());
    }

    /**
     * A method object with a list of objects (lsh's {@code hashes}) is flattened to dotted parameters for the codec,
     * which checks them, and nested again when the mapping is written out, so it reads back as it was written.
     */
    public void testNestedMethodParametersRoundTrip() throws IOException {
        MapperService mapperService = vectorMapper(b -> b.field("dims", 8).startObject("method").field("type", "lsh").field("seed", 7)
            .startArray("hashes")
            .startObject().field("type", "binary").field("tables", 4).field("center", false).endObject()
            .startObject().field("type", "discretized").field("bin_width", 2.5).endObject()
            .endArray().endObject());
        VicinityVectorFieldType ft = (VicinityVectorFieldType) mapperService.fieldType("field");
        assertThat(ft.method().parameters(), equalTo(Map.of("seed", "7", "hashes.0.type", "binary", "hashes.0.tables", "4", "hashes.0.center", "false",
            "hashes.1.type", "discretized", "hashes.1.bin_width", "2.5")));
        String expected = "{\"_doc\":{\"properties\":{\"field\":{\"type\":\"vicinity_vector\",\"dims\":8,\"metric\":\"euclidean\","
            + "\"method\":{\"type\":\"lsh\",\"hashes\":[{\"center\":\"false\",\"tables\":\"4\",\"type\":\"binary\"},"
            + "{\"bin_width\":\"2.5\",\"type\":\"discretized\"}],\"seed\":\"7\"}}}}}";
        assertThat(serialize(mapperService), equalTo(expected));
        assertThat(serialize(createMapperService(mapping(b -> {}), expected)), equalTo(expected));
        assertThat(mappingError(b -> b.field("dims", 8).startObject("method").field("type", "lsh").startArray("hashes")
                .startObject().field("type", "discretized").field("bin_width", -1).endObject().endArray().endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: [hashes.0.bin_width] must be a finite number > [0] but was [-1]"));
    }

    public void testEveryMetric() throws IOException {
        assertThat(Metrics.names().size(), equalTo(12));
        for (String metric : Metrics.names()) {
            boolean minkowski = metric.equals("minkowski");
            float p = minkowski ? randomFrom(1f, 1.5f, 2f, 7f) : Float.NaN;
            int dims = randomIntBetween(1, 64);
            MapperService mapperService = vectorMapper(b -> {
                b.field("dims", dims).field("metric", metric);
                if (minkowski) {
                    b.field("p", p);
                }
            });
            VicinityVectorFieldType ft = (VicinityVectorFieldType) mapperService.fieldType("field");
            assertThat(ft.metric().name(), equalTo(metric));
            assertThat(Float.floatToIntBits(ft.metric().parameter()), equalTo(Float.floatToIntBits(p)));
            String expected = "{\"_doc\":{\"properties\":{\"field\":{\"type\":\"vicinity_vector\",\"dims\":" + dims + ",\"metric\":\"" + metric
                + "\"" + (minkowski ? ",\"p\":" + p : "") + ",\"method\":{\"type\":\"exact\"}}}}}";
            assertThat(serialize(mapperService), equalTo(expected));
            // The serialized mapping parses back to itself.
            assertThat(serialize(createMapperService(mapping(b -> {}), expected)), equalTo(expected));

            List<Float> vector = randomVectorList(dims);
            ParsedDocument doc = mapperService.documentMapper().parse(source(b -> b.field("field", vector)));
            KnnFloatVectorField field = onlyVectorField(doc.rootDoc(), "field");
            IndexableFieldType type = field.fieldType();
            assertThat(type.getAttributes().get(VicinityFieldType.METRIC_KEY), equalTo(metric));
            assertThat(type.getAttributes().get(VicinityFieldType.METRIC_PARAM_KEY), equalTo(minkowski ? Float.toString(p) : null));
            assertThat(type.vectorDimension(), equalTo(dims));
            assertThat(toList(field.vectorValue()), equalTo(vector));
        }
    }

    private MapperService createMapperService(XContentBuilder empty, String mappingJson) throws IOException {
        MapperService mapperService = createMapperService(empty);
        merge(mapperService, mappingJson);
        return mapperService;
    }

    public void testMetricNamesAreCaseInsensitive() throws IOException {
        MapperService mapperService = vectorMapper(b -> b.field("dims", 3).field("metric", "CoSiNe"));
        assertThat(((VicinityVectorFieldType) mapperService.fieldType("field")).metric().name(), equalTo("cosine"));
        // Sending the same mapping again is no conflict.
        merge(mapperService, fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", 3).field("metric", "CoSiNe")));
        merge(mapperService, fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", 3).field("metric", "cosine")));
        assertThat(serialize(mapperService), containsString("\"metric\":\"cosine\""));
    }

    public void testMethodIsNotUpdatable() throws IOException {
        MapperService mapperService = vectorMapper(b -> b.field("dims", 3).startObject("method").field("type", "exact").endObject());
        // The same method again is fine (also when left out: exact is the default) ...
        merge(mapperService, fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", 3)
            .startObject("method").field("type", "exact").endObject()));
        merge(mapperService, fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", 3)));
        // ... a different one is refused before the method itself is looked at: it is fixed when the field is created.
        Exception e = expectThrows(IllegalArgumentException.class, () -> merge(mapperService, fieldMapping(b -> b.field("type", "vicinity_vector")
            .field("dims", 3).startObject("method").field("type", "lsh").endObject())));
        assertThat(e.getMessage(), containsString("Cannot update parameter [method]"));
    }

    public void testMetaRoundTrip() throws IOException {
        MapperService mapperService = vectorMapper(b -> b.field("dims", 2).startObject("meta").field("unit", "px").endObject());
        assertThat(mapperService.fieldType("field").meta(), equalTo(Map.of("unit", "px")));
        assertThat(serialize(mapperService), containsString("\"meta\":{\"unit\":\"px\"}"));
    }

    public void testDimsBounds() throws IOException {
        assertThat(((VicinityVectorFieldType) vectorMapper(b -> b.field("dims", 1)).fieldType("field")).dims(), equalTo(1));
        assertThat(((VicinityVectorFieldType) vectorMapper(b -> b.field("dims", 4096)).fieldType("field")).dims(), equalTo(4096));
        // A string holding an integer is accepted, as Elasticsearch does for numeric parameters.
        assertThat(((VicinityVectorFieldType) vectorMapper(b -> b.field("dims", "7")).fieldType("field")).dims(), equalTo(7));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parsing documents

    private static KnnFloatVectorField onlyVectorField(LuceneDocument doc, String name) {
        List<IndexableField> fields = doc.getFields(name);
        assertThat("exactly one Lucene field for [" + name + "]: " + fields, fields.size(), equalTo(1));
        assertThat(fields.get(0), instanceOf(KnnFloatVectorField.class));
        return (KnnFloatVectorField) fields.get(0);
    }

    private static List<Float> toList(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }

    public void testDocumentProducesOneVicinityField() throws IOException {
        MapperService mapperService = vectorMapper(b -> b.field("dims", DIMS).field("metric", "cosine"));
        ParsedDocument doc = mapperService.documentMapper().parse(source(b -> b.field("field", getSampleValueForDocument())));
        KnnFloatVectorField field = onlyVectorField(doc.rootDoc(), "field");
        IndexableFieldType type = field.fieldType();
        assertThat(type.vectorDimension(), equalTo(DIMS));
        assertThat(type.vectorEncoding(), equalTo(VectorEncoding.FLOAT32));
        assertThat(type.vectorSimilarityFunction(), equalTo(VicinityFieldType.PLACEHOLDER_SIMILARITY));
        assertThat(type.getAttributes(), equalTo(Map.of(VicinityFieldType.METHOD_KEY, "exact", VicinityFieldType.METRIC_KEY, "cosine")));
        assertThat(type.indexOptions(), equalTo(IndexOptions.NONE));
        assertThat(type.docValuesType(), equalTo(DocValuesType.NONE));
        assertFalse(type.stored());
        assertThat(toList(field.vectorValue()), equalTo(getSampleValueForDocument()));
        // Nothing else about the field: no _field_names entry, no doc values, no stored copy.
        assertThat(doc.rootDoc().getField("_field_names"), nullValue());
    }

    public void testVectorInObject() throws IOException {
        MapperService mapperService = createMapperService(mapping(b -> b.startObject("obj").startObject("properties")
            .startObject("e").field("type", "vicinity_vector").field("dims", 2).endObject().endObject().endObject()));
        ParsedDocument doc = mapperService.documentMapper().parse(source(b -> b.startObject("obj").array("e", 1.5f, 2.5f).endObject()));
        KnnFloatVectorField field = onlyVectorField(doc.rootDoc(), "obj.e");
        assertThat(toList(field.vectorValue()), equalTo(List.of(1.5f, 2.5f)));
        assertThat(field.fieldType().getAttributes().get(VicinityFieldType.METRIC_KEY), equalTo("euclidean"));
    }

    public void testNullIsIgnored() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        ParsedDocument doc = mapper.parse(source(b -> b.nullField("field").field("other", "x")));
        assertThat(doc.rootDoc().getFields("field"), equalTo(List.of()));
    }

    public void testZeroVectorIsFineWithoutCosine() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        KnnFloatVectorField field = onlyVectorField(mapper.parse(source(b -> b.array("field", 0f, 0f, 0f, 0f))).rootDoc(), "field");
        assertThat(toList(field.vectorValue()), equalTo(List.of(0f, 0f, 0f, 0f)));
    }

    public void testSyntheticSourceKeepsTheVector() throws IOException {
        Settings settings = Settings.builder().put(getIndexSettings()).put("index.mapping.source.mode", "synthetic").build();
        DocumentMapper mapper = createMapperService(settings, fieldMapping(this::minimalMapping)).documentMapper();
        assertThat(syntheticSource(mapper, b -> b.field("field", getSampleValueForDocument())),
            equalTo("{\"field\":[1.0,-2.5,0.0,3.25]}"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rejected documents: the cause names the field and the value, and parsing produced no document

    /** Parses {@code document} against {@code mapper}, expecting a rejection; returns the mapper's own message. */
    private static String rejection(DocumentMapper mapper, String fieldPath, SourceToParse document) {
        DocumentParsingException e = expectThrows(DocumentParsingException.class, () -> mapper.parse(document));
        assertThat(e.getMessage(), containsString("[" + fieldPath + "]"));
        assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
        return e.getCause().getMessage();
    }

    private String rejection(DocumentMapper mapper, CheckedConsumer<XContentBuilder, IOException> document) throws IOException {
        return rejection(mapper, "field", source(document));
    }

    public void testWrongDimensionCount() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        assertThat(rejection(mapper, b -> b.array("field", 1f, 2f, 3f)),
            equalTo("[vicinity_vector] field [field] has [4] dims but the vector has [3]"));
        assertThat(rejection(mapper, b -> b.array("field", 1f, 2f, 3f, 4f, 5f)),
            equalTo("[vicinity_vector] field [field] has [4] dims but the vector has [5]"));
        assertThat(rejection(mapper, b -> b.startArray("field").endArray()),
            equalTo("[vicinity_vector] field [field] has [4] dims but the vector has [0]"));
    }

    public void testNonNumericElement() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        assertThat(rejection(mapper, b -> b.startArray("field").value(1).value("two").value(3).value(4).endArray()),
            equalTo("[vicinity_vector] field [field] takes numbers but element [1] is [\"two\"]"));
        assertThat(rejection(mapper, b -> b.startArray("field").value(1).value(2).value(true).value(4).endArray()),
            equalTo("[vicinity_vector] field [field] takes numbers but element [2] is [true]"));
        assertThat(rejection(mapper, b -> b.startArray("field").value(1).value(2).value(3).nullValue().endArray()),
            equalTo("[vicinity_vector] field [field] takes numbers but element [3] is [null]"));
        assertThat(rejection(mapper, b -> b.startArray("field").value(1).startObject().field("x", 2).endObject().value(3).value(4).endArray()),
            equalTo("[vicinity_vector] field [field] takes numbers but element [1] is an object"));
        assertThat(rejection(mapper, b -> b.startArray("field").value(1).startArray().value(2).endArray().value(3).value(4).endArray()),
            equalTo("[vicinity_vector] field [field] takes one vector per document (an array of [4] numbers) but element [1] is an array: several vectors cannot share a field of one document"));
    }

    public void testNotAnArray() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        assertThat(rejection(mapper, b -> b.field("field", 5)),
            equalTo("[vicinity_vector] field [field] takes an array of [4] numbers but got [5]"));
        assertThat(rejection(mapper, b -> b.field("field", "1,2,3,4")),
            equalTo("[vicinity_vector] field [field] takes an array of [4] numbers but got [\"1,2,3,4\"]"));
        // An object is refused by the document parser itself, before the mapper sees it.
        Exception e = expectThrows(DocumentParsingException.class,
            () -> mapper.parse(source(b -> b.startObject("field").field("x", 1).endObject())));
        assertThat(e.getMessage(), containsString("[field]"));
    }

    public void testTwoVectorsInOneDocument() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", 2)));
        // An array of arrays is not a vector.
        assertThat(rejection(mapper, b -> b.startArray("field").startArray().value(1).value(2).endArray()
            .startArray().value(3).value(4).endArray().endArray()),
            equalTo("[vicinity_vector] field [field] takes one vector per document (an array of [2] numbers) but element [0] is an array: several vectors cannot share a field of one document"));
        // The same field reached twice through an array of objects.
        DocumentMapper objects = createDocumentMapper(mapping(b -> b.startObject("obj").startObject("properties")
            .startObject("e").field("type", "vicinity_vector").field("dims", 2).endObject().endObject().endObject()));
        String message = rejection(objects, "obj.e", source(b -> b.startArray("obj")
            .startObject().array("e", 1f, 2f).endObject()
            .startObject().array("e", 3f, 4f).endObject()
            .endArray()));
        assertThat(message, equalTo("[vicinity_vector] field [obj.e] takes one vector per document but got several"));
        // The same key twice in one object is refused by the JSON parser.
        Exception e = expectThrows(Exception.class, () -> mapper.parse(new SourceToParse("1",
            new org.elasticsearch.common.bytes.BytesArray("{\"field\": [1, 2], \"field\": [3, 4]}"), XContentType.JSON)));
        assertThat(e.getMessage() + " " + e.getCause(), containsString("Duplicate field 'field'"));
    }

    public void testNonFiniteValues() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        // 1e39 does not fit a float: it would be stored as infinity.
        SourceToParse overflow = new SourceToParse("1", new org.elasticsearch.common.bytes.BytesArray("{\"field\": [1, 1e39, 3, 4]}"),
            XContentType.JSON);
        assertThat(rejection(mapper, "field", overflow),
            equalTo("[vicinity_vector] field [field] needs finite numbers but element [1] is [Infinity] (beyond the float range)"));
        SourceToParse negative = new SourceToParse("1", new org.elasticsearch.common.bytes.BytesArray("{\"field\": [1, 2, 3, -1e39]}"),
            XContentType.JSON);
        assertThat(rejection(mapper, "field", negative),
            equalTo("[vicinity_vector] field [field] needs finite numbers but element [3] is [-Infinity] (beyond the float range)"));
        // JSON has no NaN, but the binary formats Elasticsearch accepts do.
        for (XContentType type : new XContentType[] { XContentType.SMILE, XContentType.CBOR }) {
            XContentBuilder b = XContentFactory.contentBuilder(type).startObject().array("field", 1f, Float.NaN, 3f, 4f).endObject();
            assertThat(rejection(mapper, "field", new SourceToParse("1", BytesReference.bytes(b), type)),
                equalTo("[vicinity_vector] field [field] needs finite numbers but element [1] is [NaN]"));
            XContentBuilder inf = XContentFactory.contentBuilder(type).startObject().array("field", Float.POSITIVE_INFINITY, 2f, 3f, 4f).endObject();
            assertThat(rejection(mapper, "field", new SourceToParse("1", BytesReference.bytes(inf), type)),
                equalTo("[vicinity_vector] field [field] needs finite numbers but element [0] is [Infinity] (beyond the float range)"));
        }
    }

    public void testZeroVectorUnderCosine() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", DIMS).field("metric", "cosine")));
        assertThat(rejection(mapper, b -> b.array("field", 0f, 0f, 0f, 0f)),
            equalTo("[vicinity_vector] field [field] uses metric [cosine], which is undefined for the zero vector [0.0, 0.0, 0.0, 0.0]"));
        // Long vectors are abbreviated in the message.
        DocumentMapper wide = createDocumentMapper(fieldMapping(b -> b.field("type", "vicinity_vector").field("dims", 10).field("metric", "cosine")));
        assertThat(rejection(wide, b -> b.array("field", new float[10])), equalTo(
            "[vicinity_vector] field [field] uses metric [cosine], which is undefined for the zero vector [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, ...]"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rejected mappings

    private String mappingError(CheckedConsumer<XContentBuilder, IOException> field) {
        MapperParsingException e = expectThrows(MapperParsingException.class, () -> vectorMapper(field));
        return e.getMessage();
    }

    public void testMissingDims() {
        assertThat(mappingError(b -> b.field("metric", "cosine")), equalTo("Failed to parse mapping: [vicinity_vector] field [field] requires [dims]"));
    }

    public void testBadDims() {
        for (Object dims : new Object[] { 0, -1, 4097 }) {
            assertThat(mappingError(b -> b.field("dims", dims)),
                equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [dims] between [1] and [4096] but was [" + dims + "]"));
        }
        for (Object dims : new Object[] { "four", 4.5, true }) {
            assertThat(mappingError(b -> b.field("dims", dims)),
                equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [dims] to be an integer but was [" + dims + "]"));
        }
        assertThat(mappingError(b -> b.array("dims", 4)),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [dims] to be an integer but was [[4]]"));
        assertThat(mappingError(b -> b.nullField("dims")),
            equalTo("Failed to parse mapping: [dims] on mapper [field] of type [vicinity_vector] must not have a [null] value"));
    }

    public void testUnknownMetric() {
        assertThat(mappingError(b -> b.field("dims", 3).field("metric", "l2")),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: unknown metric [l2], expected one of " + Metrics.names()));
    }

    /** copy_to and multi-fields are parsed for every field type; a vector field refuses both at mapping time. */
    public void testCopyToAndMultiFieldsAreRefused() {
        assertThat(mappingError(b -> b.field("dims", 3).field("copy_to", "other")),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field] does not support [copy_to] but got [other]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("fields").startObject("raw").field("type", "keyword").endObject().endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field] does not support multi-fields ([fields])"));
    }

    public void testMinkowskiParameter() {
        assertThat(mappingError(b -> b.field("dims", 3).field("metric", "minkowski")),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: metric [minkowski] requires parameter [p]"));
        assertThat(mappingError(b -> b.field("dims", 3).field("metric", "minkowski").field("p", 0.5)),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: metric [minkowski] needs a parameter [p] >= 1 but got [0.5]"));
        assertThat(mappingError(b -> b.field("dims", 3).field("metric", "minkowski").field("p", "many")),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [p] to be a number but was [many]"));
        for (String p : new String[] { "NaN", "Infinity" }) {
            assertThat(mappingError(b -> b.field("dims", 3).field("metric", "minkowski").field("p", p)),
                equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [p] to be a finite number but was [" + p + "]"));
            assertThat(mappingError(b -> b.field("dims", 3).field("p", p)),
                equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [p] to be a finite number but was [" + p + "]"));
        }
        assertThat(mappingError(b -> b.field("dims", 3).field("p", 2)),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: metric [euclidean] takes no parameter but got [p=2.0]"));
        assertThat(mappingError(b -> b.field("dims", 3).field("metric", "cosine").field("p", 3)),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: metric [cosine] takes no parameter but got [p=3.0]"));
    }

    public void testBadMethod() {
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "hnsw").endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: unknown index method [hnsw], expected one of"
                + " [exact, nndescent, forest, lsh]"));
        assertThat(mappingError(b -> b.field("dims", 3).field("method", "exact")),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [method] to be an object like {\"type\": \"exact\"}"
                + " but got [exact]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [method.type] to be a string but got [null]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "exact").field("n_neighbors", 30).endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: index method [exact] takes no parameters but got [n_neighbors]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "exact").startObject("x").endObject().endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field] method parameter [x] must be a number, string, boolean, or a non-empty object or list of them, but got [{}]"));
        assertThat(mappingError(b -> b.field("dims", 3).nullField("method")),
            equalTo("Failed to parse mapping: [method] on mapper [field] of type [vicinity_vector] must not have a [null] value"));
    }

    public void testBadNNDescentParameters() {
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "nndescent").field("n_neighbors", 0).endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: [n_neighbors] must be between [2] and [512] but was [0]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "nndescent").field("diversify_prob", 2.5).endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: [diversify_prob] must be between [0.0] and [1.0] but was [2.5]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "nndescent").field("seed", "abc").endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: [seed] must be an integer but was [abc]"));
        assertThat(mappingError(b -> b.field("dims", 3).field("metric", "manhattan").startObject("method").field("type", "nndescent")
                .field("quantization", "int8").endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: [quantization] [int8] is not supported for metric [manhattan],"
                + " only for [euclidean, sqeuclidean, cosine, dot]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "nndescent").field("quantization", "pq").endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: [quantization] must be one of [none, int8] but was [pq]"));
        assertThat(mappingError(b -> b.field("dims", 3).startObject("method").field("type", "nndescent").field("ef", 10).endObject()),
            equalTo("Failed to parse mapping: [vicinity_vector] field [field]: unknown parameter [ef] for index method [nndescent], expected one of"
                + " [n_neighbors, n_trees, leaf_size, n_iters, max_candidates, delta, diversify_prob, pruning_degree_multiplier, seed, quantization]"));
    }

    public void testUnknownParameter() {
        assertThat(mappingError(b -> b.field("dims", 3).field("similarity", "cosine")),
            equalTo("Failed to parse mapping: unknown parameter [similarity] on mapper [field] of type [vicinity_vector]"));
    }

    public void testRefusedWithAnotherCodec() throws IOException {
        String codec = randomFrom("default", "best_compression", "lucene_default");
        Settings settings = Settings.builder().put(super.getIndexSettings()).put("index.codec", codec).build();
        MapperParsingException e = expectThrows(MapperParsingException.class,
            () -> createMapperService(IndexVersion.current(), settings, fieldMapping(this::minimalMapping)));
        assertThat(e.getMessage(), equalTo("Failed to parse mapping: [vicinity_vector] field [field] needs [index.codec] to be [Vicinity104]"
            + " but index [index] uses [" + codec + "]; the codec is chosen when an index is created: create the index with this field"
            + " in its mappings (the codec is then set automatically) or with \"index.codec\": \"Vicinity104\""));
        // Without any codec setting the index uses Elasticsearch's default, which is refused the same way.
        e = expectThrows(MapperParsingException.class,
            () -> createMapperService(IndexVersion.current(), super.getIndexSettings(), fieldMapping(this::minimalMapping)));
        assertThat(e.getMessage(), containsString("needs [index.codec] to be [Vicinity104] but index [index] uses [default]"));
    }
}
