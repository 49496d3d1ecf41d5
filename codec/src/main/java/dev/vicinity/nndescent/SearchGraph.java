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

    /**
     * The same graph with its points renumbered: point {@code p} of the result is point {@code order[p]} of this
     * graph, rows keep their neighbour order. The codec stores the graph in the order of the search tree's leaves,
     * where neighbours are mostly close together, so a walk reads nearby rows and vectors.
     *
     * @param order a permutation of {@code 0 .. size() - 1}
     */
    public SearchGraph renumbered(int[] order) {
        int n = size();
        if (order.length != n) {
            throw new IllegalArgumentException("the order has [" + order.length + "] points but the graph has [" + n + "]");
        }
        int[] newNumber = new int[n];
        java.util.Arrays.fill(newNumber, -1);
        for (int p = 0; p < n; p++) {
            if (newNumber[order[p]] != -1) {
                throw new IllegalArgumentException("the order lists point [" + order[p] + "] twice");
            }
            newNumber[order[p]] = p;
        }
        int[] newOffsets = new int[n + 1];
        int[] newNeighbours = new int[neighbours.length];
        for (int p = 0; p < n; p++) {
            int from = offsets[order[p]];
            int count = offsets[order[p] + 1] - from;
            for (int e = 0; e < count; e++) {
                newNeighbours[newOffsets[p] + e] = newNumber[neighbours[from + e]];
            }
            newOffsets[p + 1] = newOffsets[p] + count;
        }
        return new SearchGraph(newOffsets, newNeighbours, minDistance);
    }
}
