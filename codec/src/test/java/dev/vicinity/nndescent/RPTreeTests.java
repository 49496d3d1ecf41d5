package dev.vicinity.nndescent;

import java.util.SplittableRandom;

import org.apache.lucene.tests.util.LuceneTestCase;

public class RPTreeTests extends LuceneTestCase {

    static float[][] randomVectors(int n, int dims) {
        float[][] v = new float[n][dims];
        for (float[] row : v) {
            for (int i = 0; i < dims; i++) {
                row[i] = (float) random().nextGaussian();
            }
        }
        return v;
    }

    private static FlatTree build(float[][] vectors, boolean angular, int leafSize, long seed) {
        return new RPTreeBuilder(VectorSource.of(vectors[0].length, vectors), angular, leafSize, new SplittableRandom(seed), BuildMonitor.NONE).build();
    }

    public void testEveryPointInExactlyOneLeafAndLeavesBounded() {
        int n = 200 + random().nextInt(2000);
        int leafSize = 2 + random().nextInt(100);
        float[][] vectors = randomVectors(n, 1 + random().nextInt(20));
        FlatTree tree = build(vectors, random().nextBoolean(), leafSize, random().nextLong());
        int[] seen = new int[n];
        int covered = 0;
        for (int node = 0; node < tree.nodeCount(); node++) {
            if (tree.isLeaf(node)) {
                assertNull(tree.normals()[node]);
                int size = tree.leafEnd(node) - tree.leafStart(node);
                assertTrue("leaf of " + size + " > " + leafSize, size <= leafSize);
                assertEquals("leaves cover indices in order", covered, tree.leafStart(node));
                for (int i = tree.leafStart(node); i < tree.leafEnd(node); i++) {
                    seen[tree.indices()[i]]++;
                }
                covered = tree.leafEnd(node);
            } else {
                assertTrue("children after parents", tree.children()[2 * node] > node && tree.children()[2 * node + 1] > node);
            }
        }
        for (int p = 0; p < n; p++) {
            assertEquals("point " + p, 1, seen[p]);
        }
        // descending with a point's own vector normally reaches its own leaf (coin flips aside)
        int[] leafOf = tree.leafOfPoints(n);
        int same = 0;
        SplittableRandom coin = new SplittableRandom(1);
        for (int p = 0; p < n; p++) {
            same += tree.leafFor(vectors[p], coin::nextInt) == leafOf[p] ? 1 : 0;
        }
        assertTrue(same + " of " + n, same >= n * 0.99);
    }

    public void testRefineKeepsTheSplitsAndShrinksTheLeaves() {
        float[][] vectors = randomVectors(1000 + random().nextInt(1000), 6);
        VectorSource source = VectorSource.of(6, vectors);
        FlatTree coarse = build(vectors, false, 100, random().nextLong());
        int leafSize = 5 + random().nextInt(30);
        FlatTree fine = new RPTreeBuilder(source, false, leafSize, new SplittableRandom(random().nextLong()), BuildMonitor.NONE).refine(coarse);
        int[] coarseLeaf = coarse.leafOfPoints(vectors.length);
        int[] fineLeaf = fine.leafOfPoints(vectors.length);
        assertSame("the root split is kept", coarse.normals()[0], fine.normals()[0]);
        for (int node = 0; node < fine.nodeCount(); node++) {
            if (fine.isLeaf(node)) {
                assertTrue(fine.leafEnd(node) - fine.leafStart(node) <= leafSize);
            }
        }
        for (int p = 0; p < vectors.length; p++) {
            for (int q = 0; q < vectors.length; q += 37) {
                if (fineLeaf[p] == fineLeaf[q]) {
                    assertEquals("fine leaves nest in coarse leaves", coarseLeaf[p], coarseLeaf[q]);
                }
            }
        }
    }

    public void testDuplicatesStopAtTheDepthCapOrSplitRandomly() {
        int n = 500;
        float[][] vectors = new float[n][];
        float[] same = { 1f, 2f, 3f };
        for (int i = 0; i < n; i++) {
            vectors[i] = same.clone();
        }
        FlatTree tree = build(vectors, random().nextBoolean(), 10, random().nextLong());
        int points = 0;
        for (int node = 0; node < tree.nodeCount(); node++) {
            if (tree.isLeaf(node)) {
                points += tree.leafEnd(node) - tree.leafStart(node);
            }
        }
        assertEquals(n, points);
    }

    public void testAngularSplitsIgnoreScale() {
        int n = 1000;
        float[][] vectors = randomVectors(n, 8);
        float[][] scaled = new float[n][];
        for (int i = 0; i < n; i++) {
            // powers of two scale exactly, so every normal and margin sign is bit-for-bit the same
            float factor = (float) Math.scalb(1.0, random().nextInt(9) - 4);
            scaled[i] = vectors[i].clone();
            for (int d = 0; d < 8; d++) {
                scaled[i][d] *= factor;
            }
        }
        long seed = random().nextLong();
        FlatTree a = build(vectors, true, 20, seed);
        FlatTree b = build(scaled, true, 20, seed);
        assertArrayEquals(a.indices(), b.indices());
        assertArrayEquals(a.children(), b.children());
    }
}
