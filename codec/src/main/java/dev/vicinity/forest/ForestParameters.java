package dev.vicinity.forest;

/**
 * Build parameters of a forest. Every value, the seed included, is persisted by the codec with the segment, so that
 * flushes, merges and replicas build the same forest from the same vectors.
 *
 * @param nTrees   the number of trees, or {@link #AUTO_TREES} ({@code -1}) for Annoy's automatic rule (see
 *                 {@link ForestBuilder}); the built {@link Forest} knows the resolved number
 * @param leafSize  the most points a leaf holds (a leaf is larger only at the depth cap, for thousands of duplicates)
 * @param splitDims the coordinates each hyperplane keeps (the largest of its two-means normal): {@link #AUTO_SPLIT_DIMS}
 *                  ({@code -1}) for {@link #resolveSplitDims}'s rule, {@code 0} for all of them (dense normals, as
 *                  Annoy), otherwise {@code 1} to {@link #MAX_SPLIT_DIMS} (all of them when the vectors have fewer)
 * @param seed      the seed of every random choice of the build
 */
public record ForestParameters(int nTrees, int leafSize, int splitDims, long seed) {

    public static final int AUTO_TREES = -1;
    public static final int MAX_TREES = 1024;
    public static final int MIN_LEAF_SIZE = 2;
    public static final int MAX_LEAF_SIZE = 4096;
    public static final int MAX_SEARCH_K = 1 << 26;
    public static final int AUTO_SPLIT_DIMS = -1;
    public static final int MAX_SPLIT_DIMS = 4096;
    /** Vectors of more dimensions than this get sparse hyperplanes by default. */
    public static final int DENSE_UP_TO_DIMS = 128;
    /** The coordinates a sparse hyperplane keeps by default. */
    public static final int DEFAULT_SPARSE_DIMS = 32;
    public static final int MAX_VOTES = MAX_TREES;

    public static final int DEFAULT_N_TREES = 32;
    public static final int DEFAULT_LEAF_SIZE = 32;
    public static final long DEFAULT_SEED = 42;
    /** Annoy's default: every candidate found gets an exact distance. */
    public static final int DEFAULT_VOTES = 1;

    public ForestParameters {
        if (nTrees != AUTO_TREES && (nTrees < 1 || nTrees > MAX_TREES)) {
            throw new IllegalArgumentException("[n_trees] must be between [1] and [" + MAX_TREES + "], or [" + AUTO_TREES + "] for automatic, but was [" + nTrees + "]");
        }
        if (leafSize < MIN_LEAF_SIZE || leafSize > MAX_LEAF_SIZE) {
            throw new IllegalArgumentException("[leaf_size] must be between [" + MIN_LEAF_SIZE + "] and [" + MAX_LEAF_SIZE + "] but was [" + leafSize + "]");
        }
        if (splitDims < AUTO_SPLIT_DIMS || splitDims > MAX_SPLIT_DIMS) {
            throw new IllegalArgumentException("[split_dims] must be between [0] and [" + MAX_SPLIT_DIMS + "], or [" + AUTO_SPLIT_DIMS
                + "] for automatic, but was [" + splitDims + "]");
        }
    }

    public static ForestParameters defaults(long seed) {
        return new ForestParameters(DEFAULT_N_TREES, DEFAULT_LEAF_SIZE, AUTO_SPLIT_DIMS, seed);
    }

    public ForestParameters withNTrees(int value) {
        return new ForestParameters(value, leafSize, splitDims, seed);
    }

    public ForestParameters withLeafSize(int value) {
        return new ForestParameters(nTrees, value, splitDims, seed);
    }

    public ForestParameters withSplitDims(int value) {
        return new ForestParameters(nTrees, leafSize, value, seed);
    }

    /**
     * The coordinates each hyperplane keeps for vectors of {@code dims} dimensions: all of them for {@code 0}, for
     * vectors of at most {@value #DENSE_UP_TO_DIMS} dimensions under the automatic rule, and when {@code splitDims}
     * is not below {@code dims}; otherwise {@code splitDims} ({@value #DEFAULT_SPARSE_DIMS} under the automatic rule).
     */
    public int resolveSplitDims(int dims) {
        if (splitDims == 0 || (splitDims == AUTO_SPLIT_DIMS && dims <= DENSE_UP_TO_DIMS)) {
            return dims;
        }
        return Math.min(dims, splitDims == AUTO_SPLIT_DIMS ? DEFAULT_SPARSE_DIMS : splitDims);
    }

    /** The default {@code search_k} for {@code k} hits: Annoy's {@code k · n_trees}. */
    public static int defaultSearchK(int k, int treeCount) {
        return (int) Math.min(MAX_SEARCH_K, (long) k * treeCount);
    }

    /** @throws IllegalArgumentException naming the value unless {@code 1 <= searchK <= MAX_SEARCH_K} */
    public static void checkSearchK(int searchK) {
        if (searchK < 1 || searchK > MAX_SEARCH_K) {
            throw new IllegalArgumentException("[search_k] must be between [1] and [" + MAX_SEARCH_K + "] but was [" + searchK + "]");
        }
    }

    /** @throws IllegalArgumentException naming the value unless {@code 1 <= votes <= MAX_VOTES} */
    public static void checkVotes(int votes) {
        if (votes < 1 || votes > MAX_VOTES) {
            throw new IllegalArgumentException("[votes] must be between [1] and [" + MAX_VOTES + "] but was [" + votes + "]");
        }
    }
}
