package dev.vicinity.codec;

import dev.vicinity.VicinityTestData;
import dev.vicinity.metric.Metrics;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.store.BaseDirectoryWrapper;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Every file the Vicinity format writes ({@code .vem}, {@code .vex}, and the flat {@code .vec} and {@code .vemf})
 * rejects damage without any explicit integrity check: a flipped byte anywhere (header, body, footer) makes opening
 * the index or its first search throw a {@link CorruptIndexException} (or, for a damaged version number, Lucene's
 * format-version exceptions), never a wrong hit or another exception; every later search fails the same way, and
 * CheckIndex reports it. A {@code .vem} rewritten with a valid checksum but impossible content is rejected too.
 */
public class VicinityCorruptionTests extends LuceneTestCase {

    private static final String FIELD = "vic";
    private static final int DIMS = 8;
    private static final List<Class<? extends IOException>> CORRUPTION = List.of(
        CorruptIndexException.class,
        IndexFormatTooOldException.class,
        IndexFormatTooNewException.class
    );

    /** One segment, no compound file, with a Vicinity field some documents lack (so the flat data is sparse). */
    private static void writeIndex(Directory dir) throws IOException {
        FieldType type = VicinityFieldType.create(DIMS, Metrics.byName("euclidean", Float.NaN), "exact", Map.of());
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec())
            .setUseCompoundFile(false)
            .setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (int i = 0; i < 50; i++) {
                Document doc = new Document();
                doc.add(new StoredField("sid", i));
                if (i % 5 != 0) {
                    doc.add(new KnnFloatVectorField(FIELD, VicinityTestData.randomVector(random(), DIMS), type));
                }
                writer.addDocument(doc);
            }
        }
    }

    private static List<String> vicinityFiles(Directory dir) throws IOException {
        String infix = "_" + VicinityVectorsFormat.NAME + "_0.";
        List<String> files = Arrays.stream(dir.listAll()).filter(f -> f.contains(infix)).sorted().toList();
        assertEquals(files.toString(), 3, files.size());
        assertTrue(files.stream().anyMatch(f -> f.endsWith(".vem")));
        assertTrue(files.stream().anyMatch(f -> f.endsWith(".vec")));
        assertTrue(files.stream().anyMatch(f -> f.endsWith(".vemf")));
        return files;
    }

    public void testFlippedByteIsDetected() throws IOException {
        try (BaseDirectoryWrapper source = newFSDirectory(createTempDir("source"))) {
            writeIndex(source);
            for (String file : vicinityFiles(source)) {
                // A sample of the body (the whole body for small files).
                assertFlipsDetected(source, file, bodyLength -> bodyLength <= 64 || random().nextInt(8) == 0);
            }
        }
    }

    /** A segment of {@code method} large enough to get its structure: it also has the {@code .vex} data file. */
    private static void writeStructuredIndex(Directory dir, String method, Map<String, String> params) throws IOException {
        FieldType type = VicinityFieldType.create(DIMS, Metrics.byName("euclidean", Float.NaN), method, params);
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new VicinityCodec())
            .setUseCompoundFile(false)
            .setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (int i = 0; i < IndexMethod.DEFAULT_EXACT_BELOW + 20; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, VicinityTestData.randomVector(random(), DIMS), type));
                writer.addDocument(doc);
            }
        }
    }

    /** The graph, forest and bucket files: flipped bytes anywhere in them are caught too. */
    public void testFlippedByteInStructureFilesIsDetected() throws IOException {
        Map<String, Map<String, String>> methods = Map.of(
            "nndescent", Map.of("n_neighbors", "6"),
            "forest", Map.of("n_trees", "4"),
            "lsh", Map.of("hashes.0.type", "cross_polytope", "hashes.0.tables", "4")
        );
        for (Map.Entry<String, Map<String, String>> method : methods.entrySet()) {
            try (BaseDirectoryWrapper source = newFSDirectory(createTempDir(method.getKey()))) {
                writeStructuredIndex(source, method.getKey(), method.getValue());
                String infix = "_" + VicinityVectorsFormat.NAME + "_0.";
                List<String> files = Arrays.stream(source.listAll())
                    .filter(f -> f.contains(infix) && (f.endsWith(".vex") || f.endsWith(".vem")))
                    .sorted()
                    .toList();
                assertEquals(method.getKey() + ": " + files, 2, files.size());
                for (String file : files) {
                    // About 64 random body bytes.
                    assertFlipsDetected(source, file, bodyLength -> random().nextInt(Math.max(1, bodyLength / 64)) == 0);
                }
            }
        }
    }

    /**
     * Flips every header and footer byte of {@code file} in turn, and each body byte for which {@code sampleBody}
     * (given the body's length) says yes; each damaged copy must be detected.
     */
    private void assertFlipsDetected(Directory source, String file, IntPredicate sampleBody) throws IOException {
        byte[] bytes = readAll(source, file);
        int header;
        try (IndexInput in = source.openInput(file, IOContext.READONCE)) {
            header = CodecUtil.readIndexHeader(in).length;
        }
        int footerStart = bytes.length - CodecUtil.footerLength();
        for (int pos = 0; pos < bytes.length; pos++) {
            boolean body = pos >= header && pos < footerStart;
            if (body && sampleBody.test(footerStart - header) == false) {
                continue;
            }
            int position = pos;
            assertDetected(source, file, b -> b[position] ^= (byte) (1 + random().nextInt(255)), file + " byte " + pos);
        }
    }

    public void testCheckIndexReportsCorruption() throws IOException {
        try (BaseDirectoryWrapper source = newFSDirectory(createTempDir("source"))) {
            writeIndex(source);
            for (String file : vicinityFiles(source)) {
                int pos = random().nextInt((int) source.fileLength(file));
                try (BaseDirectoryWrapper copy = corruptCopy(source, file, b -> b[pos] ^= (byte) 0xFF)) {
                    ByteArrayOutputStream log = new ByteArrayOutputStream();
                    try (CheckIndex checker = new CheckIndex(copy)) {
                        checker.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS);
                        checker.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
                        assertFalse(file + " byte " + pos + " not reported", checker.checkIndex().clean);
                    }
                }
            }
        }
    }

    /**
     * Content that passes the checksum but cannot be right: each case rewrites one value of the single field entry
     * and a fresh footer. Layout after the header (see {@link VicinityVectorsFormat}): int32 field number, vint
     * method id, vint method version, vint metric id, int32 metric parameter, byte encoding, byte similarity, vint dims,
     * vint parameter count, byte structure flag, int32 -1.
     */
    public void testInconsistentMetaIsRejected() throws IOException {
        try (BaseDirectoryWrapper source = newFSDirectory(createTempDir("source"))) {
            writeIndex(source);
            String meta = vicinityFiles(source).stream().filter(f -> f.endsWith(".vem")).findFirst().orElseThrow();
            byte[] original = readAll(source, meta);
            int h;
            try (IndexInput in = source.openInput(meta, IOContext.READONCE)) {
                h = CodecUtil.readIndexHeader(in).length;
            }
            assertEquals("one field entry of 16 bytes, then -1", h + 20, original.length - CodecUtil.footerLength());
            assertEquals(1, original[h + 4]); // exact
            assertEquals(1, original[h + 5]); // its layout version
            assertEquals(1, original[h + 6]); // euclidean
            assertEquals(DIMS, original[h + 13]);
            assertEquals(0, original[h + 15]); // no structure

            Map<String, Consumer<byte[]>> cases = Map.ofEntries(
                Map.entry("unknown field number", b -> b[h] = 99),
                Map.entry("unknown method id", b -> b[h + 4] = 42),
                Map.entry("another method than the field info says", b -> b[h + 4] = 2),
                Map.entry("method layout version too new", b -> b[h + 5] = 9),
                Map.entry("method layout version too old", b -> b[h + 5] = 0),
                Map.entry("unknown metric id", b -> b[h + 6] = 99),
                Map.entry("unknown encoding id", b -> b[h + 11] = 9),
                Map.entry("encoding differs from the field info", b -> b[h + 11] = 2),
                Map.entry("similarity differs from the field info", b -> b[h + 12] = 3),
                Map.entry("dims differ from the field info", b -> b[h + 13] = DIMS + 1),
                Map.entry("absurd parameter count", b -> b[h + 14] = 100),
                Map.entry("invalid structure flag", b -> b[h + 15] = 7),
                Map.entry("a structure for a method that builds none", b -> b[h + 15] = 1)
            );
            for (Map.Entry<String, Consumer<byte[]>> c : cases.entrySet()) {
                byte[] bytes = original.clone();
                c.getValue().accept(bytes);
                try (BaseDirectoryWrapper copy = copyWith(source, meta, Arrays.copyOf(bytes, bytes.length - CodecUtil.footerLength()), true)) {
                    expectThrows(CorruptIndexException.class, () -> DirectoryReader.open(copy).close());
                }
            }
        }
    }

    /**
     * Opens the damaged copy and searches it as a user would (no {@code checkIntegrity()}): opening or the first
     * search must fail with a corruption naming the damaged file, and so must a second search.
     */
    private void assertDetected(Directory source, String file, Consumer<byte[]> damage, String what) throws IOException {
        try (BaseDirectoryWrapper copy = corruptCopy(source, file, damage)) {
            float[] query = VicinityTestData.randomVector(random(), DIMS);
            IOException first = expectThrowsAnyOf(CORRUPTION, () -> {
                try (DirectoryReader reader = DirectoryReader.open(copy)) {
                    search(reader, query);
                    fail(what + " went unnoticed");
                }
            });
            // the file is named by the exception, or by a cause or suppressed exception of it (Lucene wraps failures
            // to open a segment)
            String resource = file.substring(file.lastIndexOf('.'));
            StringWriter trace = new StringWriter();
            first.printStackTrace(new PrintWriter(trace));
            assertTrue(what + ": " + trace, trace.toString().contains(resource));
        }
    }

    private static void search(DirectoryReader reader, float[] query) throws IOException {
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            r.searchNearestVectors(FIELD, query, 5, AcceptDocs.fromLiveDocs(r.getLiveDocs(), r.maxDoc()), Integer.MAX_VALUE);
        }
    }

    /** Damage to the raw vectors, found by the first search, fails every later search on that reader too. */
    public void testDamagedVectorsFailEverySearch() throws IOException {
        try (BaseDirectoryWrapper source = newFSDirectory(createTempDir("source"))) {
            writeIndex(source);
            String vec = vicinityFiles(source).stream().filter(f -> f.endsWith(".vec")).findFirst().orElseThrow();
            int header;
            try (IndexInput in = source.openInput(vec, IOContext.READONCE)) {
                header = CodecUtil.readIndexHeader(in).length;
            }
            try (BaseDirectoryWrapper copy = corruptCopy(source, vec, b -> b[header + 3] ^= 0x40);
                 DirectoryReader reader = DirectoryReader.open(copy)) {
                float[] query = VicinityTestData.randomVector(random(), DIMS);
                for (int attempt = 0; attempt < 3; attempt++) {
                    CorruptIndexException e = expectThrows(CorruptIndexException.class, () -> search(reader, query));
                    assertTrue(e.getMessage(), e.getMessage().contains(".vec"));
                }
            }
        }
    }

    private BaseDirectoryWrapper corruptCopy(Directory source, String file, Consumer<byte[]> damage) throws IOException {
        byte[] bytes = readAll(source, file);
        damage.accept(bytes);
        return copyWith(source, file, bytes, false);
    }

    /**
     * Copies the index byte-wise into a new directory, replacing {@code file} by {@code bytes}; with
     * {@code addFooter} the bytes get a fresh, valid checksum footer.
     */
    private BaseDirectoryWrapper copyWith(Directory source, String file, byte[] bytes, boolean addFooter) throws IOException {
        // In-memory copies: hundreds of them are opened, and the bytes, not the directory, are under test.
        BaseDirectoryWrapper copy = newDirectory();
        copy.setCheckIndexOnClose(false);
        // The files of the commit only: the test framework may add unrelated files and directories to the source.
        for (String name : SegmentInfos.readLatestCommit(source).files(true)) {
            try (IndexOutput out = copy.createOutput(name, IOContext.DEFAULT)) {
                byte[] content = name.equals(file) ? bytes : readAll(source, name);
                out.writeBytes(content, content.length);
                if (addFooter && name.equals(file)) {
                    CodecUtil.writeFooter(out);
                }
            }
        }
        return copy;
    }

    private static byte[] readAll(Directory dir, String file) throws IOException {
        try (IndexInput in = dir.openInput(file, IOContext.READONCE)) {
            byte[] bytes = new byte[Math.toIntExact(in.length())];
            in.readBytes(bytes, 0, bytes.length);
            return bytes;
        }
    }
}
