package dev.vicinity.codec;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract between whoever creates Vicinity fields (the Elasticsearch mapper, tests, the benchmark) and the
 * codec: a Lucene {@link FieldType} whose attributes say how the field is indexed.
 *
 * <p>Documents are indexed with {@code new KnnFloatVectorField(name, vector, VicinityFieldType.create(...))}. Lucene
 * copies the type's attributes into the segment's {@code FieldInfo}, where the codec reads them at flush and at
 * merge: they decide that the field goes to {@link VicinityVectorsFormat} rather than to Lucene's HNSW format (see
 * {@link VicinityPerFieldVectorsFormat}) and which method, metric and build parameters it uses. The codec then
 * copies all of it into its own meta file, so reading a segment never needs these attributes or the mapping.
 *
 * <p>Attribute keys (permanent, they are stored in every segment's field infos):
 *
 * <ul>
 *   <li>{@value #METHOD_KEY}: the index method name, see {@link IndexMethods}; its presence marks a Vicinity field
 *   <li>{@value #METRIC_KEY}: the metric name, see {@link Metrics#byName}
 *   <li>{@value #METRIC_PARAM_KEY}: the metric parameter as {@link Float#toString(float)}, only for metrics that
 *       take one (minkowski's {@code p})
 *   <li>{@value #METHOD_PARAM_PREFIX}{@code <name>}: one attribute per build parameter (the method's and the generic
 *       {@value IndexMethod#EXACT_BELOW}), the value as the mapping gave it
 * </ul>
 *
 * <p>Lucene requires a {@link VectorSimilarityFunction} on every vector field; Vicinity fields carry
 * {@link #PLACEHOLDER_SIMILARITY} but are always scored with their metric, by the codec's own search and by the
 * {@code FloatVectorValues#scorer} Lucene's exact fallback uses.
 */
public final class VicinityFieldType {

    /** Attribute holding the index method name; its presence marks a Vicinity field. */
    public static final String METHOD_KEY = "vicinity.method";
    /** Attribute holding the metric name. */
    public static final String METRIC_KEY = "vicinity.metric";
    /** Attribute holding the metric parameter, absent when the metric takes none. */
    public static final String METRIC_PARAM_KEY = "vicinity.metric.param";
    /** Prefix of the attributes holding method build parameters, followed by the parameter name. */
    public static final String METHOD_PARAM_PREFIX = "vicinity.method.";

    /** The similarity Lucene requires on the field type; ignored for scoring, which always uses the metric. */
    public static final VectorSimilarityFunction PLACEHOLDER_SIMILARITY = VectorSimilarityFunction.EUCLIDEAN;

    private VicinityFieldType() {}

    /**
     * A frozen field type for float vectors of {@code dims} dimensions indexed with {@code method} under
     * {@code metric}.
     *
     * @param methodParams the build parameters by name (without the attribute prefix): the method's, checked by it, and
     *     the generic {@value IndexMethod#EXACT_BELOW}
     * @throws IllegalArgumentException naming the value when dims, method or a parameter is invalid
     */
    public static FieldType create(int dims, Metric metric, String method, Map<String, String> methodParams) {
        if (dims < 1 || dims > VicinityVectorsFormat.MAX_DIMENSIONS) {
            throw new IllegalArgumentException(
                "[dims] must be between [1] and [" + VicinityVectorsFormat.MAX_DIMENSIONS + "] but was [" + dims + "]"
            );
        }
        if (metric == null || method == null || methodParams == null) {
            throw new IllegalArgumentException("[metric], [method] and [methodParams] must not be null");
        }
        IndexMethod indexMethod = IndexMethods.byName(method);
        if (methodParams.size() > FieldMeta.MAX_METHOD_PARAMS) {
            throw new IllegalArgumentException("at most [" + FieldMeta.MAX_METHOD_PARAMS + "] method parameters are allowed but got [" + methodParams.size() + "]");
        }
        for (Map.Entry<String, String> param : methodParams.entrySet()) {
            if (param.getKey() == null || param.getKey().isEmpty() || param.getValue() == null) {
                throw new IllegalArgumentException("method parameter [" + param.getKey() + "=" + param.getValue() + "] needs a name and a value");
            }
            // The segment meta bounds parameter lengths so that corrupt lengths are caught; refuse them here, not at flush.
            if (param.getKey().getBytes(StandardCharsets.UTF_8).length > FieldMeta.MAX_PARAM_BYTES
                || param.getValue().getBytes(StandardCharsets.UTF_8).length > FieldMeta.MAX_PARAM_BYTES) {
                throw new IllegalArgumentException("method parameter [" + param.getKey() + "] is longer than [" + FieldMeta.MAX_PARAM_BYTES + "] bytes");
            }
        }
        GenericParameters.check(indexMethod, methodParams, metric);

        FieldType type = new FieldType(KnnFloatVectorField.createFieldType(dims, PLACEHOLDER_SIMILARITY));
        type.putAttribute(METHOD_KEY, indexMethod.name());
        type.putAttribute(METRIC_KEY, metric.name());
        if (Float.isNaN(metric.parameter()) == false) {
            type.putAttribute(METRIC_PARAM_KEY, Float.toString(metric.parameter()));
        }
        for (Map.Entry<String, String> param : new TreeMap<>(methodParams).entrySet()) {
            type.putAttribute(METHOD_PARAM_PREFIX + param.getKey(), param.getValue());
        }
        type.freeze();
        return type;
    }

    /** Whether {@code fi} is a vector field created through {@link #create}. */
    public static boolean isVicinityField(FieldInfo fi) {
        return fi.hasVectorValues() && fi.getAttribute(METHOD_KEY) != null;
    }

    /**
     * The method, metric and build parameters recorded in the attributes of a Vicinity field.
     *
     * @throws IllegalArgumentException naming the field and value when an attribute is missing or invalid, or the
     *     field is not a float vector field
     */
    public static Config configOf(FieldInfo fi) {
        if (isVicinityField(fi) == false) {
            throw new IllegalArgumentException("field [" + fi.name + "] is not a vicinity vector field");
        }
        if (fi.getVectorEncoding() != VectorEncoding.FLOAT32) {
            throw new IllegalArgumentException(
                "vicinity field [" + fi.name + "] must use encoding [FLOAT32] but uses [" + fi.getVectorEncoding() + "]"
            );
        }
        try {
            IndexMethod method = IndexMethods.byName(fi.getAttribute(METHOD_KEY));
            Map<String, String> params = new TreeMap<>();
            for (Map.Entry<String, String> attribute : fi.attributes().entrySet()) {
                if (attribute.getKey().startsWith(METHOD_PARAM_PREFIX)) {
                    params.put(attribute.getKey().substring(METHOD_PARAM_PREFIX.length()), attribute.getValue());
                }
            }
            Metric metric = metricOf(fi);
            GenericParameters.check(method, params, metric);
            return new Config(method, metric, Map.copyOf(params));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vicinity field [" + fi.name + "]: " + e.getMessage(), e);
        }
    }

    /**
     * The metric recorded in the attributes of a Vicinity field.
     *
     * @throws IllegalArgumentException naming the value when the metric attribute is missing or invalid
     */
    public static Metric metricOf(FieldInfo fi) {
        String name = fi.getAttribute(METRIC_KEY);
        if (name == null) {
            throw new IllegalArgumentException("field [" + fi.name + "] has no [" + METRIC_KEY + "] attribute");
        }
        String param = fi.getAttribute(METRIC_PARAM_KEY);
        float p;
        try {
            p = param == null ? Float.NaN : Float.parseFloat(param);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field [" + fi.name + "] has an invalid metric parameter [" + param + "]", e);
        }
        return Metrics.byName(name, p);
    }

    /**
     * How a Vicinity field is indexed, as its attributes say.
     *
     * @param method the index method
     * @param metric the metric distances and scores use
     * @param methodParams every build parameter by name (the method's and the generic ones), sorted
     */
    public record Config(IndexMethod method, Metric metric, Map<String, String> methodParams) {}
}
