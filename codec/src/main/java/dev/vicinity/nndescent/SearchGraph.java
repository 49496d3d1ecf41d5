package dev.vicinity.nndescent;

/**
 * The graph queries walk, in CSR form: the neighbours of point {@code i} are
 * {@code neighbours[offsets[i] .. offsets[i + 1])}, nearest first. Undirected in spirit (diversified out-edges plus
 * diversified in-edges), without self loops, at most {@code round(pruning_degree_multiplier·n_neighbors)} per point.
 *
 * @param minDistance {@code min(0, smallest edge distance)} in the fast-distance scale: the {@code min_distance} of
 *                    PyNNDescent's HEAD query bound {@code worst + ε·(worst − min_distance)}. PyNNDescent's minimum
 *                    includes the self edges (0, stored as {@code FLOAT32_EPS}), so for non-negative metrics its
 *                    bound is the {@code (1 + ε)·worst} of 0.5.x; clamping at 0 reproduces that, while {@code dot}
 *                    (negative distances) still gets the shifted bound.
 */
public record SearchGraph(int[] offsets, int[] neighbours, float minDistance) implements GraphAccess {

    @Override
    public int size() {
        return offsets.length - 1;
    }

    @Override
    public int maxDegree() {
        int max = 0;
        for (int i = 0; i < size(); i++) {
            max = Math.max(max, degree(i));
        }
        return max;
    }

    @Override
    public int neighbours(int point, int[] into) {
        int from = offsets[point];
        int count = offsets[point + 1] - from;
        System.arraycopy(neighbours, from, into, 0, count);
        return count;
    }

    public int degree(int point) {
        return offsets[point + 1] - offsets[point];
    }
}
