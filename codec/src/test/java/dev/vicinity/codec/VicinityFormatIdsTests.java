package dev.vicinity.codec;

import dev.vicinity.codec.forest.ForestMethod;
import dev.vicinity.codec.lsh.LshMethod;

import dev.vicinity.codec.exact.ExactMethod;
import dev.vicinity.codec.nndescent.NNDescentMethod;

import dev.vicinity.metric.Metrics;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Names, ids and layouts that are written to disk and therefore permanent. A failure here means a change would make
 * existing indices unreadable or misread: add a new id or a new format version instead of editing these values.
 */
public class VicinityFormatIdsTests extends LuceneTestCase {

    public void testIndexMethodIds() {
        assertEquals(java.util.List.of("exact", "nndescent", "forest", "lsh"), IndexMethods.names());
        assertEquals(1, ExactMethod.INSTANCE.id());
        assertEquals(2, NNDescentMethod.INSTANCE.id());
        assertEquals(3, ForestMethod.INSTANCE.id());
        assertEquals(4, LshMethod.INSTANCE.id());
        assertEquals("exact", ExactMethod.INSTANCE.name());
        assertEquals("nndescent", NNDescentMethod.INSTANCE.name());
        assertEquals("ids are never shared", IndexMethods.all().size(), IndexMethods.all().stream().mapToInt(IndexMethod::id).distinct().count());
        for (IndexMethod method : IndexMethods.all()) {
            assertSame(method, IndexMethods.byId(method.id()));
            assertSame(method, IndexMethods.byName(method.name()));
            assertTrue(method.name(), method.minimumVersion() >= 1 && method.minimumVersion() <= method.version());
        }
        expectThrows(IllegalArgumentException.class, () -> IndexMethods.byId(0));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> IndexMethods.byId(5));
        assertEquals("unknown index method id [5]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> IndexMethods.byName("hnsw"));
        assertEquals("unknown index method [hnsw], expected one of [exact, nndescent, forest, lsh]", e.getMessage());
    }

    public void testDataFileAndGenericParameters() {
        assertEquals("VicinityIndexData", VicinityVectorsFormat.DATA_CODEC_NAME);
        assertEquals("vex", VicinityVectorsFormat.DATA_EXTENSION);
        assertEquals("VicinityVectorsFormatMeta", VicinityVectorsFormat.META_CODEC_NAME);
        assertEquals("vem", VicinityVectorsFormat.META_EXTENSION);
        assertEquals(2, VicinityVectorsFormat.VERSION_CURRENT);
        assertEquals(64, VicinityVectorsFormat.BLOCK_ALIGNMENT);
        assertEquals("exact_below", IndexMethod.EXACT_BELOW);
        assertEquals(1000, IndexMethod.DEFAULT_EXACT_BELOW);
    }

    public void testNNDescentNamesAndDefaults() {
        assertEquals(1, NNDescentMethod.INSTANCE.version());
        assertEquals(42L, NNDescentMethod.DEFAULT_SEED);
        assertEquals(
            java.util.List.of("n_neighbors", "n_trees", "leaf_size", "n_iters", "max_candidates", "delta", "diversify_prob",
                "pruning_degree_multiplier", "seed", "quantization"),
            NNDescentMethod.PARAMETERS
        );
        assertEquals(java.util.List.of("epsilon"), NNDescentMethod.INSTANCE.queryParameters());
    }

