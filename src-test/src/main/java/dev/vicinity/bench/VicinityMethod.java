package dev.vicinity.bench;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.IndexMethods;
import dev.vicinity.codec.QueryKnob;
import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.codec.VicinitySearchStrategy;
import dev.vicinity.metric.Metric;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Vicinity index method through the full codec and {@link VicinityKnnQuery}: any method of the registry, so a new
 * method is benchmarked by one line in {@link BenchMethods}.
 *
 * <p>Build parameters are the mapping's ({@link IndexMethod#buildParameters()} plus the generic
 * {@value IndexMethod#EXACT_BELOW}); an empty value means the method's default. Query parameters are the method's,
 * passed as strings and parsed by the method, as a query's JSON values are. A preset (such as {@code nndescent-int8})
 * is the same method under another name with some build parameters set by default, so both can be measured in one
 * run.
 */
final class VicinityMethod implements BenchMethod {

    private final String name;
    private final IndexMethod method;
    private final Map<String, String> buildDefaults;
    private final Map<String, List<String>> queryDefaults;

    /**
     * @param name the name on the command line and in the results
     * @param method the registered method's name
     * @param explicitDefaults build parameters set by default (shown in the results); the others are the method's defaults
     * @param queryDefaults the query parameters swept when the command line gives none
     */
    VicinityMethod(String name, String method, Map<String, String> explicitDefaults, Map<String, List<String>> queryDefaults) {
        this.name = name;
        this.method = IndexMethods.byName(method);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String parameter : this.method.buildParameters()) {
            defaults.put(parameter, "");
        }
        if (this.method.buildsStructure()) {
            defaults.put(IndexMethod.EXACT_BELOW, "");
        }
        explicitDefaults.forEach((parameter, value) -> {
            // a nested parameter (lsh's hashes.0.type) belongs to its top-level one
            String top = parameter.contains(".") ? parameter.substring(0, parameter.indexOf('.')) : parameter;
            if (this.method.buildParameters().contains(top) == false && top.equals(IndexMethod.EXACT_BELOW) == false) {
                throw new IllegalArgumentException("method [" + method + "] takes no build parameter [" + parameter + "]");
            }
            if (top.equals(parameter) == false) {
                defaults.remove(top); // given by its nested parameters instead
            }
            defaults.put(parameter, value);
        });
        this.buildDefaults = Collections.unmodifiableMap(defaults);
        this.queryDefaults = queryDefaults;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> buildDefaults() {
        return buildDefaults;
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return queryDefaults;
    }

    /** The registered method's name, as a mapping's {@code method.type} gives it ({@code nndescent} for {@code nndescent-int8}). */
    String type() {
        return method.name();
    }

    @Override
    public QueryKnob knob() {
        return method.queryKnob();
    }

    @Override
    public Build build(int dims, Metric metric, Map<String, String> buildParams) {
        Map<String, String> explicit = new LinkedHashMap<>();
        buildParams.forEach((parameter, value) -> {
            if (value != null && value.isEmpty() == false) {
                explicit.put(parameter, value);
            }
        });
        FieldType type = VicinityFieldType.create(dims, metric, method.name(), explicit);
        Codec codec = new VicinityCodec();
        return new Build(codec, (field, vector) -> new KnnFloatVectorField(field, vector, type), (field, target, k, queryParams) ->
            new VicinityKnnQuery(field, target, k, null, metric, Float.POSITIVE_INFINITY, false, VicinitySearchStrategy.of(method, queryParams)));
    }
}
