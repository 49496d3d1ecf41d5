package dev.vicinity.plugin.query;

import dev.vicinity.plugin.mapper.VectorParser;
import dev.vicinity.plugin.mapper.VicinityVectorFieldMapper;
import dev.vicinity.plugin.mapper.VicinityVectorFieldType;

import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.SetOnce;
import dev.vicinity.codec.IndexMethods;
import dev.vicinity.codec.VicinitySearchStrategy;
import dev.vicinity.plugin.VicinityTransportVersions;

import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.ParsingException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.NestedObjectMapper;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.IdsQueryBuilder;
import org.elasticsearch.search.internal.MaxClauseCountQueryVisitor;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.index.query.TermQueryBuilder;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParseException;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code vicinity_knn}: the {@code k} nearest documents of a {@code vicinity_vector} field to a query vector.
 *
 * <pre>{@code
 * { "vicinity_knn": { "field": "embedding", "vector": [0.1, ...], "k": 10,
 *                     "filter": { "term": { "kind": "shoe" } }, "max_distance": 2.5 } }
 * { "vicinity_knn": { "field": "embedding", "vector": [0.1, ...], "k": 10, "exact": true } }
 * { "vicinity_knn": { "field": "embedding", "vector": { "id": "42" }, "k": 10 } }
 * }</pre>
 *
 * Pipeline (NearPy's, per shard): candidates from each segment's index structure, exact distances under the
 * field's metric, the {@code filter} (applied before the top {@code k} is chosen), the nearest {@code k}, then
 * {@code max_distance}; Elasticsearch merges the shards' hits. So {@code k} is per shard: a search over several
 * shards sees up to {@code k} hits from each, and its {@code size} (default 10) decides how many come back.
 *
 * <p>{@code exact: true} scores every document the filter accepts instead of searching the index structure: the
 * ground truth that {@code _vicinity/evaluate} compares approximate searches with. Slow on big indices.
 *
 * <p>The index methods' query parameters (for example {@code nndescent}'s {@code epsilon}; the names come from the
 * method registry, {@link IndexMethods#queryParameterNames()}) sit beside these keys: their values must be numbers,
 * strings or booleans, and the field's method (not this class) says whether it takes the parameter and whether the
 * value is in range, with a 400 naming both. They reach each segment's search as the query's
 * {@code VicinitySearchStrategy}. Any other key is refused while parsing, as Elasticsearch refuses unknown fields.
 *
 * <p>The index's alias filter (a search through a filtered alias) joins {@code filter}, applied before the nearest
 * {@code k} are chosen, as Elasticsearch's own {@code knn} query does: otherwise the alias would filter the {@code k}
 * hits afterwards and return fewer than {@code k} even when {@code k} documents match.
 */
public final class VicinityKnnQueryBuilder extends AbstractQueryBuilder<VicinityKnnQueryBuilder> {

    public static final String NAME = "vicinity_knn";
    /** The largest accepted {@code k}: like {@code index.max_result_window}, it bounds the per-shard result heap. */
    public static final int MAX_K = 10_000;
    public static final int DEFAULT_K = 10;

    static final ParseField FIELD = new ParseField("field");
    static final ParseField VECTOR = new ParseField("vector");
    static final ParseField K = new ParseField("k");
    static final ParseField FILTER = new ParseField("filter");
    static final ParseField MAX_DISTANCE = new ParseField("max_distance");
    static final ParseField INCLUDE_SELF = new ParseField("include_self");
    static final ParseField IGNORE_UNMAPPED = new ParseField("ignore_unmapped");
    static final ParseField EXACT = new ParseField("exact");

    private final String field;
    private final float[] vector;
    private final VectorReference vectorReference;
    private final int k;
    private final QueryBuilder filter;
    private final Float maxDistance;
    private final boolean includeSelf;
    private final boolean ignoreUnmapped;
    private final boolean exact;
    /** The index method's query parameters by name, normalized ({@link MethodParameters}); empty for its defaults. */
    private final Map<String, Object> methodParameters;
    /** Set while a {@link VectorReference} is being fetched; never serialized (rewrite first). */
    private final Supplier<float[]> fetchedVector;

    /** A query by vector. */
    public VicinityKnnQueryBuilder(String field, float[] vector, int k) {
        this(field, requireVector(vector), null, k, null, null, false, false, false, Map.of(), null);
    }

    /** A query by the vector of a stored document. */
    public VicinityKnnQueryBuilder(String field, VectorReference reference, int k) {
        this(field, null, Objects.requireNonNull(reference, "reference"), k, null, null, false, false, false, Map.of(), null);
    }

    private VicinityKnnQueryBuilder(String field, float[] vector, VectorReference reference, int k, QueryBuilder filter,
                                    Float maxDistance, boolean includeSelf, boolean exact, boolean ignoreUnmapped,
                                    Map<String, Object> methodParameters, Supplier<float[]> fetchedVector) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("[" + NAME + "] requires [field]");
        }
        if ((vector == null) == (reference == null) && fetchedVector == null) {
            throw new IllegalArgumentException("[" + NAME + "] requires exactly one of [vector] as an array of numbers or [vector] as {\"id\": ...}");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("[" + NAME + "] [k] must be between [1] and [" + MAX_K + "] but was [" + k + "]");
        }
        if (maxDistance != null && Float.isFinite(maxDistance) == false) {
            throw new IllegalArgumentException("[" + NAME + "] [max_distance] must be a finite number but was [" + maxDistance + "]");
        }
        this.field = field;
        this.vector = vector;
        this.vectorReference = reference;
        this.k = k;
        this.filter = filter;
        this.maxDistance = maxDistance;
        this.includeSelf = includeSelf;
        this.exact = exact;
        this.ignoreUnmapped = ignoreUnmapped;
        this.methodParameters = MethodParameters.normalize(methodParameters);
        this.fetchedVector = fetchedVector;
    }

    private static float[] requireVector(float[] vector) {
        Objects.requireNonNull(vector, "vector");
        for (int i = 0; i < vector.length; i++) {
            if (Float.isFinite(vector[i]) == false) {
                throw new IllegalArgumentException("[" + NAME + "] [vector] needs finite numbers but element [" + i + "] is [" + vector[i] + "]");
            }
        }
        return vector;
    }

    public VicinityKnnQueryBuilder(StreamInput in) throws IOException {
        super(in);
        this.field = in.readString();
        this.vector = in.readOptional(StreamInput::readFloatArray);
        this.vectorReference = in.readOptionalWriteable(VectorReference::new);
        this.k = in.readVInt();
        this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.maxDistance = in.readOptionalFloat();
        this.includeSelf = in.readBoolean();
        this.exact = in.readBoolean();
        this.methodParameters = MethodParameters.normalize(in.readGenericMap());
        this.ignoreUnmapped = in.readBoolean();
        this.fetchedVector = null;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        if (fetchedVector != null) {
            throw new IllegalStateException("[" + NAME + "] must be rewritten before it is sent: its vector is still being fetched");
        }
        out.writeString(field);
        out.writeOptional(StreamOutput::writeFloatArray, vector);
        out.writeOptionalWriteable(vectorReference);
        out.writeVInt(k);
        out.writeOptionalNamedWriteable(filter);
        out.writeOptionalFloat(maxDistance);
        out.writeBoolean(includeSelf);
        out.writeBoolean(exact);
        out.writeGenericMap(methodParameters);
        out.writeBoolean(ignoreUnmapped);
    }

    /** Restricts the documents that may match; applied before the nearest {@code k} are chosen. */
    public VicinityKnnQueryBuilder filter(QueryBuilder filter) {
        return new VicinityKnnQueryBuilder(field, vector, vectorReference, k, filter, maxDistance, includeSelf, exact, ignoreUnmapped, methodParameters, fetchedVector).copyStandard(this);
    }

    /** Drops hits farther than {@code maxDistance} (NearPy's distance-threshold filter); {@code null} for none. */
    public VicinityKnnQueryBuilder maxDistance(Float maxDistance) {
        return new VicinityKnnQueryBuilder(field, vector, vectorReference, k, filter, maxDistance, includeSelf, exact, ignoreUnmapped, methodParameters, fetchedVector).copyStandard(this);
    }

    /** With a vector reference: whether the referenced document may be a hit (Annoy returns it; the default here is no). */
    public VicinityKnnQueryBuilder includeSelf(boolean includeSelf) {
        return new VicinityKnnQueryBuilder(field, vector, vectorReference, k, filter, maxDistance, includeSelf, exact, ignoreUnmapped, methodParameters, fetchedVector).copyStandard(this);
    }

    /** Whether to score every accepted document (ground truth) instead of searching the index structure. */
    public VicinityKnnQueryBuilder exact(boolean exact) {
        return new VicinityKnnQueryBuilder(field, vector, vectorReference, k, filter, maxDistance, includeSelf, exact, ignoreUnmapped, methodParameters, fetchedVector).copyStandard(this);
    }

    /**
     * Sets one of the index method's query parameters (for example {@code nndescent}'s {@code epsilon}), or removes it
     * when {@code value} is {@code null}. The value must be a number, string or boolean; the field's method checks
     * name and value when the query runs.
     */
    public VicinityKnnQueryBuilder methodParameter(String name, Object value) {
        Map<String, Object> params = new TreeMap<>(methodParameters);
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        return new VicinityKnnQueryBuilder(field, vector, vectorReference, k, filter, maxDistance, includeSelf, exact, ignoreUnmapped, params, fetchedVector)
            .copyStandard(this);
    }

    /** The index method's query parameters by name, sorted; empty when the query uses the method's defaults. */
    public Map<String, Object> methodParameters() {
        return methodParameters;
    }

    /**
     * Whether an index that does not map the field answers no hits instead of failing (Elasticsearch's
     * {@code ignore_unmapped}, as on {@code nested} and {@code knn}), for searches over several indices.
     */
    public VicinityKnnQueryBuilder ignoreUnmapped(boolean ignoreUnmapped) {
        return new VicinityKnnQueryBuilder(field, vector, vectorReference, k, filter, maxDistance, includeSelf, exact, ignoreUnmapped,
            methodParameters, fetchedVector).copyStandard(this);
    }

    public boolean ignoreUnmapped() {
        return ignoreUnmapped;
    }

    private VicinityKnnQueryBuilder copyStandard(VicinityKnnQueryBuilder from) {
        return boost(from.boost()).queryName(from.queryName());
    }

    public String field() {
        return field;
    }

    public float[] vector() {
        return vector;
    }

    public VectorReference vectorReference() {
        return vectorReference;
    }

    public int k() {
        return k;
    }

    public QueryBuilder filter() {
        return filter;
    }

    public Float maxDistance() {
        return maxDistance;
    }

    public boolean includeSelf() {
        return includeSelf;
    }

    public boolean exact() {
        return exact;
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public TransportVersion getMinimalSupportedVersion() {
        return VicinityTransportVersions.INITIAL;
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.field(FIELD.getPreferredName(), field);
        if (vector != null) {
            builder.array(VECTOR.getPreferredName(), vector);
        } else if (vectorReference != null) {
            builder.field(VECTOR.getPreferredName(), vectorReference);
        }
        builder.field(K.getPreferredName(), k);
        if (filter != null) {
            builder.field(FILTER.getPreferredName(), filter);
        }
        if (maxDistance != null) {
            builder.field(MAX_DISTANCE.getPreferredName(), maxDistance);
        }
        if (includeSelf) {
            builder.field(INCLUDE_SELF.getPreferredName(), true);
        }
        if (exact) {
            builder.field(EXACT.getPreferredName(), true);
        }
        if (ignoreUnmapped) {
            builder.field(IGNORE_UNMAPPED.getPreferredName(), true);
        }
        for (Map.Entry<String, Object> parameter : methodParameters.entrySet()) {
            builder.field(parameter.getKey(), parameter.getValue());
        }
        printBoostAndQueryName(builder);
        builder.endObject();
    }

    /** What the JSON parser collects before the builder (and its checks) can be made. */
    private static final class Parsed {
        String field;
        float[] vector;
        VectorReference reference;
        int k = DEFAULT_K;
        QueryBuilder filter;
        Float maxDistance;
        boolean includeSelf;
        boolean exact;
        boolean ignoreUnmapped;
        final Map<String, Object> methodParameters = new TreeMap<>();
        float boost = DEFAULT_BOOST;
        String queryName;
    }

    private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);

    static {
        PARSER.declareString((p, v) -> p.field = v, FIELD);
        PARSER.declareField((parser, p, c) -> parseVector(parser, p), VECTOR, ObjectParser.ValueType.OBJECT_ARRAY);
        PARSER.declareField((p, v) -> p.k = v, parser -> integer(parser, K.getPreferredName()), K, ObjectParser.ValueType.INT);
        PARSER.declareObject((p, v) -> p.filter = v, (parser, c) -> parseFilter(parser), FILTER);
        PARSER.declareFloat((p, v) -> p.maxDistance = v, MAX_DISTANCE);
        PARSER.declareBoolean((p, v) -> p.includeSelf = v, INCLUDE_SELF);
        PARSER.declareBoolean((p, v) -> p.exact = v, EXACT);
        PARSER.declareBoolean((p, v) -> p.ignoreUnmapped = v, IGNORE_UNMAPPED);
        PARSER.declareFloat((p, v) -> p.boost = v, BOOST_FIELD);
        PARSER.declareString((p, v) -> p.queryName = v, NAME_FIELD);
        for (String name : IndexMethods.queryParameterNames()) {
            PARSER.declareField((p, v) -> {
                if (v != null) { // an explicit null means the method's default
                    p.methodParameters.put(name, v);
                }
            }, (parser, c) -> scalar(parser), new ParseField(name), ObjectParser.ValueType.VALUE);
        }
    }

    /**
     * An integer given as a JSON number or string: {@code 2.5} (which ObjectParser's int fields truncate to 2) and
     * values beyond the int range are refused, naming the parameter and the value; {@code 2.0} is 2.
     */
    private static int integer(XContentParser parser, String name) throws IOException {
        String text = parser.text().trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notPlain) {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[" + NAME + "] [" + name + "] must be an integer but was [" + text + "]");
            }
            if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("[" + NAME + "] [" + name + "] must be an integer but was [" + text + "]");
            }
            return (int) value;
        }
    }

    /**
     * The {@code filter} query. Its own parser's messages do not say where the query was ("field name is null or
     * empty" for {@code {"term": {}}}), so they are prefixed with this parameter.
     */
    private static QueryBuilder parseFilter(XContentParser parser) throws IOException {
        try {
            return parseInnerQueryBuilder(parser);
        } catch (IllegalArgumentException | ParsingException e) { // XContentParseException is an IllegalArgumentException
            String message = e instanceof XContentParseException x && x.getCause() != null ? x.getCause().getMessage() : e.getMessage();
            throw new IllegalArgumentException("[" + NAME + "] [" + FILTER.getPreferredName() + "] is not a valid query: " + message, e);
        }
    }

    /** A JSON scalar as itself: a number, a string, a boolean, or {@code null}. */
    private static Object scalar(XContentParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER -> parser.numberValue();
            case VALUE_BOOLEAN -> parser.booleanValue();
            case VALUE_NULL -> null;
            default -> parser.text();
        };
    }

    private static void parseVector(XContentParser parser, Parsed parsed) throws IOException {
        if (parser.currentToken() == XContentParser.Token.START_OBJECT) {
            String id = null;
            String index = null;
            String routing = null;
            for (XContentParser.Token t = parser.nextToken(); t != XContentParser.Token.END_OBJECT; t = parser.nextToken()) {
                String key = parser.currentName();
                if (key.equals("id") == false && key.equals("index") == false && key.equals("routing") == false) {
                    throw new IllegalArgumentException("[" + NAME + "] [vector] reference takes [id], [index] and [routing] but got [" + key + "]");
                }
                XContentParser.Token value = parser.nextToken();
                if (value.isValue() == false) { // text() would fail on objects, arrays and null without naming the parameter
                    throw new IllegalArgumentException("[" + NAME + "] [vector." + key + "] must be a string but was " + tokenText(parser, value));
                }
                switch (key) {
                    case "id" -> id = parser.text();
                    case "index" -> index = parser.text();
                    default -> routing = parser.text();
                }
            }
            parsed.reference = new VectorReference(id, index, routing);
            return;
        }
        float[] values = new float[16];
        int count = 0;
        for (XContentParser.Token t = parser.nextToken(); t != XContentParser.Token.END_ARRAY; t = parser.nextToken()) {
            if (t != XContentParser.Token.VALUE_NUMBER) {
                throw new IllegalArgumentException("[" + NAME + "] [vector] takes numbers but element [" + count + "] is "
                    + tokenText(parser, t));
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = parser.floatValue();
        }
        parsed.vector = Arrays.copyOf(values, count);
    }

    /** A token as a user wrote it: the value's text, {@code null}, or the structure (START_ARRAY, START_OBJECT). */
    /** A value in brackets ({@code [abc]}, {@code [null]}); {@code an array} or {@code an object} otherwise. */
    private static String tokenText(XContentParser parser, XContentParser.Token token) throws IOException {
        if (token == XContentParser.Token.VALUE_NULL) {
            return "[null]";
        }
        if (token.isValue()) {
            return "[" + parser.text() + "]";
        }
        return token == XContentParser.Token.START_ARRAY ? "an array" : token == XContentParser.Token.START_OBJECT ? "an object" : "[" + token + "]";
    }

    public static VicinityKnnQueryBuilder fromXContent(XContentParser parser) {
        Parsed p = PARSER.apply(parser, null);
        if (p.boost < 0) { // AbstractQueryBuilder's own check names the whole query instead of the value
            throw new IllegalArgumentException("[" + NAME + "] [" + BOOST_FIELD.getPreferredName() + "] must not be negative but was ["
                + p.boost + "]");
        }
        VicinityKnnQueryBuilder builder = new VicinityKnnQueryBuilder(p.field, p.vector != null ? requireVector(p.vector) : null, p.reference, p.k,
            p.filter, p.maxDistance, p.includeSelf, p.exact, p.ignoreUnmapped, p.methodParameters, null);
        return builder.boost(p.boost).queryName(p.queryName);
    }

    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (fetchedVector != null) {
            float[] fetched = fetchedVector.get();
            return fetched == null ? this : resolvedReference(fetched);
        }
        if (vectorReference != null) {
            String index = vectorReference.index() != null ? vectorReference.index() : singleSearchedIndex(context);
            SetOnce<float[]> fetched = new SetOnce<>();
            context.registerAsyncAction((client, listener) -> DocumentVectorFetcher.fetch(client, index, vectorReference.id(),
                vectorReference.routing(), field,
                listener.map(v -> {
                    fetched.set(v);
                    return null;
                })));
            return new VicinityKnnQueryBuilder(field, null, new VectorReference(vectorReference.id(), index, vectorReference.routing()), k,
                filter, maxDistance, includeSelf, exact, ignoreUnmapped, methodParameters, fetched::get).copyStandard(this);
        }
        if (filter != null) {
            QueryBuilder rewrittenFilter = filter.rewrite(context);
            if (rewrittenFilter != filter) {
                return filter(rewrittenFilter);
            }
        }
        return this;
    }

    /** The plain vector query a reference turns into: the referenced document is excluded unless {@code include_self}. */
    private VicinityKnnQueryBuilder resolvedReference(float[] fetched) {
        QueryBuilder effectiveFilter = filter;
        if (includeSelf == false) {
            BoolQueryBuilder self = new BoolQueryBuilder().filter(new IdsQueryBuilder().addIds(vectorReference.id()))
                .filter(new TermQueryBuilder("_index", vectorReference.index()));
            BoolQueryBuilder combined = new BoolQueryBuilder().mustNot(self);
            if (filter != null) {
                combined.filter(filter);
            }
            effectiveFilter = combined;
        }
        return new VicinityKnnQueryBuilder(field, fetched, null, k, effectiveFilter, maxDistance, includeSelf, exact, ignoreUnmapped, methodParameters, null)
            .copyStandard(this);
    }

    private static String singleSearchedIndex(QueryRewriteContext context) {
        var resolved = context.getResolvedIndices();
        var local = resolved == null ? null : resolved.getConcreteLocalIndices();
        if (local == null || local.length != 1) {
            throw new IllegalArgumentException("[" + NAME + "] [vector.index] is required when the search does not target exactly one index");
        }
        return local[0].getName();
    }

    @Override
    protected Query doToQuery(SearchExecutionContext context, MaxClauseCountQueryVisitor visitor) throws IOException {
        if (vector == null) {
            throw new IllegalStateException("[" + NAME + "] must be rewritten first: its vector reference is unresolved");
        }
        MappedFieldType fieldType = context.getFieldType(field);
        if (fieldType == null) {
            if (ignoreUnmapped) {
                Query none = new MatchNoDocsQuery("[" + NAME + "] field [" + field + "] is not mapped in index [" + context.index().getName() + "]");
                visitor.visitLeaf(none); // Elasticsearch checks that the visitor saw what the query holds
                return none;
            }
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] does not exist in index [" + context.index().getName()
                + "]; set [" + IGNORE_UNMAPPED.getPreferredName() + "] to search indices without it");
        }
        if (fieldType instanceof VicinityVectorFieldType == false) {
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] is of type [" + fieldType.typeName() + "] but must be of type ["
                + VicinityVectorFieldMapper.CONTENT_TYPE + "]");
        }
        checkNestedScope(context);
        VicinityVectorFieldType vectorType = (VicinityVectorFieldType) fieldType;
        if (vector.length != vectorType.dims()) {
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] has [" + vectorType.dims() + "] dims but the vector has [" + vector.length + "]");
        }
        VectorParser.validate("[" + NAME + "]", field, vector, vectorType.metric());
        VicinitySearchStrategy strategy = vectorType.searchStrategy("[" + NAME + "]", methodParameters);
        // Count the filters' clauses (and their memory) into the caller's visitor, then this query's own leaf, exactly as
        // visiting the finished query would: Elasticsearch checks max_clause_count and the breaker through this visitor.
        Query filterQuery = preFilter(context, visitor);
        Query query = vectorType.knnQuery(vector, k, filterQuery, maxDistance == null ? Float.POSITIVE_INFINITY : maxDistance, exact, strategy);
        visitor.visitLeaf(query);
        return query;
    }

    /**
     * A field inside a {@code nested} object lives in the nested documents: searched from the top level it would match
     * no (parent) document, silently. It is searched inside a {@code nested} query on its nested object, whose score
     * mode then turns the nearest nested documents into their parents.
     */
    private void checkNestedScope(SearchExecutionContext context) {
        String nestedPath = context.nestedLookup().getNestedParent(field);
        if (nestedPath == null) {
            return;
        }
        NestedObjectMapper scope = context.nestedScope().getObjectMapper();
        if (scope == null || nestedPath.equals(scope.fullPath()) == false) {
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] is inside nested object [" + nestedPath
                + "]: search it inside a [nested] query with [path] [" + nestedPath + "]");
        }
    }

    /**
     * The filter applied before the nearest {@code k} are chosen: the user's {@code filter} and the index's alias filter
     * (a search through a filtered alias), both, or {@code null} for none.
     */
    private Query preFilter(SearchExecutionContext context, MaxClauseCountQueryVisitor visitor) throws IOException {
        Query userFilter = filter == null ? null : filter.toQuery(context, visitor);
        QueryBuilder aliasFilterBuilder = context.getAliasFilter();
        // Inside a nested query the candidates are nested documents, which an alias filter on the parents' fields
        // would reject all of; Elasticsearch still applies it to the parents, after the nearest are chosen.
        if (aliasFilterBuilder == null || context.nestedScope().getObjectMapper() != null) {
            return userFilter;
        }
        Query aliasFilter = aliasFilterBuilder.toQuery(context, visitor);
        if (userFilter == null) {
            return aliasFilter;
        }
        return new BooleanQuery.Builder().add(userFilter, BooleanClause.Occur.FILTER).add(aliasFilter, BooleanClause.Occur.FILTER).build();
    }

    @Override
    protected boolean doEquals(VicinityKnnQueryBuilder other) {
        return field.equals(other.field) && Arrays.equals(vector, other.vector) && Objects.equals(vectorReference, other.vectorReference)
            && k == other.k && Objects.equals(filter, other.filter) && Objects.equals(maxDistance, other.maxDistance)
            && includeSelf == other.includeSelf && exact == other.exact && ignoreUnmapped == other.ignoreUnmapped
            && methodParameters.equals(other.methodParameters)
            && Objects.equals(fetchedVector, other.fetchedVector);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(field, Arrays.hashCode(vector), vectorReference, k, filter, maxDistance, includeSelf, exact, ignoreUnmapped,
            methodParameters, fetchedVector);
    }
}
