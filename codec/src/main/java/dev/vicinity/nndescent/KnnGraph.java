package dev.vicinity.nndescent;

/**
 * The approximate k-NN graph NN-descent produces (PyNNDescent's {@code neighbor_graph}): row {@code i} occupies
 * {@code ids[i·k .. i·k + k)} and {@code distances[i·k .. i·k + k)}, by increasing distance. Distances are in the
 * metric's {@code fastDistance} scale. As in PyNNDescent, a point is normally its own first neighbour (distance 0);
 * slots that could not be filled (fewer than k points) hold {@code -1} at {@code +∞}.
 *
 * <p>The codec may persist {@code ids} to seed the build of a merged segment ({@link NNDescentBuilder}'s initial
 * graph) instead of starting from scratch.
 */
public record KnnGraph(int size, int k, int[] ids, float[] distances) {

    /** The neighbours of {@code point} as a fresh array (tests and merges; the builders read the flat arrays). */
    public int[] neighbours(int point) {
        int[] row = new int[k];
        System.arraycopy(ids, point * k, row, 0, k);
        return row;
    }

    /**
     * How many slots hold no neighbour ({@code -1}): PyNNDescent warns "Failed to correctly find n_neighbors" in
     * that case (issue #99). Non-zero only when there are fewer than k points or a row was unlucky; the search graph
     * simply has fewer edges there, so the codec may log this rather than fail.
     */
    public long unfilledSlots() {
        long count = 0;
        for (int id : ids) {
            count += id < 0 ? 1 : 0;
        }
        return count;
    }
}
