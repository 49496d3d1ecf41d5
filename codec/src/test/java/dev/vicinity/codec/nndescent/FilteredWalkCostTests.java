package dev.vicinity.codec.nndescent;

import org.apache.lucene.tests.util.LuceneTestCase;

public class FilteredWalkCostTests extends LuceneTestCase {

    public void testBoundsApplyBeforeAnyWalk() {
        FilteredWalkCost cost = new FilteredWalkCost(784);
        assertTrue(Float.isNaN(cost.meanVisits()));
        int n = 100_000;
        assertTrue("fewer than 10k accepted are scanned", cost.exactCheaper(99, n, 10));
        assertTrue("less than a 50th is scanned", cost.exactCheaper(n / FilteredWalkCost.MIN_FRACTION - 1, n, 10));
        assertFalse("without an estimate the walk is tried", cost.exactCheaper(n / FilteredWalkCost.MIN_FRACTION, n, 10));
    }

    public void testMeasuredWalksDecide() {
        FilteredWalkCost cost = new FilteredWalkCost(784);
        int n = 100_000;
        cost.walked(1000);
        assertEquals(1000f, cost.meanVisits(), 0f);
        long breakEven = (long) (cost.walkToScanCost() * 1000);
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

    public void testAWalkDistanceWeighsMoreOnFewerDimensions() {
        assertEquals(8.4f, new FilteredWalkCost(784).walkToScanCost(), 0.05f);
        assertEquals(36f, new FilteredWalkCost(50).walkToScanCost(), 0.05f);
        assertTrue(new FilteredWalkCost(4096).walkToScanCost() > 4f);
    }

    public void testAnOutlierWalkCountsAtMostFourMeans() {
        FilteredWalkCost cost = new FilteredWalkCost(784);
        cost.walked(100);
        cost.walked(50_000);
        assertEquals(100 + (400 - 100) / 8f, cost.meanVisits(), 1e-3f);
    }

    public void testAScanningEstimateIsMeasuredAgain() {
        FilteredWalkCost cost = new FilteredWalkCost(784);
        cost.walked(1000);
        int walks = 0;
        int searches = 10 * FilteredWalkCost.REMEASURE_EVERY;
        for (int i = 0; i < searches; i++) {
            walks += cost.exactCheaper(5000, 100_000, 10) ? 0 : 1;
        }
        assertEquals("one search in " + FilteredWalkCost.REMEASURE_EVERY + " walks", 10, walks);
        assertTrue("the bounds are never re-measured", cost.exactCheaper(1000, 100_000, 10));
    }
}
