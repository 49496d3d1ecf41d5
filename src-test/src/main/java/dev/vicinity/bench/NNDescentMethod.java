package dev.vicinity.bench;

import dev.vicinity.codec.NNDescentFormat;
import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.codec.VicinitySearchStrategy;
import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.NNDescentParameters;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.search.Query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vicinity's {@code nndescent} method (PyNNDescent) through the full codec and {@link VicinityKnnQuery}.
 *
 * <p>Build parameters are the mapping's ({@link NNDescentFormat#PARAMETERS}); an empty value means PyNNDescent's
 * default for the segment's size, except {@code n_neighbors} (30) and {@code seed} (42), shown explicitly. Query
 * parameter {@code epsilon}, swept over 0.0, 0.1, 0.2, 0.3 by default. A preset (such as {@code nndescent-int8},
 * {@code quantization=int8}) is the same method under another name with one build parameter set by default, so both
 * can be measured in one run.
 */
final class NNDescentMethod implements BenchMethod {

    private final String name;
    private final String presetName;
    private final String presetValue;

    NNDescentMethod() {
        this("nndescent", null, null);
    }

    NNDescentMethod(String name, String presetName, String presetValue) {
        this.name = name;
        this.presetName = presetName;
        this.presetValue = presetValue;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> buildDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String name : NNDescentFormat.PARAMETERS) {
            defaults.put(name, "");
        }
        defaults.put(NNDescentFormat.N_NEIGHBORS, Integer.toString(NNDescentParameters.DEFAULT_N_NEIGHBORS));
        defaults.put(NNDescentFormat.SEED, Long.toString(NNDescentFormat.DEFAULT_SEED));
        if (presetName != null) {
            defaults.put(presetName, presetValue);
        }
        return defaults;
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return Map.of("epsilon", List.of("0.0", "0.1", "0.2", "0.3"));
    }

    @Override
    public Build build(int dims, Metric metric, Map<String, String> buildParams) {
        Map<String, String> explicit = new LinkedHashMap<>();
        buildParams.forEach((name, value) -> {
            if (value != null && value.isEmpty() == false) {
                explicit.put(name, value);
            }
        });
        FieldType type = VicinityFieldType.create(dims, metric, "nndescent", explicit);
        Codec codec = new VicinityCodec();
        return new Build(codec, (name, vector) -> new KnnFloatVectorField(name, vector, type), (field, target, k, queryParams) -> {
            String value = queryParams.get("epsilon");
            float epsilon;
            try {
                epsilon = value == null ? NNDescentParameters.DEFAULT_EPSILON : Float.parseFloat(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[epsilon] must be a number but was [" + value + "]", e);
            }
            return new VicinityKnnQuery(field, target, k, null, metric, Float.POSITIVE_INFINITY, false, new VicinitySearchStrategy(epsilon));
        });
    }
}
