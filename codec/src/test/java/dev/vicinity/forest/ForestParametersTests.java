package dev.vicinity.forest;

import org.apache.lucene.tests.util.LuceneTestCase;

public class ForestParametersTests extends LuceneTestCase {

    public void testRangesAreCheckedWithNameAndValue() {
        assertMessage("[leaf_size] must be between [2] and [4096] but was [0]", () -> new ForestParameters(10, 0, -1, 1));
        assertMessage("[leaf_size] must be between [2] and [4096] but was [4097]", () -> new ForestParameters(10, 4097, -1, 1));
        assertMessage("[n_trees] must be between [1] and [1024], or [-1] for automatic, but was [0]", () -> new ForestParameters(0, 32, -1, 1));
        assertMessage("[n_trees] must be between [1] and [1024], or [-1] for automatic, but was [-2]", () -> new ForestParameters(-2, 32, -1, 1));
        assertMessage("[n_trees] must be between [1] and [1024], or [-1] for automatic, but was [1025]", () -> new ForestParameters(1025, 32, -1, 1));
        assertMessage("[split_dims] must be between [0] and [4096], or [-1] for automatic, but was [-2]", () -> new ForestParameters(10, 32, -2, 1));
        assertMessage("[search_k] must be between [1] and [67108864] but was [0]", () -> ForestParameters.checkSearchK(0));
        assertMessage("[votes] must be between [1] and [1024] but was [0]", () -> ForestParameters.checkVotes(0));
        new ForestParameters(ForestParameters.AUTO_TREES, 2, 0, 1); // the extremes are accepted
        new ForestParameters(ForestParameters.MAX_TREES, ForestParameters.MAX_LEAF_SIZE, ForestParameters.MAX_SPLIT_DIMS, 1);
    }

    public void testDefaultsAndSplitDims() {
        ForestParameters defaults = ForestParameters.defaults(7);
        assertEquals(ForestParameters.DEFAULT_N_TREES, defaults.nTrees());
        assertEquals(ForestParameters.DEFAULT_LEAF_SIZE, defaults.leafSize());
        assertEquals(7, defaults.seed());
        assertEquals("short vectors keep dense normals", 50, defaults.resolveSplitDims(50));
        assertEquals(128, defaults.resolveSplitDims(128));
        assertEquals("long vectors get sparse ones", ForestParameters.DEFAULT_SPARSE_DIMS, defaults.resolveSplitDims(784));
        assertEquals("0 is dense", 784, defaults.withSplitDims(0).resolveSplitDims(784));
        assertEquals(16, defaults.withSplitDims(16).resolveSplitDims(784));
        assertEquals("never more than the vectors have", 8, defaults.withSplitDims(16).resolveSplitDims(8));
        assertEquals(3200, ForestParameters.defaultSearchK(10, 20));
        assertEquals(ForestParameters.MAX_SEARCH_K, ForestParameters.defaultSearchK(Integer.MAX_VALUE, 1024));
    }

    private static void assertMessage(String message, Runnable check) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, check::run);
        assertEquals(message, e.getMessage());
    }
}
