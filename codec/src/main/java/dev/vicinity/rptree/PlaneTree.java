package dev.vicinity.rptree;

/**
 * A tree as {@link RPForestBuilder} grows it, whatever its {@link SplitRule}: nodes numbered from the root {@code 0},
 * parents before children, with the same {@code children} and {@code indices} encoding as {@link FlatTree}.
 *
 * @param planes   the hyperplane of each internal node, {@code null} for a leaf
 * @param children {@code children[2·node]}, {@code children[2·node + 1]}: the left and right child of an internal
 *                 node; for a leaf {@code ~start} (negative) and {@code end}
 * @param indices  the point ordinals, leaf after leaf: leaf points are {@code indices[start .. end)}
 */
public record PlaneTree(Hyperplane[] planes, int[] children, int[] indices) {

    public int nodeCount() {
        return planes.length;
    }

    public boolean isLeaf(int node) {
        return children[2 * node] < 0;
    }

    public int leafStart(int node) {
        return ~children[2 * node];
    }

    public int leafEnd(int node) {
        return children[2 * node + 1];
    }

    /** This tree as a {@link FlatTree}; every internal node must have a {@link DenseHyperplane}. */
    public FlatTree toFlatTree(int dims) {
        int nodes = nodeCount();
        float[][] normals = new float[nodes][];
        float[] offsets = new float[nodes];
        for (int node = 0; node < nodes; node++) {
            if (planes[node] instanceof DenseHyperplane dense) {
                normals[node] = dense.normal();
                offsets[node] = dense.offset();
            } else if (planes[node] != null) {
                throw new IllegalStateException("node [" + node + "] has a [" + planes[node].getClass().getSimpleName() + "], not a dense hyperplane");
            }
        }
        return new FlatTree(dims, normals, offsets, children, indices);
    }
}
