package dev.vicinity.eval;

import org.apache.lucene.tests.util.LuceneTestCase;

/** Pins how {@link EvaluationAccumulator} averages over queries and computes the relative time. */
public class EvaluationAccumulatorTests extends LuceneTestCase {

    public void testAveragesOverQueries() {
        Neighbors exact = new Neighbors(new int[] {1, 2}, new float[] {1f, 2f});
        EvaluationAccumulator acc = new EvaluationAccumulator(2);
        // query 1: perfect, 1 ms approximate vs 4 ms exact
        acc.add(exact, exact, 1_000_000, 4_000_000);
        // query 2: one of two right, the wrong hit at 2R -> ratio (0 + 1) / 2
        acc.add(new Neighbors(new int[] {1, 9}, new float[] {1f, 4f}), exact, 3_000_000, 4_000_000);
        // query 3: nothing returned -> recall 0, precision 0, ratio undefined (not averaged)
        acc.add(Neighbors.empty(), exact, 2_000_000, 4_000_000);
        EvaluationAccumulator.Summary s = acc.summary();
        assertEquals(3, s.queries());
        assertEquals(2, s.k());
        assertEquals((1 + 0.5 + 0) / 3, s.recall(), 1e-12);
        assertEquals((1 + 0.5 + 0) / 3, s.precision(), 1e-12);
        assertEquals((0 + 0.5) / 2, s.distanceRatio(), 1e-12);
        assertEquals(2, s.ratioQueries());
        assertEquals(4.0 / 3, s.meanResultSize(), 1e-12);
        assertEquals(2.0, s.approximateMillis(), 1e-12);
        assertEquals(4.0, s.exactMillis(), 1e-12);
        assertEquals(0.5, s.relativeTime(), 1e-12);
    }

    public void testEmptyAndUntimed() {
        EvaluationAccumulator acc = new EvaluationAccumulator(10);
        assertTrue(Double.isNaN(acc.summary().recall()));
        acc.add(Neighbors.empty(), Neighbors.empty(), 0, 0);
        assertEquals(1.0, acc.summary().recall(), 0);
        assertEquals(0.0, acc.summary().precision(), 0);
        assertTrue(Double.isNaN(acc.summary().distanceRatio()));
        assertTrue(Double.isNaN(acc.summary().relativeTime()));
        expectThrows(IllegalArgumentException.class, () -> new EvaluationAccumulator(0));
        expectThrows(IllegalArgumentException.class, () -> acc.add(Neighbors.empty(), Neighbors.empty(), -1, 0));
    }
}
