package dev.vicinity.nndescent;

import java.util.Arrays;

import org.apache.lucene.tests.util.LuceneTestCase;

public class NeighborHeapTests extends LuceneTestCase {

    public void testPushRejectsWorseAndDuplicates() {
        NeighborHeap heap = new NeighborHeap(2, 3);
        assertTrue(heap.push(0, 7, 5f, NeighborHeap.NEW));
        assertTrue(heap.push(0, 8, 3f, NeighborHeap.NEW));
        assertTrue(heap.push(0, 9, 4f, NeighborHeap.OLD));
        assertEquals(5f, heap.worst(0), 0f);
        assertFalse("not below the worst", heap.push(0, 10, 5f, NeighborHeap.NEW));
        assertFalse("not below the worst", heap.push(0, 10, 6f, NeighborHeap.NEW));
        assertFalse("duplicate id", heap.push(0, 8, 1f, NeighborHeap.NEW));
        assertTrue(heap.push(0, 11, 1f, NeighborHeap.NEW));
        assertEquals("the worst (7 at 5) was replaced", 4f, heap.worst(0), 0f);
        assertFalse(heap.contains(0, 7));
        assertTrue(heap.contains(0, 11));
        assertEquals("other rows untouched", Float.POSITIVE_INFINITY, heap.worst(1), 0f);
    }

    public void testDeheapSortOrdersEveryRowAndKeepsFlags() {
        int rows = atLeast(5);
        int k = 1 + random().nextInt(40);
        NeighborHeap heap = new NeighborHeap(rows, k);
        for (int row = 0; row < rows; row++) {
            int pushes = random().nextInt(3 * k);
            for (int i = 0; i < pushes; i++) {
                int id = random().nextInt(1000);
                // the flag is a function of the id, so we can check flags moved with their entries
                heap.push(row, id, random().nextFloat(), (byte) (id & 1));
            }
        }
        int[] idsBefore = heap.ids.clone();
        heap.deheapSort();
        for (int row = 0; row < rows; row++) {
            int base = row * k;
            int[] expected = Arrays.copyOfRange(idsBefore, base, base + k);
            int[] actual = Arrays.copyOfRange(heap.ids, base, base + k);
            Arrays.sort(expected);
            int[] sortedActual = actual.clone();
            Arrays.sort(sortedActual);
            assertArrayEquals("same entries", expected, sortedActual);
            for (int s = base; s < base + k; s++) {
                if (s > base) {
                    assertTrue("ascending", heap.dists[s - 1] <= heap.dists[s]);
                }
                if (heap.ids[s] < 0) {
                    assertEquals(Float.POSITIVE_INFINITY, heap.dists[s], 0f);
                } else {
                    assertEquals(heap.ids[s] & 1, heap.flags[s]);
                }
            }
        }
    }
}
