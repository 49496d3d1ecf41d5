package dev.vicinity.codec.nndescent;

import org.apache.lucene.tests.util.LuceneTestCase;

public class FilteredWalkCostTests extends LuceneTestCase {

    public void testBoundsApplyBeforeAnyWalk() {
        FilteredWalkCost cost = new FilteredWalkCost();
        assertTrue(Float.isNaN(cost.meanVisits()));
        int n = 100_000;
        assertTrue("fewer than 10k accepted are scanned", cost.exactCheaper(99, n, 10));
        assertTrue("less than a 50th is scanned", cost.exactCheaper(n / FilteredWalkCost.MIN_FRACTION - 1, n, 10));
        assertFalse("without an estimate the walk is tried", cost.exactCheaper(n / FilteredWalkCost.MIN_FRACTION, n, 10));
    }

    public void testMeasuredWalksDecide() {
        FilteredWalkCost cost = new FilteredWalkCost();
        int n = 100_000;
        cost.walked(1000);
        assertEquals(1000f, cost.meanVisits(), 0f);
        long breakEven = (long) (FilteredWalkCost.WALK_TO_SCAN_COST * 1000);
        assertTrue(cost.exactCheaper(breakEven, n, 10));
        assertFalse(cost.exactCheaper(breakEven + 1, n, 10));
        for (int i = 0; i < 200; i++) {
            cost.walked(4000);
        }
        assertEquals("the mean follows recent walks", 4000f, cost.meanVisits(), 1f);
        assertTrue("walks grew costlier: the same filter is now scanned", cost.exactCheaper(breakEven + 1, n, 10));
        cost.walked(0);
        assertTrue("one cheap walk moves the mean by an eighth", cost.meanVisits() > 3000f);
    }
}
