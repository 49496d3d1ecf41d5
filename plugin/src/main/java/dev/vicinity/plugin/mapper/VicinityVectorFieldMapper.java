package dev.vicinity.plugin.mapper;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.codec.VicinityVectorsFormat;
import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.elasticsearch.common.xcontent.support.XContentMapValues;
import org.elasticsearch.index.engine.EngineConfig;
import org.elasticsearch.index.mapper.DocumentParserContext;
import org.elasticsearch.index.mapper.FieldMapper;
import org.elasticsearch.index.mapper.MapperBuilderContext;
import org.elasticsearch.index.mapper.MappingParserContext;
import org.elasticsearch.xcontent.XContentParser.Token;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code vicinity_vector} field: a float vector indexed per segment by the Vicinity codec with the mapping's
 * metric and index method.
 *
 * <pre>{@code
 * "embedding": { "type": "vicinity_vector", "dims": 64, "metric": "euclidean", "method": { "type": "exact" } }
 * }</pre>
 *
 * Documents are validated completely before anything is added to the Lucene document, so a rejected document
 * (wrong dimension count, non-numbers, NaN or infinity, a zero vector under an angle-based metric, several vectors)
 * leaves nothing behind; Elasticsearch answers 400 with the message.
 */
public final class VicinityVectorFieldMapper extends FieldMapper {

    public static final String CONTENT_TYPE = "vicinity_vector";

    public static final TypeParser PARSER = new TypeParser((name, context) -> {
        requireVicinityCodec(name, context);
        return new Builder(name);
    });

    private static VicinityVectorFieldMapper toType(FieldMapper in) {
        return (VicinityVectorFieldMapper) in;
    }

