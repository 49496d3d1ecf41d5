package dev.vicinity.bench;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.metric.Metric;
import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.search.Query;

import java.util.List;
import java.util.Map;

/** Vicinity's {@code exact} method: raw vectors only, every query scans them all. The reference every method is timed against. */
final class ExactMethod implements BenchMethod {

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public Map<String, String> buildDefaults() {
        return Map.of();
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return Map.of();
    }

    @Override
    public Build build(int dims, Metric metric, Map<String, String> buildParams) {
        FieldType type = VicinityFieldType.create(dims, metric, "exact", buildParams);
        Codec codec = new VicinityCodec();
        return new Build(codec, (name, vector) -> new KnnFloatVectorField(name, vector, type),
            (field, target, k, queryParams) -> new VicinityKnnQuery(field, target, k, null, metric));
    }
}