    public void testLuceneEnumIds() {
        assertEquals(1, LuceneVectorIds.encodingId(VectorEncoding.FLOAT32));
        assertEquals(2, LuceneVectorIds.encodingId(VectorEncoding.BYTE));
        assertEquals(1, LuceneVectorIds.similarityId(VectorSimilarityFunction.EUCLIDEAN));
        assertEquals(2, LuceneVectorIds.similarityId(VectorSimilarityFunction.DOT_PRODUCT));
        assertEquals(3, LuceneVectorIds.similarityId(VectorSimilarityFunction.COSINE));
        assertEquals(4, LuceneVectorIds.similarityId(VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
        for (VectorEncoding encoding : VectorEncoding.values()) {
            assertSame(encoding, LuceneVectorIds.encoding(LuceneVectorIds.encodingId(encoding)));
        }
        for (VectorSimilarityFunction similarity : VectorSimilarityFunction.values()) {
            assertSame(similarity, LuceneVectorIds.similarity(LuceneVectorIds.similarityId(similarity)));
        }
    }

    /** Metric id 0 means "Lucene's similarity of the field" in {@code .vem}; the registry must never hand it out. */
    public void testMetricIdZeroIsReserved() {
        assertEquals(0, FieldMeta.LUCENE_SIMILARITY_METRIC_ID);
        expectThrows(IllegalArgumentException.class, () -> Metrics.byId(0, Float.NaN));
        for (String name : Metrics.names()) {
            float parameter = "minkowski".equals(name) ? 3f : Float.NaN; // the one metric that requires its parameter
            assertNotEquals(name, 0, Metrics.byName(name, parameter).id());
        }
    }

    public void testNamesAndKeys() {
        assertEquals("VicinityVectors10", VicinityVectorsFormat.NAME);
        assertEquals("VicinityVectorsFormatMeta", VicinityVectorsFormat.META_CODEC_NAME);
        assertEquals("vem", VicinityVectorsFormat.META_EXTENSION);
        assertEquals(2, VicinityVectorsFormat.VERSION_CURRENT);
        assertEquals(2, VicinityVectorsFormat.VERSION_START);
        assertEquals("Vicinity104", VicinityCodec.NAME);
        assertEquals("vicinity.method", VicinityFieldType.METHOD_KEY);
        assertEquals("vicinity.metric", VicinityFieldType.METRIC_KEY);
        assertEquals("vicinity.metric.param", VicinityFieldType.METRIC_PARAM_KEY);
        assertEquals("vicinity.method.", VicinityFieldType.METHOD_PARAM_PREFIX);
        // The routing writes PerFieldKnnVectorsFormat's attributes so that Lucene's FieldsReader reads the segments.
        assertEquals("PerFieldKnnVectorsFormat.format", PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY);
        assertEquals("PerFieldKnnVectorsFormat.suffix", PerFieldKnnVectorsFormat.PER_FIELD_SUFFIX_KEY);
    }

    public void testSpiRegistration() {
        assertTrue(Codec.forName(VicinityCodec.NAME) instanceof VicinityCodec);
        assertTrue(KnnVectorsFormat.forName(VicinityVectorsFormat.NAME) instanceof VicinityVectorsFormat);
        assertTrue(new VicinityCodec().knnVectorsFormat() instanceof VicinityPerFieldVectorsFormat);
        // Never looked up by name: the routing writes PerFieldKnnVectorsFormat attributes and must not be nested.
        assertFalse(KnnVectorsFormat.availableKnnVectorsFormats().contains(VicinityPerFieldVectorsFormat.NAME));
    }

    /** The {@code .vem} bytes of a one-field segment, checked against the layout documented on the format. */
    public void testMetaLayout() throws IOException {
        try (Directory dir = newDirectory()) {
            IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec())
                .setUseCompoundFile(false)
                .setMergePolicy(NoMergePolicy.INSTANCE);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                Document doc = new Document();
                var type = VicinityFieldType.create(3, Metrics.byName("sqeuclidean", Float.NaN), "exact", Map.of());
                doc.add(new KnnFloatVectorField("v", new float[] { 1, 2, 3 }, type));
                writer.addDocument(doc);
            }
            int fieldNumber;
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                fieldNumber = reader.leaves().get(0).reader().getFieldInfos().fieldInfo("v").number;
            }
            String name = Arrays.stream(dir.listAll()).filter(f -> f.endsWith(".vem")).findFirst().orElseThrow();
            assertEquals("_0_VicinityVectors10_0.vem", name);
            byte[] body;
            try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
                int header = CodecUtil.readIndexHeader(in).length;
                body = new byte[Math.toIntExact(in.length() - header - CodecUtil.footerLength())];
                in.seek(header);
                in.readBytes(body, 0, body.length);
            }
            ByteArrayDataInput in = new ByteArrayDataInput(body);
            assertEquals(fieldNumber, in.readInt());
            assertEquals(1, in.readVInt()); // method: exact
            assertEquals(1, in.readVInt()); // its layout version
            assertEquals(2, in.readVInt()); // metric: sqeuclidean
            assertEquals(Float.floatToIntBits(Float.NaN), in.readInt()); // no metric parameter
            assertEquals(1, in.readByte()); // FLOAT32
            assertEquals(1, in.readByte()); // EUCLIDEAN, the placeholder similarity
            assertEquals(3, in.readVInt()); // dims
            assertEquals(0, in.readVInt()); // no method parameters
            assertEquals(0, in.readByte()); // no structure
            assertEquals(-1, in.readInt()); // end of fields
            assertTrue(in.eof());
        }
    }
}
