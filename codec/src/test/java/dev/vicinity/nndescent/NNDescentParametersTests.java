package dev.vicinity.nndescent;

import org.apache.lucene.tests.util.LuceneTestCase;

public class NNDescentParametersTests extends LuceneTestCase {

    public void testDefaultsFollowPyNNDescent() {
        NNDescentParameters p = NNDescentParameters.defaults(60_000, 30, 42);
        assertEquals(30, p.nNeighbors());
        assertEquals(10, p.nTrees()); // round(2 * log10(60000)) = round(9.56)
        assertEquals(150, p.leafSize()); // max(60, min(256, 150))
        assertEquals(16, p.nIters()); // round(log2(60000)) = round(15.87)
        assertEquals(30, p.maxCandidates());
        assertEquals(0.001f, p.delta(), 0f);
        assertEquals(1f, p.diversifyProb(), 0f);
        assertEquals(1.5f, p.pruningDegreeMultiplier(), 0f);
        assertEquals(45, p.maxDegree());
        assertEquals(42, p.seed());

        NNDescentParameters small = NNDescentParameters.defaults(10, 5, 1);
        assertEquals(3, small.nTrees());
        assertEquals(60, small.leafSize());
        assertEquals(5, small.nIters());
        assertEquals(5, small.maxCandidates());
        assertEquals(12, NNDescentParameters.defaults(100_000_000, 100, 1).nTrees());
        assertEquals(256, NNDescentParameters.defaults(1000, 100, 1).leafSize());
        assertEquals(60, NNDescentParameters.defaults(1000, 100, 1).maxCandidates());
        assertEquals(3, NNDescentParameters.defaults(0, 2, 1).nTrees());
    }

    public void testValidationNamesParameterAndValue() {
        NNDescentParameters p = NNDescentParameters.defaults(1000, 30, 42);
        assertMessage("[n_neighbors] must be between [2] and [512] but was [1]", () -> NNDescentParameters.defaults(1000, 1, 42));
        assertMessage("[n_trees] must be between [1] and [64] but was [0]", () -> p.withNTrees(0));
        assertMessage("[leaf_size] must be between [2] and [4096] but was [5000]", () -> p.withLeafSize(5000));
        assertMessage("[n_iters] must be between [1] and [1000] but was [0]", () -> p.withNIters(0));
        assertMessage("[max_candidates] must be between [1] and [512] but was [-3]", () -> p.withMaxCandidates(-3));
        assertMessage("[delta] must be between [0.0] and [1.0] but was [NaN]", () -> p.withDelta(Float.NaN));
        assertMessage("[diversify_prob] must be between [0.0] and [1.0] but was [1.5]", () -> p.withDiversifyProb(1.5f));
        assertMessage("[pruning_degree_multiplier] must be between [0.1] and [16.0] but was [0.0]", () -> p.withPruningDegreeMultiplier(0f));
        assertMessage(
            "[pruning_degree_multiplier] times [n_neighbors] must round to at least [1] but was [0.1] * [2]",
            () -> NNDescentParameters.defaults(1000, 2, 42).withPruningDegreeMultiplier(0.1f)
        );
    }

    private static void assertMessage(String message, ThrowingRunnable runnable) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, runnable);
        assertEquals(message, e.getMessage());
    }
}
