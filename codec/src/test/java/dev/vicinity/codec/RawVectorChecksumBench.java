package dev.vicinity.codec;

import dev.vicinity.metric.Metrics;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A manual benchmark, never run by the build and never asserting a time: what the raw vectors' checksum, verified
 * before a segment's first search, costs next to the work around it, all in the same run over one segment of the
 * {@code exact} method. Prints CSV rows: per round, opening the segment, its first search (the verification plus an
 * exact scan), a second search (the scan alone), the checksum alone and a plain sequential read of the {@code .vec}
 * file, each in seconds and per GB of {@code .vec}.
 *
 * <p>Usage: {@code RawVectorChecksumBench <directory> [vectors=1000000] [dims=256] [rounds=3]}; the index is written
 * under the directory once and reused when it is there.
 */
public final class RawVectorChecksumBench {

    private static final String FIELD = "v";

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "/tmp/raw-vector-checksum-bench");
        Map<String, String> options = Params.of(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        int vectors = Integer.parseInt(options.getOrDefault("vectors", "1000000"));
        int dims = Integer.parseInt(options.getOrDefault("dims", "256"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        try (Directory dir = FSDirectory.open(path)) {
            if (DirectoryReader.indexExists(dir) == false) {
                write(dir, vectors, dims);
            }
            String vec = Arrays.stream(dir.listAll()).filter(f -> f.endsWith(".vec")).findFirst().orElseThrow();
            double gb = dir.fileLength(vec) / 1e9;
            System.out.printf(Locale.ROOT, "# %s: %.3f GB, %d x %d%n", vec, gb, vectors, dims);
            System.out.println("round,step,seconds,seconds_per_gb");
            float[] query = new float[dims];
            for (int i = 0; i < dims; i++) {
                query[i] = (float) Math.sin(i);
            }
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                try (DirectoryReader reader = DirectoryReader.open(dir)) {
                    row(round, "open", start, gb);
                    LeafReader leaf = reader.leaves().getFirst().reader();
                    start = System.nanoTime();
                    search(leaf, query);
                    row(round, "first_search", start, gb);
                    start = System.nanoTime();
                    search(leaf, query);
                    row(round, "second_search", start, gb);
                }
                start = System.nanoTime();
                try (IndexInput in = dir.openInput(vec, IOContext.READONCE)) {
                    CodecUtil.checksumEntireFile(in);
                }
                row(round, "checksum", start, gb);
                start = System.nanoTime();
                readAll(dir, vec);
                row(round, "sequential_read", start, gb);
            }
        }
    }

    private static void search(LeafReader leaf, float[] query) throws IOException {
        leaf.searchNearestVectors(FIELD, query, 10, AcceptDocs.fromLiveDocs(leaf.getLiveDocs(), leaf.maxDoc()), Integer.MAX_VALUE);
    }

    private static long readAll(Directory dir, String file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long sum = 0;
        try (IndexInput in = dir.openInput(file, IOContext.READONCE)) {
            for (long left = in.length(); left > 0; ) {
                int n = (int) Math.min(buffer.length, left);
                in.readBytes(buffer, 0, n);
                sum += buffer[n - 1];
                left -= n;
            }
        }
        return sum;
    }

    private static void row(int round, String step, long startNanos, double gb) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "%d,%s,%.4f,%.4f%n", round, step, seconds, seconds / gb);
    }

    /** One segment: a RAM buffer large enough to flush once, no merges. */
    private static void write(Directory dir, int vectors, int dims) throws IOException {
        FieldType type = VicinityFieldType.create(dims, Metrics.byName("euclidean", Float.NaN), "exact", Map.of());
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec())
            .setUseCompoundFile(false)
            .setRAMBufferSizeMB(IndexWriterConfig.DEFAULT_RAM_PER_THREAD_HARD_LIMIT_MB)
            .setMergePolicy(NoMergePolicy.INSTANCE);
        Random random = new Random(42);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (int i = 0; i < vectors; i++) {
                float[] v = new float[dims];
                for (int d = 0; d < dims; d++) {
                    v[d] = random.nextFloat();
                }
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, v, type));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
        }
    }

    /** {@code key=value} arguments. */
    private static final class Params {
        static Map<String, String> of(String[] args) {
            return Arrays.stream(args).map(a -> a.split("=", 2)).collect(Collectors.toMap(a -> a[0], a -> a[1]));
        }
    }
}
