package dev.vicinity.codec.forest;

import dev.vicinity.forest.ForestParameters;
import dev.vicinity.forest.SplitSpace;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.util.LuceneTestCase;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link OffHeapForest} checks every code it reads: a hand-written block of one tree (a root with two leaves) reads
 * back as written, and a root or child code outside the node and leaf counts fails as corruption naming the node.
 */
public class OffHeapForestTests extends LuceneTestCase {

    /** One tree over two points of two dims: root 0 with leaves ~0 and ~1, or {@code rightChild} in place of ~1. */
    private static IndexInput block(Directory dir, int root, int rightChild) throws IOException {
        try (IndexOutput out = dir.createOutput("block", IOContext.DEFAULT)) {
            out.writeInt(root);
            out.writeInt(~0);
            out.writeInt(rightChild);
            for (float f : new float[] {1f, 0f, 0f}) {
                out.writeInt(Float.floatToIntBits(f));
            }
            for (int bound : new int[] {0, 1, 2}) {
                out.writeInt(bound);
            }
            out.writeInt(0);
            out.writeInt(1);
        }
        return dir.openInput("block", IOContext.DEFAULT);
    }

    private static ForestFieldEntry entry() {
        return new ForestFieldEntry(new ForestParameters(1, 2, 0, 42), SplitSpace.EUCLIDEAN, 2, 2, 1, 1, 2, 1, false, 2);
    }

    public void testReadsWhatWasWritten() throws IOException {
        try (Directory dir = new ByteBuffersDirectory(); IndexInput in = block(dir, 0, ~1)) {
            assertEquals(entry().expectedLength(), in.length());
            OffHeapForest forest = new OffHeapForest(entry(), in);
            assertEquals(0, forest.root(0));
            assertEquals(~0, forest.child(0, 0));
            assertEquals(~1, forest.child(0, 1));
            assertEquals(1, forest.leafStart(1));
            assertEquals(2, forest.leafEnd(1));
            assertEquals(0.5f, forest.margin(0, new float[] {0.5f, 3f, 1f}), 0f);
        }
    }

    public void testBadCodesAreCorruption() throws IOException {
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexInput in = block(dir, 0, 5)) {
                OffHeapForest forest = new OffHeapForest(entry(), in);
                assertCorrupt(() -> forest.child(0, 1), "forest: node [0]'s child is code [5] of [1] nodes and [2] leaves");
            }
            dir.deleteFile("block");
            try (IndexInput in = block(dir, ~2, ~1)) {
                OffHeapForest forest = new OffHeapForest(entry(), in);
                assertCorrupt(() -> forest.root(0), "forest: tree [0]'s root is code [-3] of [1] nodes and [2] leaves");
            }
        }
    }

    private static void assertCorrupt(Runnable read, String message) {
        UncheckedIOException e = expectThrows(UncheckedIOException.class, read::run);
        CorruptIndexException cause = (CorruptIndexException) e.getCause();
        assertTrue(cause.getMessage(), cause.getMessage().startsWith(message));
    }
}
