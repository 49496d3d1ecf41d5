package dev.vicinity.forest;

import dev.vicinity.rptree.DenseHyperplane;
import dev.vicinity.rptree.Hyperplane;
import dev.vicinity.rptree.PlaneTree;

import java.util.List;

/**
 * Turns the builder's trees into one {@link Forest}: internal nodes numbered tree after tree, depth-first (a node's
 * left child right after it, so a descent reads nearby rows), leaves left to right.
 */
final class ForestFlattener {

    private final int dims;
    private final int normalLength;
    private final boolean sparse;
    private final int[] children;
    private final float[][] planes;
    private final int[] leafBounds;
    private int internal;
    private int leaves;

    private ForestFlattener(int dims, int normalLength, boolean sparse, int internalCount, int leafCount) {
        this.dims = dims;
        this.normalLength = normalLength;
        this.sparse = sparse;
        this.children = new int[2 * internalCount];
        this.planes = new float[internalCount][];
        this.leafBounds = new int[leafCount + 1];
    }

    /**
     * @param dims         the dimensions of queries; dense normals are cut to this length (the {@link SplitSpace#DOT}
     *                     build splits vectors with one more coordinate, which queries do not have)
     * @param normalLength values per sparse normal, or {@code dims} for dense normals
     */
    static Forest flatten(SplitSpace space, int dims, int size, List<PlaneTree> trees, boolean sparse, int normalLength) {
        int internalCount = 0;
        int leafCount = 0;
        for (PlaneTree tree : trees) {
            for (int node = 0; node < tree.nodeCount(); node++) {
                if (tree.isLeaf(node)) {
                    leafCount++;
                } else {
                    internalCount++;
                }
            }
        }
        ForestFlattener flattener = new ForestFlattener(dims, sparse ? normalLength : dims, sparse, internalCount, leafCount);
        int[] roots = new int[trees.size()];
        int[] points = new int[Math.multiplyExact(trees.size(), size)];
        for (int t = 0; t < trees.size(); t++) {
            PlaneTree tree = trees.get(t);
            System.arraycopy(tree.indices(), 0, points, t * size, size);
            roots[t] = flattener.add(tree, 0, t * size);
        }
        flattener.leafBounds[leafCount] = points.length;
        return new Forest(space, dims, size, roots, flattener.children, flattener.planes, sparse, Forest.largestLeaf(flattener.leafBounds),
            flattener.leafBounds, points);
    }

    /** Numbers {@code node} and its subtree; returns its code. */
    private int add(PlaneTree tree, int node, int base) {
        if (tree.isLeaf(node)) {
            int leaf = leaves++;
            leafBounds[leaf] = base + tree.leafStart(node);
            return ~leaf;
        }
        int id = internal++;
        store(id, tree.planes()[node]);
        int left = add(tree, tree.children()[2 * node], base);
        int right = add(tree, tree.children()[2 * node + 1], base);
        children[2 * id] = left;
        children[2 * id + 1] = right;
        return id;
    }

    private void store(int id, Hyperplane plane) {
        float[] row = new float[sparse ? 2 * normalLength + 1 : normalLength + 1];
        if (plane instanceof DenseHyperplane dense && sparse == false) {
            System.arraycopy(dense.normal(), 0, row, 0, dims);
            row[normalLength] = dense.offset();
        } else if (plane instanceof SparseHyperplane sparsePlane && sparse) {
            for (int j = 0; j < normalLength; j++) {
                int dim = sparsePlane.dims()[j];
                if (dim < dims) { // the dot build's extra coordinate is 0 for every query: drop it
                    row[j] = sparsePlane.values()[j];
                    row[normalLength + 1 + j] = dim;
                }
            }
            row[normalLength] = sparsePlane.offset();
        } else if (plane != CoinFlip.INSTANCE) {
            throw new IllegalStateException("a " + (sparse ? "sparse" : "dense") + " forest cannot store a [" + plane + "]");
        }
        planes[id] = row;
    }
}
