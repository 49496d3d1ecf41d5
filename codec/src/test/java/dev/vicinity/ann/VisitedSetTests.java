package dev.vicinity.ann;

import org.apache.lucene.tests.util.LuceneTestCase;

import java.util.HashSet;
import java.util.Set;

public class VisitedSetTests extends LuceneTestCase {

    /** Against a HashSet: random values, consecutive runs, power-of-two strides (which defeat low-bit hashing), growth. */
    public void testBehavesAsASet() {
        VisitedSet set = new VisitedSet(random().nextInt(1000));
        for (int round = 0; round < 5; round++) {
            Set<Integer> expected = new HashSet<>();
            int n = random().nextInt(20_000);
            for (int i = 0; i < n; i++) {
                int value = switch (random().nextInt(3)) {
                    case 0 -> random().nextInt(Integer.MAX_VALUE);
                    case 1 -> i;
                    default -> (i % 500) << 12;
                };
                assertEquals("add " + value, expected.add(value), set.add(value));
            }
            assertEquals(expected.size(), set.size());
            for (int i = 0; i < 2000; i++) {
                int probe = random().nextBoolean() ? random().nextInt(Integer.MAX_VALUE) : random().nextInt(25_000);
                assertEquals("contains " + probe, expected.contains(probe), set.contains(probe));
            }
            set.clear();
            assertEquals(0, set.size());
            for (int value : expected) {
                assertFalse(set.contains(value));
            }
        }
    }

    /**
     * Values spread over the whole table after every growth: runs of occupied slots stay short. (A growth that kept the
     * old table's slot range would pack every value into its first half, in runs thousands long.)
     */
    public void testValuesSpreadOverTheWholeTableAfterGrowing() {
        VisitedSet set = new VisitedSet();
        for (int i = 0; i < 200_000; i++) {
            set.add(random().nextBoolean() ? i : i << 7);
            if ((i & (i - 1)) == 0 && i > 1024) { // right after each growth
                assertTrue("longest run " + set.longestRun() + " after " + i + " values", set.longestRun() < 100);
            }
        }
        assertTrue("longest run " + set.longestRun(), set.longestRun() < 100);
    }

    /** A table grown by one big search shrinks back on the next clear, so a pooled searcher does not keep it. */
    public void testShrinksAfterAnUnusuallyLargeSearch() {
        VisitedSet set = new VisitedSet();
        long small = set.ramBytesUsed();
        for (int i = 0; i < 200_000; i++) {
            set.add(i);
        }
        long big = set.ramBytesUsed();
        assertTrue(big > 100 * small);
        set.clear(); // the search that grew it: kept for a search of the same size
        assertEquals(big, set.ramBytesUsed());
        set.add(1);
        set.clear(); // a small search after it: shrinks
        assertTrue("shrunk to " + set.ramBytesUsed(), set.ramBytesUsed() <= 4 * small);
        assertTrue(set.add(1));
        assertFalse(set.add(1));
    }
}
