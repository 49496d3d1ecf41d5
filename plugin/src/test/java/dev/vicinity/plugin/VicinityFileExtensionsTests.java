package dev.vicinity.plugin;

import dev.vicinity.codec.VicinityCodec;
import dev.vicinity.codec.VicinityFieldType;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.elasticsearch.index.store.LuceneFilesExtensions;
import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every file the Vicinity codec writes has an extension Elasticsearch knows, and the large, randomly read ones (raw
 * vectors, graphs) are among those its {@code hybridfs} store memory-maps: otherwise Elasticsearch would read them
 * through NIO, one system call per access, on every search (see docs/file-formats.md).
 */
public class VicinityFileExtensionsTests extends ESTestCase {

    public void testVicinityFilesAreKnownAndTheLargeOnesMemoryMapped() throws IOException {
        int dims = 8;
        FieldType exact = VicinityFieldType.create(dims, Metrics.byName("euclidean", Float.NaN), "exact", Map.of());
        FieldType graph = VicinityFieldType.create(dims, Metrics.byName("euclidean", Float.NaN), "nndescent", Map.of("n_neighbors", "8"));
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec()).setUseCompoundFile(false);
        try (Directory dir = newFSDirectory(createTempDir()); IndexWriter writer = new IndexWriter(dir, config)) {
            for (int i = 0; i < 1_500; i++) { // above the size from which nndescent segments get a graph
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("exact", randomVector(dims), exact));
                doc.add(new KnnFloatVectorField("graph", randomVector(dims), graph));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            List<String> vicinityFiles = Arrays.stream(dir.listAll()).filter(f -> f.contains("VicinityVectors")).toList();
            assertTrue("expected the graph file among " + vicinityFiles, vicinityFiles.stream().anyMatch(f -> f.endsWith(".vex")));
            for (String file : vicinityFiles) {
                LuceneFilesExtensions extension = LuceneFilesExtensions.fromExtension(IndexFileNames.getExtension(file));
                assertNotNull("Elasticsearch does not know the extension of [" + file + "]", extension);
                boolean large = file.endsWith(".vec") || file.endsWith(".vex");
                assertEquals("[" + file + "] memory-mapped by hybridfs", large, extension.shouldMmap());
            }
        }
    }

    private static float[] randomVector(int dims) {
        float[] vector = new float[dims];
        for (int i = 0; i < dims; i++) {
            vector[i] = randomFloat();
        }
        return vector;
    }
}
