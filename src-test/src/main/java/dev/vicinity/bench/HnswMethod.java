package dev.vicinity.bench;

import dev.vicinity.codec.TwinSimilarity;
import dev.vicinity.metric.Metric;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lucene's own HNSW ({@link Lucene99HnswVectorsFormat}, float vectors, no quantization): the in-run baseline. It takes
 * up to {@value WideHnswVectorsFormat#MAX_DIMENSIONS} dimensions, as Elasticsearch does, not Lucene's 1,024
 * ({@link WideHnswVectorsFormat}).
 *
 * <p>Build parameters {@code m} (max connections, default 16) and {@code beam_width} (default 100). Query parameter
 * {@code ef}: how many candidates the graph search collects before the best {@code k} are kept (Elasticsearch's
 * {@code num_candidates}); values below {@code k} are raised to {@code k}.
 */
final class HnswMethod implements BenchMethod {

    @Override
    public String name() {
        return "hnsw";
    }

    @Override
    public Map<String, String> buildDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("m", Integer.toString(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN));
        defaults.put("beam_width", Integer.toString(Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH));
        return defaults;
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return Map.of("ef", List.of("10", "20", "40", "80", "160", "320"));
    }

    @Override
    public Build build(int dims, Metric metric, Map<String, String> buildParams) {
        int m = Params.intParam(buildParams, "m", 2, 512);
        int beamWidth = Params.intParam(buildParams, "beam_width", 2, 3200);
        VectorSimilarityFunction similarity = similarity(metric);
        if (dims > WideHnswVectorsFormat.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("method [hnsw] takes at most [" + WideHnswVectorsFormat.MAX_DIMENSIONS
                + "] dimensions but the vectors have [" + dims + "]");
        }
        KnnVectorsFormat format = new WideHnswVectorsFormat(m, beamWidth);
        // Lucene's own codec with the field's format chosen per field: segments record "Lucene104" and the
        // per-field format's SPI name, so they read back without this class (the reader needs no build parameters).
        Codec codec = new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
        return new Build(codec, (name, vector) -> new KnnFloatVectorField(name, vector, similarity), (field, target, k, queryParams) -> {
            int ef = queryParams.containsKey("ef") ? Params.intParam(queryParams, "ef", 1, 100_000) : k;
            return new KnnFloatVectorQuery(field, target, Math.max(k, ef));
        });
    }

    /** The Lucene similarity ranking like {@code metric}; results are re-measured with the metric itself anyway. */
    private static VectorSimilarityFunction similarity(Metric metric) {
        VectorSimilarityFunction twin = TwinSimilarity.of(metric);
        if (twin == null) {
            throw new IllegalArgumentException("method [hnsw] does not support metric [" + metric.name()
                + "], only [euclidean, sqeuclidean, cosine, dot]");
        }
        return twin;
    }
}
