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

    /**
     * Measured (ForestBench, leaves of 32): 16 trees reach recall@10 0.91 at {@code search_k} 500 on MNIST and 0.88 at
     * 5,000 on GloVe; 24 trees gain one to two points at equal {@code search_k} for half again the build time and
     * memory. 16 trees take 3,395 bytes per MNIST vector with the vectors (Annoy's 50 trees: 3,740) and 434 per GloVe
     * vector (Annoy's 100 trees: 1,531).
     */
    public static final int DEFAULT_N_TREES = 16;
    /** Measured: leaves of 32 beat 64 and 128 on MNIST at equal cost, and Annoy's own leaves (dims + 2) on both sets. */
    public static final int DEFAULT_LEAF_SIZE = 32;
    public static final long DEFAULT_SEED = 42;
    /**
     * Annoy's behaviour: every candidate found gets an exact distance. MRPT's voting ({@code votes} 2 or more) did not
     * pay with these trees: at equal recall it was as fast or slower on MNIST (0.992 at 2,023 queries/s with votes 2
     * against 0.989 at 2,532 with votes 1) and slower on GloVe (0.955 at 650 against 0.958 at 837).
     */
    public static final int DEFAULT_VOTES = 1;
    /** {@code search_k} per hit and tree by default; see {@link #defaultSearchK}. */
    public static final int DEFAULT_SLOTS_PER_HIT_AND_TREE = 16;

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

    /**
     * The default {@code search_k} for {@code k} hits: {@code 16 · k · n_trees} candidate slots (2,560 for k = 10 and
     * 16 trees: recall@10 0.99 on MNIST, 0.76 on GloVe, whose rare-word queries need about 5,000 for 0.9). Annoy's
     * default, {@code k · n_trees}, reads a fraction of a leaf per tree with leaves this small.
     */
    public static int defaultSearchK(int k, int treeCount) {
        return (int) Math.max(1, Math.min(MAX_SEARCH_K, (long) DEFAULT_SLOTS_PER_HIT_AND_TREE * k * treeCount));
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
