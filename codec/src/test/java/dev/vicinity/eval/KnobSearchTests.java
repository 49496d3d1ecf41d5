package dev.vicinity.eval;

import org.apache.lucene.tests.util.LuceneTestCase;

import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/** The bracketing and bisection of {@link KnobSearch} on recall curves whose answer is known. */
public class KnobSearchTests extends LuceneTestCase {

    /** Runs the search against {@code recall} and returns it. */
    private static KnobSearch run(KnobSearch search, DoubleUnaryOperator recall) {
        for (OptionalDouble level = search.next(); level.isPresent(); level = search.next()) {
            search.record(level.getAsDouble(), recall.applyAsDouble(level.getAsDouble()));
        }
        return search;
    }

    public void testIntegerKnobFindsTheLowestReachingLevelWithinFivePercent() {
        // recall 1 - exp(-level / 50) reaches 0.9 at level 50 ln 10 = 115.13: the lowest integer is 116
        DoubleUnaryOperator recall = level -> 1 - Math.exp(-level / 50);
        for (double start : new double[] { 1, 10, 1000, 50_000 }) {
            KnobSearch search = run(new KnobSearch(1, start, 1 << 16, true, 0.9, 30), recall);
            assertTrue(search.reached());
            double chosen = search.chosen();
            assertTrue("start " + start + ": chosen " + chosen, chosen >= 116 && chosen <= 116 * 1.06);
            assertEquals(Math.rint(chosen), chosen, 0);
            assertTrue("start " + start + ": " + search.measured().size() + " steps", search.measured().size() <= 20);
        }
    }

    public void testRealKnobFromZero() {
        // recall 0.8 + level / 2 reaches 0.95 at 0.3; a target met at 0 chooses 0
        KnobSearch search = run(new KnobSearch(0, 0.1, 4, false, 0.95, 30), level -> Math.min(1, 0.8 + level / 2));
        assertTrue(search.reached());
        assertEquals(0.3, search.chosen(), 0.3 * 0.05 + 1e-9);
        assertTrue(search.chosen() >= 0.3 - 1e-9);
        KnobSearch easy = run(new KnobSearch(0, 0.1, 4, false, 0.5, 30), level -> 0.8 + level / 10);
        assertEquals(0, easy.chosen(), 0);
        assertTrue(easy.measured().containsKey(0.0));
    }

    public void testUnreachableTargetChoosesTheBestMeasured() {
        KnobSearch search = run(new KnobSearch(1, 64, 1024, true, 0.99, 30), level -> 0.9 - 10 / (level + 10));
        assertFalse(search.reached());
        assertEquals(1024, search.chosen(), 0);
        assertTrue(search.measured().containsKey(1024.0));
        // a flat curve: the cheapest of the equals
        KnobSearch flat = run(new KnobSearch(1, 64, 1024, true, 0.99, 30), level -> 0.5);
        assertEquals(64, flat.chosen(), 0);
    }

    public void testStepLimitAndNoise() {
        KnobSearch limited = run(new KnobSearch(1, 1, 1 << 20, true, 0.999, 4), level -> 1 - 1 / (level + 1));
        assertEquals(4, limited.measured().size());
        // a curve that dips (sampling noise) still ends, and what it chose did reach the target when measured
        KnobSearch noisy = run(new KnobSearch(1, 100, 1 << 16, true, 0.9, 30),
            level -> (level > 300 && level < 400) ? 0.85 : 1 - Math.exp(-level / 100));
        assertTrue(noisy.reached());
        assertTrue(noisy.measured().get(noisy.chosen()) >= 0.9);
    }

    public void testBadArguments() {
        expectThrows(IllegalArgumentException.class, () -> new KnobSearch(2, 1, 3, true, 0.9, 5));
        expectThrows(IllegalArgumentException.class, () -> new KnobSearch(1, 2, 3, true, 0.9, 0));
    }
}