    /**
     * The Vicinity format is chosen by the index codec, which is fixed when an index is created. An index that was
     * created without it (an explicit other codec, or a field added later by a mapping update) cannot index this
     * field: say so instead of silently indexing it with another format.
     */
    private static void requireVicinityCodec(String name, MappingParserContext context) {
        String codec = context.getIndexSettings().getValue(EngineConfig.INDEX_CODEC_SETTING);
        if (VicinityCodec.NAME.equals(codec) == false) {
            throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + name + "] needs [index.codec] to be ["
                + VicinityCodec.NAME + "] but index [" + context.getIndexSettings().getIndex().getName() + "] uses [" + codec
                + "]; the codec is chosen when an index is created: create the index with this field in its mappings (the"
                + " codec is then set automatically) or with \"index.codec\": \"" + VicinityCodec.NAME + "\"");
        }
    }

    public static final class Builder extends FieldMapper.Builder {

        private final Parameter<Integer> dims = new Parameter<>("dims", false, () -> null, (n, c, o) -> parseDims(n, o),
            m -> toType(m).fieldType().dims(), (b, n, v) -> b.field(n, v), Objects::toString).addValidator(v -> {
                if (v == null) {
                    throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + leafName() + "] requires [dims]");
                }
            });
        // Metric names are case-insensitive (Metrics#byName); parse them to the lower-case form the mapper serializes, so
        // that sending the creating mapping again ("metric": "Cosine") is not a conflict with the stored "cosine".
        private final Parameter<String> metric = new Parameter<>("metric", false, () -> "euclidean",
            (n, c, o) -> XContentMapValues.nodeStringValue(o).toLowerCase(Locale.ROOT), m -> toType(m).fieldType().metric().name(),
            (b, n, v) -> b.field(n, v), Objects::toString).alwaysSerialize();
        private final Parameter<Float> p = new Parameter<>("p", false, () -> null, (n, c, o) -> parseP(n, o),
            m -> parameterOrNull(toType(m).fieldType().metric()), (b, n, v) -> b.field(n, v), Objects::toString).acceptsNull();
        private final Parameter<MethodConfig> method = new Parameter<>("method", false, () -> MethodConfig.DEFAULT,
            (n, c, o) -> MethodConfig.parse(leafName(), o), m -> toType(m).fieldType().method(), (b, n, v) -> b.field(n, v),
            Objects::toString).alwaysSerialize();
        private final Parameter<Map<String, String>> meta = Parameter.metaParam();

        public Builder(String name) {
            super(name);
        }

        @Override
        protected Parameter<?>[] getParameters() {
            return new Parameter<?>[] { dims, metric, p, method, meta };
        }

        @Override
        public String contentType() {
            return CONTENT_TYPE;
        }

        @Override
        public VicinityVectorFieldMapper build(MapperBuilderContext context) {
            String fullName = context.buildFullName(leafName());
            // Both are accepted by every field mapper's parser; a vector can be neither copied into another field nor
            // indexed a second way, so refuse them here rather than fail every document (copy_to) or stay empty (fields).
            if (copyTo.copyToFields().isEmpty() == false) {
                throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + fullName + "] does not support [copy_to] but got "
                    + copyTo.copyToFields());
            }
            if (multiFieldsBuilder.hasMultiFields()) {
                throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + fullName + "] does not support multi-fields ([fields])");
            }
            Metric resolvedMetric;
            FieldType luceneType;
            try {
                resolvedMetric = Metrics.byName(metric.getValue(), p.getValue() == null ? Float.NaN : p.getValue());
                luceneType = VicinityFieldType.create(dims.getValue(), resolvedMetric, method.getValue().type(), method.getValue().parameters());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + fullName + "]: " + e.getMessage(), e);
            }
            VicinityVectorFieldType type = new VicinityVectorFieldType(fullName, dims.getValue(), resolvedMetric, method.getValue(), meta.getValue());
            return new VicinityVectorFieldMapper(leafName(), type, luceneType, builderParams(this, context));
        }

        private static Integer parseDims(String name, Object node) {
            int value;
            try {
                value = Integer.parseInt(node.toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + name + "] needs [dims] to be an integer but was [" + node + "]");
            }
            if (value < 1 || value > VicinityVectorsFormat.MAX_DIMENSIONS) {
                throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + name + "] needs [dims] between [1] and ["
                    + VicinityVectorsFormat.MAX_DIMENSIONS + "] but was [" + value + "]");
            }
            return value;
        }

        private static Float parseP(String name, Object node) {
            if (node == null) {
                return null;
            }
            float value;
            try {
                value = Float.parseFloat(node.toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + name + "] needs [p] to be a number but was [" + node + "]");
            }
            if (Float.isFinite(value) == false) { // NaN is how "no parameter" is passed on: it must not come from the user
                throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + name + "] needs [p] to be a finite number but was [" + node + "]");
            }
            return value;
        }

        private static Float parameterOrNull(Metric metric) {
            return Float.isNaN(metric.parameter()) ? null : metric.parameter();
        }
    }

    private final FieldType luceneType;

    private VicinityVectorFieldMapper(String leafName, VicinityVectorFieldType type, FieldType luceneType, BuilderParams params) {
        super(leafName, type, params);
        this.luceneType = luceneType;
    }

    @Override
    public VicinityVectorFieldType fieldType() {
        return (VicinityVectorFieldType) super.fieldType();
    }

    @Override
    public boolean parsesArrayValue() {
        return true; // the whole [x, y, ...] array is one value
    }

    @Override
    public void parse(DocumentParserContext context) throws IOException {
        if (context.parser().currentToken() == Token.VALUE_NULL) {
            return;
        }
        if (context.doc().getByKey(fieldType().name()) != null) {
            throw new IllegalArgumentException("[" + CONTENT_TYPE + "] field [" + fullPath() + "] takes one vector per document but got several");
        }
        float[] vector = VectorParser.parse(context.parser(), fullPath(), fieldType().dims(), fieldType().metric());
        context.doc().addWithKey(fieldType().name(), new KnnFloatVectorField(fieldType().name(), vector, luceneType));
    }

    @Override
    protected void parseCreateField(DocumentParserContext context) {
        throw new AssertionError("parse is implemented directly");
    }

    @Override
    protected String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public FieldMapper.Builder getMergeBuilder() {
        return new Builder(leafName()).init(this);
    }
}
