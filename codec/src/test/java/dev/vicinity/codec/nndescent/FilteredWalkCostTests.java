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
        cost.walked(1000);
        assertEquals(1000f, cost.meanVisits(), 0f);
        long breakEven = (long) (cost.walkToScanCost(0.05) * 1000);
        // a filter accepting a 20th of the segment, at the break-even of its own fraction
        int n = (int) (20 * breakEven);
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

    public void testAWalkDistanceWeighsMoreOnFewerDimensionsAndSparserFilters() {
        FilteredWalkCost mnist = new FilteredWalkCost(784);
        assertEquals(7.97f, mnist.walkToScanCost(0.1), 0.01f);
        assertEquals(22.86f, mnist.walkToScanCost(0.02), 0.01f);
        FilteredWalkCost glove = new FilteredWalkCost(50);
        assertEquals(37.14f, glove.walkToScanCost(0.1), 0.01f);
        assertTrue(glove.walkToScanCost(0.1) > mnist.walkToScanCost(0.1));
        assertTrue(new FilteredWalkCost(4096).walkToScanCost(1) > 3f);
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
