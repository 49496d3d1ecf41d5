package dev.vicinity.eval;

import org.apache.lucene.tests.util.LuceneTestCase;

/** Pins the metric definitions of {@link Evaluation} on hand-made answers. */
public class EvaluationTests extends LuceneTestCase {

    private static Neighbors n(int[] ids, float[] distances) {
        return new Neighbors(ids, distances);
    }

    /** Exact top 4 of some query: ids 1..4 at distances 1, 2, 3, 4. */
    private static final Neighbors EXACT = n(new int[] {1, 2, 3, 4}, new float[] {1f, 2f, 3f, 4f});

    public void testRecallIsTheShareOfTheExactTopKFound() {
        assertEquals(1.0, Evaluation.recall(EXACT, EXACT, 4), 0);
        assertEquals(0.5, Evaluation.recall(n(new int[] {1, 9, 3, 8}, new float[] {1f, 5f, 3f, 6f}), EXACT, 4), 0);
        // only the first k approximate hits count, whatever follows
        assertEquals(0.5, Evaluation.recall(n(new int[] {9, 1, 2, 3}, new float[] {5f, 1f, 2f, 3f}), EXACT, 2), 0);
        assertEquals(0.0, Evaluation.recall(Neighbors.empty(), EXACT, 4), 0);
        // order does not matter
        assertEquals(1.0, Evaluation.recall(n(new int[] {4, 3, 2, 1}, new float[] {4f, 3f, 2f, 1f}), EXACT, 4), 0);
    }

    public void testRecallCountsTiesAtTheKthDistanceAsCorrect() {
        // id 7 is not in the exact top 2 but lies at the 2nd exact distance (+ less than epsilon): a tie, correct.
        assertEquals(1.0, Evaluation.recall(n(new int[] {1, 7}, new float[] {1f, 2.0005f}), EXACT, 2), 0);
        // beyond epsilon it is wrong
        assertEquals(0.5, Evaluation.recall(n(new int[] {1, 7}, new float[] {1f, 2.01f}), EXACT, 2), 0);
        // custom epsilon
        assertEquals(1.0, Evaluation.recall(n(new int[] {1, 7}, new float[] {1f, 2.01f}), EXACT, 2, 0.1f), 0);
    }

    public void testDuplicateIdsCountOnce() {
        assertEquals(0.5, Evaluation.recall(n(new int[] {1, 1}, new float[] {1f, 1f}), EXACT, 2), 0);
        assertEquals(0.5, Evaluation.precision(n(new int[] {1, 1}, new float[] {1f, 1f}), EXACT, 2), 0);
    }

    public void testRecallWithFewerExactNeighboursThanK() {
        Neighbors two = n(new int[] {1, 2}, new float[] {1f, 2f});
        assertEquals(1.0, Evaluation.recall(two, two, 10), 0);
        assertEquals(0.5, Evaluation.recall(n(new int[] {1}, new float[] {1f}), two, 10), 0);
        assertEquals(1.0, Evaluation.recall(Neighbors.empty(), Neighbors.empty(), 10), 0);
    }

    public void testPrecisionIsTheShareOfReturnedHitsThatAreCorrect() {
        // NearPy engines may return more or fewer than k: 2 of 5 returned are in the exact top 2
        Neighbors five = n(new int[] {1, 2, 3, 4, 9}, new float[] {1f, 2f, 3f, 4f, 9f});
        assertEquals(0.4, Evaluation.precision(five, EXACT, 2), 1e-12);
        assertEquals(1.0, Evaluation.recall(five, EXACT, 2), 0);
        assertEquals(1.0, Evaluation.precision(n(new int[] {2}, new float[] {2f}), EXACT, 4), 0);
        assertEquals(0.25, Evaluation.recall(n(new int[] {2}, new float[] {2f}), EXACT, 4), 0);
    }

    public void testPrecisionOfAnEmptyAnswerIsZero() {
        assertEquals(0.0, Evaluation.precision(Neighbors.empty(), EXACT, 4), 0);
        assertEquals(0.0, Evaluation.precision(Neighbors.empty(), Neighbors.empty(), 4), 0);
    }

    public void testDistanceRatio() {
        // R = 4 (exact 4th neighbour). Hits inside the sphere score 0; a hit at 6 scores (6-4)/4 = 0.5, at 8: 1.0.
        assertEquals(0.0, Evaluation.distanceRatio(EXACT, EXACT, 4), 0);
        assertEquals(0.0, Evaluation.distanceRatio(n(new int[] {1, 2}, new float[] {1f, 3.5f}), EXACT, 4), 0);
        assertEquals((0 + 0.5 + 1.0) / 3, Evaluation.distanceRatio(n(new int[] {1, 8, 9}, new float[] {1f, 6f, 8f}), EXACT, 4), 1e-12);
        // k selects the radius: R = 2 for k = 2, so a hit at 3 scores 0.5
        assertEquals(0.5, Evaluation.distanceRatio(n(new int[] {3}, new float[] {3f}), EXACT, 2), 1e-12);
        // k beyond the exact answer uses its last distance
        assertEquals(0.25, Evaluation.distanceRatio(n(new int[] {9}, new float[] {5f}), EXACT, 10), 1e-12);
    }

    public void testDistanceRatioDividesByTheReturnedCountNotByK() {
        // NearPy's site formula would give 1.0 / 4 = 0.25 for one hit at 2R with k = 4; the returned count is 1.
        assertEquals(1.0, Evaluation.distanceRatio(n(new int[] {9}, new float[] {8f}), EXACT, 4), 1e-12);
    }

    public void testDistanceRatioIsUndefinedWithoutHitsOrRadius() {
        assertTrue(Double.isNaN(Evaluation.distanceRatio(Neighbors.empty(), EXACT, 4)));
        assertTrue(Double.isNaN(Evaluation.distanceRatio(EXACT, Neighbors.empty(), 4)));
        Neighbors duplicates = n(new int[] {1, 2}, new float[] {0f, 0f});
        assertTrue(Double.isNaN(Evaluation.distanceRatio(duplicates, duplicates, 2)));
        Neighbors negative = n(new int[] {1, 2}, new float[] {-5f, -3f});
        assertTrue(Double.isNaN(Evaluation.distanceRatio(negative, negative, 2)));
    }

    public void testBadArguments() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Evaluation.recall(EXACT, EXACT, 0));
        assertEquals("[k] must be at least [1] but was [0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new Neighbors(new int[] {1}, new float[0]));
        assertEquals("[ids] has [1] entries but [distances] has [0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new Neighbors(new int[] {1}, new float[] {Float.NaN}));
        assertEquals("[distances] entry [0] is [NaN]", e.getMessage());
    }
}
