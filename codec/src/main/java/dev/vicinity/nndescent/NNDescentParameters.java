package dev.vicinity.nndescent;

/**
 * Build parameters of an NN-descent index, with PyNNDescent's names and meanings. Every value, including the seed,
 * is persisted by the codec, so that flushes, merges and replicas build the same structure from the same data.
 *
 * @param nNeighbors              k of the k-NN graph (PyNNDescent's {@code n_neighbors}); each row includes the point itself
 * @param nTrees                  trees of the random-projection forest that initialises the graph ({@code n_trees})
 * @param leafSize                maximum points per RP-tree leaf (a leaf may be larger only at the depth cap)
 * @param nIters                  maximum NN-descent iterations ({@code n_iters})
 * @param maxCandidates           new/old candidates sampled per point and iteration ({@code max_candidates})
 * @param delta                   early stop: an iteration with at most {@code delta·k·n} updates is the last one
 * @param diversifyProb           probability of pruning an occluded edge when diversifying ({@code diversify_prob})
 * @param pruningDegreeMultiplier the search graph keeps at most {@code round(multiplier·nNeighbors)} edges per point
 * @param seed                    the seed of every random choice of the build
 */
public record NNDescentParameters(
    int nNeighbors,
    int nTrees,
    int leafSize,
    int nIters,
    int maxCandidates,
    float delta,
    float diversifyProb,
    float pruningDegreeMultiplier,
    long seed
) {

    public static final int DEFAULT_N_NEIGHBORS = 30;
    public static final float DEFAULT_DELTA = 0.001f;
    public static final float DEFAULT_DIVERSIFY_PROB = 1.0f;
    public static final float DEFAULT_PRUNING_DEGREE_MULTIPLIER = 1.5f;
    /** The default search-time backtracking, PyNNDescent's {@code epsilon}. */
    public static final float DEFAULT_EPSILON = 0.1f;

    public static final int MAX_N_NEIGHBORS = 512;
    public static final int MAX_N_TREES = 64;
    public static final int MAX_LEAF_SIZE = 4096;
    public static final int MAX_N_ITERS = 1000;
    public static final int MAX_CANDIDATES = 512;
    public static final float MAX_PRUNING_DEGREE_MULTIPLIER = 16f;

    public NNDescentParameters {
        checkRange("n_neighbors", nNeighbors, 2, MAX_N_NEIGHBORS);
        checkRange("n_trees", nTrees, 1, MAX_N_TREES);
        checkRange("leaf_size", leafSize, 2, MAX_LEAF_SIZE);
        checkRange("n_iters", nIters, 1, MAX_N_ITERS);
        checkRange("max_candidates", maxCandidates, 1, MAX_CANDIDATES);
        checkRange("delta", delta, 0f, 1f);
        checkRange("diversify_prob", diversifyProb, 0f, 1f);
        checkRange("pruning_degree_multiplier", pruningDegreeMultiplier, 0.1f, MAX_PRUNING_DEGREE_MULTIPLIER);
        if (Math.round(pruningDegreeMultiplier * nNeighbors) < 1) {
            throw new IllegalArgumentException("[pruning_degree_multiplier] times [n_neighbors] must round to at least [1] but was ["
                + pruningDegreeMultiplier + "] * [" + nNeighbors + "]");
        }
    }

    /**
     * PyNNDescent's (HEAD) defaults for {@code n} points: {@code n_trees = max(3, min(12, round(2·log10 n)))},
     * {@code n_iters = max(5, round(log2 n))}, {@code max_candidates = min(60, n_neighbors)},
     * {@code leaf_size = max(60, min(256, 5·n_neighbors))}, delta 0.001, diversify_prob 1, multiplier 1.5.
     */
    public static NNDescentParameters defaults(int n, int nNeighbors, long seed) {
        checkRange("n_neighbors", nNeighbors, 2, MAX_N_NEIGHBORS);
        return new NNDescentParameters(
            nNeighbors,
            defaultNTrees(n),
            defaultLeafSize(nNeighbors),
            defaultNIters(n),
            Math.min(60, nNeighbors),
            DEFAULT_DELTA,
            DEFAULT_DIVERSIFY_PROB,
            DEFAULT_PRUNING_DEGREE_MULTIPLIER,
            seed
        );
    }

    /** {@code max(3, min(12, round(2·log10 n)))}. */
    public static int defaultNTrees(int n) {
        return Math.max(3, Math.min(12, (int) Math.round(2 * Math.log10(Math.max(1, n)))));
    }

    /** {@code max(5, round(log2 n))}. */
    public static int defaultNIters(int n) {
        return Math.max(5, (int) Math.round(Math.log(Math.max(1, n)) / Math.log(2)));
    }

    /** {@code max(60, min(256, 5·n_neighbors))}. */
    public static int defaultLeafSize(int nNeighbors) {
        return Math.max(60, Math.min(256, 5 * nNeighbors));
    }

    /** The maximum out-degree of the search graph, {@code round(pruning_degree_multiplier·n_neighbors)}. */
    public int maxDegree() {
        return Math.round(pruningDegreeMultiplier * nNeighbors);
    }

    /**
     * The leaf size of the search tree, {@code min(leaf_size, max(10, n_neighbors))}: PyNNDescent 0.5's leaf size.
     * HEAD's larger forest leaves help the graph initialisation, but at query time every point of the query's leaf
     * costs a distance before the graph walk starts; on MNIST, leaves of 30 instead of 150 reach the same recall
     * with about a third fewer distances per query. Derived, not stored: the tree itself is persisted.
     */
    public int searchLeafSize() {
        return Math.min(leafSize, Math.max(10, nNeighbors));
    }

    public NNDescentParameters withNTrees(int value) {
        return new NNDescentParameters(nNeighbors, value, leafSize, nIters, maxCandidates, delta, diversifyProb, pruningDegreeMultiplier, seed);
    }

    public NNDescentParameters withLeafSize(int value) {
        return new NNDescentParameters(nNeighbors, nTrees, value, nIters, maxCandidates, delta, diversifyProb, pruningDegreeMultiplier, seed);
    }

    public NNDescentParameters withNIters(int value) {
        return new NNDescentParameters(nNeighbors, nTrees, leafSize, value, maxCandidates, delta, diversifyProb, pruningDegreeMultiplier, seed);
    }

    public NNDescentParameters withMaxCandidates(int value) {
        return new NNDescentParameters(nNeighbors, nTrees, leafSize, nIters, value, delta, diversifyProb, pruningDegreeMultiplier, seed);
    }

    public NNDescentParameters withDelta(float value) {
        return new NNDescentParameters(nNeighbors, nTrees, leafSize, nIters, maxCandidates, value, diversifyProb, pruningDegreeMultiplier, seed);
    }

    public NNDescentParameters withDiversifyProb(float value) {
        return new NNDescentParameters(nNeighbors, nTrees, leafSize, nIters, maxCandidates, delta, value, pruningDegreeMultiplier, seed);
    }

    public NNDescentParameters withPruningDegreeMultiplier(float value) {
        return new NNDescentParameters(nNeighbors, nTrees, leafSize, nIters, maxCandidates, delta, diversifyProb, value, seed);
    }

    static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("[" + name + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
    }

    static void checkRange(String name, float value, float min, float max) {
        if ((value >= min && value <= max) == false) { // also rejects NaN
            throw new IllegalArgumentException("[" + name + "] must be between [" + min + "] and [" + max + "] but was [" + value + "]");
        }
    }
}
