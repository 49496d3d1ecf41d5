package dev.vicinity.plugin.mapper;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.IndexMethods;
import dev.vicinity.codec.VicinitySearchStrategy;
import dev.vicinity.metric.Metric;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.elasticsearch.index.fielddata.FieldDataContext;
import org.elasticsearch.index.fielddata.IndexFieldData;
import org.elasticsearch.index.mapper.ArraySourceValueFetcher;
import org.elasticsearch.index.mapper.IndexType;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.ValueFetcher;
import org.elasticsearch.index.query.SearchExecutionContext;

import java.util.Map;

/** The search-time view of a {@code vicinity_vector} field: its dims, metric and method, and the queries it answers. */
public final class VicinityVectorFieldType extends MappedFieldType {

    private final int dims;
    private final Metric metric;
    private final MethodConfig method;

    VicinityVectorFieldType(String name, int dims, Metric metric, MethodConfig method, Map<String, String> meta) {
        super(name, IndexType.vectors(), false, meta);
        this.dims = dims;
        this.metric = metric;
        this.method = method;
    }

    public int dims() {
        return dims;
    }

    public Metric metric() {
        return metric;
    }

    public MethodConfig method() {
        return method;
    }

    @Override
    public String typeName() {
        return VicinityVectorFieldMapper.CONTENT_TYPE;
    }

    /** The k nearest documents to {@code vector} (already validated), within {@code maxDistance}, among those {@code filter} accepts. */
    public Query knnQuery(float[] vector, int k, Query filter, float maxDistance) {
        return knnQuery(vector, k, filter, maxDistance, false, VicinitySearchStrategy.DEFAULT);
    }

    /**
     * As {@link #knnQuery(float[], int, Query, float)}; {@code exact} scores every accepted document (ground truth), and
     * {@code strategy} carries the method's query parameters ({@link #searchStrategy}).
     */
    public Query knnQuery(float[] vector, int k, Query filter, float maxDistance, boolean exact, VicinitySearchStrategy strategy) {
        return new VicinityKnnQuery(name(), vector, k, filter, metric, maxDistance, exact, strategy);
    }

    /**
     * The field's index method's query parameters, parsed and checked by the method.
     *
     * @param context how the caller names itself in messages, for example {@code [vicinity_knn]}
     * @throws IllegalArgumentException naming the field, the parameter and the value when the method refuses one
     */
    public VicinitySearchStrategy searchStrategy(String context, Map<String, ?> params) {
        IndexMethod indexMethod = IndexMethods.byName(method.type());
        try {
            return VicinitySearchStrategy.of(indexMethod, params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(context + " field [" + name() + "] (method [" + indexMethod.name() + "]): " + e.getMessage(), e);
        }
    }

    /**
     * {@code fields}: the vector as {@code _source} holds it, or, when {@code _source} leaves it out (vectors are
     * often excluded to save space), as the index holds it ({@link IndexedVectorFetcher}).
     */
    @Override
    public ValueFetcher valueFetcher(SearchExecutionContext context, String format) {
        if (format != null) {
            throw new IllegalArgumentException("[" + typeName() + "] field [" + name() + "] doesn't support formats");
        }
        ValueFetcher fromSource = new ArraySourceValueFetcher(name(), context) {
            @Override
            protected Object parseSourceValue(Object value) {
                return value;
            }
        };
        return new IndexedVectorFetcher(name(), fromSource);
    }

    @Override
    public Query existsQuery(SearchExecutionContext context) {
        return new FieldExistsQuery(name());
    }

    /** {@code docvalue_fields}, sorting, aggregations and scripts on the field: refused with where to read vectors instead. */
    @Override
    public IndexFieldData.Builder fielddataBuilder(FieldDataContext context) {
        throw new IllegalArgumentException("[" + typeName() + "] field [" + name() + "] has no doc values: read its vectors with"
            + " [fields] or from [_source], not with [docvalue_fields], sorts, aggregations or scripts");
    }

    @Override
    public Query termQuery(Object value, SearchExecutionContext context) {
        throw new IllegalArgumentException("[" + typeName() + "] field [" + name() + "] does not support term queries;"
            + " search it with the [vicinity_knn] query");
    }
}
