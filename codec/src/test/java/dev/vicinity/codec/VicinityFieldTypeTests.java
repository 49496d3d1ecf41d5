package dev.vicinity.codec;

import dev.vicinity.codec.exact.ExactMethod;
import dev.vicinity.codec.nndescent.NNDescentMethod;

import dev.vicinity.metric.Metric;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DocValuesSkipIndexType;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.util.HashMap;
import java.util.Map;

/** The field contract with the mapper: what {@link VicinityFieldType#create} accepts and the attributes it writes. */
public class VicinityFieldTypeTests extends LuceneTestCase {

    private static final Metric EUCLIDEAN = Metrics.byName("euclidean", Float.NaN);

    public void testCreate() {
        FieldType type = VicinityFieldType.create(7, EUCLIDEAN, "exact", Map.of());
        assertEquals(7, type.vectorDimension());
        assertEquals(VectorEncoding.FLOAT32, type.vectorEncoding());
        assertEquals(VicinityFieldType.PLACEHOLDER_SIMILARITY, type.vectorSimilarityFunction());
        assertEquals(Map.of("vicinity.method", "exact", "vicinity.metric", "euclidean"), type.getAttributes());
        expectThrows(IllegalStateException.class, () -> type.putAttribute("x", "y")); // frozen

        FieldInfo fi = fieldInfo(type.getAttributes(), VectorEncoding.FLOAT32);
        assertTrue(VicinityFieldType.isVicinityField(fi));
        VicinityFieldType.Config config = VicinityFieldType.configOf(fi);
        assertSame(ExactMethod.INSTANCE, config.method());
        assertSame(EUCLIDEAN, config.metric());
        assertEquals(Map.of(), config.methodParams());
    }

    public void testCreateRejectsBadInput() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(0, EUCLIDEAN, "exact", Map.of()));
        assertEquals("[dims] must be between [1] and [4096] but was [0]", e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(4097, EUCLIDEAN, "exact", Map.of()));
        expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(3, null, "exact", Map.of()));
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(3, EUCLIDEAN, "annoy", Map.of()));
        assertEquals("unknown index method [annoy], expected one of [exact, nndescent, forest, lsh]", e.getMessage());
        VicinityFieldType.create(3, EUCLIDEAN, "nndescent", Map.of()); // implemented, all defaults
        VicinityFieldType.create(3, EUCLIDEAN, "nndescent", Map.of("n_neighbors", "10", "seed", "7", "delta", "0.01"));
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(3, EUCLIDEAN, "nndescent", Map.of("n_neighbors", "1")));
        assertEquals("[n_neighbors] must be between [2] and [512] but was [1]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(3, EUCLIDEAN, "nndescent", Map.of("delta", "NaN")));
        assertEquals("[delta] must be a finite number but was [NaN]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(3, EUCLIDEAN, "nndescent", Map.of("seed", "x")));
        assertEquals("[seed] must be an integer but was [x]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(3, EUCLIDEAN, "nndescent", Map.of("m", "16")));
        assertEquals("unknown parameter [m] for index method [nndescent], expected one of " + NNDescentMethod.PARAMETERS, e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.create(3, EUCLIDEAN, "exact", Map.of("seed", "42")));
        assertEquals("index method [exact] takes no parameters but got [seed]", e.getMessage());
        expectThrows(
            IllegalArgumentException.class,
            () -> VicinityFieldType.create(3, EUCLIDEAN, "exact", Map.of("x".repeat(FieldMeta.MAX_PARAM_BYTES + 1), "1"))
        );
    }

    public void testPlainFieldsAreNotVicinityFields() {
        assertFalse(VicinityFieldType.isVicinityField(fieldInfo(Map.of(), VectorEncoding.FLOAT32)));
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> VicinityFieldType.configOf(fieldInfo(Map.of(), VectorEncoding.FLOAT32))
        );
        assertEquals("field [f] is not a vicinity vector field", e.getMessage());
    }

    public void testConfigOfRejectsBadAttributes() {
        Map<String, String> attributes = new HashMap<>(Map.of("vicinity.method", "exact", "vicinity.metric", "chebyshev-ish"));
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> VicinityFieldType.configOf(fieldInfo(attributes, VectorEncoding.FLOAT32))
        );
        assertTrue(e.getMessage(), e.getMessage().startsWith("vicinity field [f]: unknown metric [chebyshev-ish]"));
        attributes.put("vicinity.metric", "euclidean");
        attributes.put("vicinity.method.seed", "1");
        expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.configOf(fieldInfo(attributes, VectorEncoding.FLOAT32)));
        attributes.remove("vicinity.method.seed");
        e = expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.configOf(fieldInfo(attributes, VectorEncoding.BYTE)));
        assertEquals("vicinity field [f] must use encoding [FLOAT32] but uses [BYTE]", e.getMessage());
        attributes.put("vicinity.metric.param", "not-a-number");
        expectThrows(IllegalArgumentException.class, () -> VicinityFieldType.configOf(fieldInfo(attributes, VectorEncoding.FLOAT32)));
    }

    private static FieldInfo fieldInfo(Map<String, String> attributes, VectorEncoding encoding) {
        return new FieldInfo(
            "f",
            0,
            false,
            false,
            false,
            IndexOptions.NONE,
            DocValuesType.NONE,
            DocValuesSkipIndexType.NONE,
            -1,
            new HashMap<>(attributes),
            0,
            0,
            0,
            3,
            encoding,
            VectorSimilarityFunction.EUCLIDEAN,
            false,
            false
        );
    }
}
