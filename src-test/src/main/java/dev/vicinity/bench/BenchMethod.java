package dev.vicinity.bench;

import dev.vicinity.codec.QueryKnob;
import dev.vicinity.metric.Metric;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Field;
import org.apache.lucene.search.Query;

import java.util.Map;

/**
 * One way of indexing and searching vectors that the benchmark compares: Lucene's HNSW, each Vicinity method. Adding a
 * method to the benchmark means one implementation of this interface and one line in {@link BenchMethods}.
 *
 * <p>The benchmark builds one Lucene index per method and build-parameter set, adding the documents in row order
 * with one vector field each (so document {@code i} is row {@code i}), then runs every query once per query-parameter
 * set. Parameters arrive as strings by name; a method rejects names it does not know and values out of range with an
 * {@link IllegalArgumentException} naming them.
 */
public non-sealed interface BenchMethod extends MethodSpec {

    /** A per-field setup for one build-parameter set: the codec to write with and how to make the vector field. */
    Build build(int dims, Metric metric, Map<String, String> buildParams);

    /** The query knob {@code --target-recall} tunes, or {@code null} when the method has none (it then sweeps). */
    default QueryKnob knob() {
        return null;
    }

    /**
     * What one build of a method provides to the benchmark: the codec the index is written with, how a document's
     * vector field is made, and the query for the {@code k} nearest documents with one query-parameter set.
     */
    record Build(Codec codec, FieldFactory fields, QueryFactory queries) {

        public Field field(String name, float[] vector) {
            return fields.field(name, vector);
        }

        public Query query(String field, float[] target, int k, Map<String, String> queryParams) {
            return queries.query(field, target, k, queryParams);
        }
    }

    /** Makes the vector field of a new document. */
    interface FieldFactory {
        Field field(String name, float[] vector);
    }

    /** Makes the query for the {@code k} nearest documents to {@code target} with one query-parameter set. */
    interface QueryFactory {
        Query query(String field, float[] target, int k, Map<String, String> queryParams);
    }
}
