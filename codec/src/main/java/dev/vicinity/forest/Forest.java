package dev.vicinity.forest;

import java.util.Arrays;

import org.apache.lucene.util.VectorUtil;

/**
 * A forest as flat primitive arrays, the form the codec writes as-is (little-endian, one array after the other) and
 * reads back through its own {@link ForestAccess}; this record is the on-heap access. All trees share the arrays.
 *
 * <p>Nodes are addressed by codes (see {@link ForestAccess}): {@code >= 0} is an internal node, {@code ~leaf < 0} a
 * leaf. Internal nodes are numbered tree after tree, each tree depth-first (a node's left child follows it), and
 * leaves tree after tree, left to right, so each tree's leaves cover its own stretch of {@code points}.
 *
 * @param space      the split space (its permanent {@link SplitSpace#id()} is what to write)
 * @param dims       the number of values of a vector and of a query
 * @param size       the number of points {@code n}
 * @param roots      {@code treeCount} codes, the root of each tree
 * @param children   {@code 2·internalCount}: {@code children[2i]} and {@code children[2i + 1]} are the codes of the
 *                   left child (positive margins) and right child of internal node {@code i}
 * @param planes     {@code internalCount} rows, the hyperplane of each internal node. Dense ({@code sparse == false}):
 *                   {@code dims + 1} values, the normal then the offset, so that the margin of a query is one dot
 *                   product with the query extended by a 1. Sparse: {@code 2·normalLength + 1} values, the
 *                   {@code normalLength} non-zero normal values, the offset, then their coordinates (as floats, exact
 *                   below 2^24), so that one row is one read. An all-zero row (normal and offset) marks a node
 *                   divided by coin flips. Rows rather than one flat array, so margins use Lucene's SIMD dot product
 *                   without copying; the codec writes them one after the other.
 * @param sparse     whether the rows are sparse
 * @param maxLeafSize the most points of any leaf (a count to store, so that opening a searcher reads no leaf)
 * @param leafBounds {@code leafCount + 1} ascending positions: leaf {@code j} holds {@code points[leafBounds[j] ..
 *                   leafBounds[j + 1])}; {@code leafBounds[0] = 0} and {@code leafBounds[leafCount] = treeCount·size}
 * @param points     {@code treeCount·size}: each tree's point ordinals, leaf after leaf (every ordinal once per tree)
 */
public record Forest(
    SplitSpace space,
    int dims,
    int size,
    int[] roots,
    int[] children,
    float[][] planes,
    boolean sparse,
    int maxLeafSize,
    int[] leafBounds,
    int[] points
) implements ForestAccess {

    @Override
    public int treeCount() {
        return roots.length;
    }

    public int internalCount() {
        return planes.length;
    }

    public int leafCount() {
        return leafBounds.length - 1;
    }

    /** Values per normal row: {@code dims} for dense normals, the number of non-zero coordinates for sparse ones. */
    public int normalLength() {
        if (internalCount() == 0) {
            return sparse ? 0 : dims;
        }
        return sparse ? (planes[0].length - 1) / 2 : planes[0].length - 1;
    }

    public boolean isSparse() {
        return sparse;
    }

    /** The coordinate of the {@code j}-th value of sparse row {@code node}. */
    public int normalDim(int node, int j) {
        return (int) planes[node][normalLength() + 1 + j];
    }

    @Override
    public int root(int tree) {
        return roots[tree];
    }

    @Override
    public float margin(int node, float[] extendedQuery) {
        float[] plane = planes[node];
        if (sparse == false) {
            return VectorUtil.dotProduct(plane, extendedQuery);
        }
        int length = plane.length >> 1;
        float sum = plane[length];
        for (int j = 0; j < length; j++) {
            sum += plane[j] * extendedQuery[(int) plane[length + 1 + j]];
        }
        return sum;
    }

    @Override
    public int child(int node, int side) {
        return children[2 * node + side];
    }

    @Override
    public int leafStart(int leaf) {
        return leafBounds[leaf];
    }

    @Override
    public int leafEnd(int leaf) {
        return leafBounds[leaf + 1];
    }

    @Override
    public void points(int from, int to, int[] into, int at) {
        System.arraycopy(points, from, into, at, to - from);
    }

    /** The largest leaf of {@code leafBounds}, for the constructor's {@code maxLeafSize}. */
    static int largestLeaf(int[] leafBounds) {
        int max = 0;
        for (int j = 0; j + 1 < leafBounds.length; j++) {
            max = Math.max(max, leafBounds[j + 1] - leafBounds[j]);
        }
        return max;
    }

    /**
     * The bytes the structure takes when written as-is (4 per int or float), without the vectors themselves: what
     * the forest adds to an index.
     */
    public long bytes() {
        long planeValues = (long) internalCount() * (sparse ? 2 * normalLength() + 1 : normalLength() + 1);
        return 4L * (roots.length + children.length + planeValues + leafBounds.length + points.length);
    }

    /**
     * Checks that the arrays form a forest: codes in range, every internal node reached once, every leaf once, leaf
     * bounds ascending and every tree's points a permutation of the ordinals. The codec runs this on the arrays it
     * reads (or the parts of it that fit its access) and reports a failure as corruption.
     *
     * @throws IllegalStateException naming what is wrong
     */
    public void check() {
        int internal = internalCount();
        int leaves = leafCount();
        if (children.length != 2 * internal) {
            throw new IllegalStateException("[" + internal + "] internal nodes but [" + children.length + "] children");
        }
        if (leafBounds.length < 1 || leafBounds[0] != 0 || leafBounds[leaves] != points.length || points.length != (long) roots.length * size) {
            throw new IllegalStateException("leaf bounds do not cover [" + roots.length + "] trees of [" + size + "] points");
        }
        int length = normalLength();
        int rowLength = sparse ? 2 * length + 1 : dims + 1;
        for (float[] plane : planes) {
            if (plane.length != rowLength) {
                throw new IllegalStateException("hyperplane rows of [" + plane.length + "] values, expected [" + rowLength + "]");
            }
            for (int j = 0; sparse && j < length; j++) {
                float dim = plane[length + 1 + j];
                if ((dim >= 0 && dim < dims && dim == Math.rint(dim)) == false) {
                    throw new IllegalStateException("normal coordinate [" + dim + "] out of [0, " + dims + ")");
                }
            }
        }
        byte[] reached = new byte[internal];
        byte[] leafReached = new byte[leaves];
        for (int code : roots) {
            reach(code, reached, leafReached);
        }
        for (int code : children) {
            reach(code, reached, leafReached);
        }
        for (int i = 0; i < internal; i++) {
            if (reached[i] != 1) {
                throw new IllegalStateException("internal node [" + i + "] is reached [" + reached[i] + "] times");
            }
        }
        for (int j = 0; j < leaves; j++) {
            if (leafReached[j] != 1 || leafBounds[j + 1] <= leafBounds[j]) {
                throw new IllegalStateException("leaf [" + j + "] is reached [" + leafReached[j] + "] times or empty");
            }
        }
        if (maxLeafSize != largestLeaf(leafBounds)) {
            throw new IllegalStateException("[maxLeafSize] is [" + maxLeafSize + "] but the largest leaf holds [" + largestLeaf(leafBounds) + "]");
        }
        boolean[] seen = new boolean[size];
        for (int t = 0; t < roots.length; t++) {
            Arrays.fill(seen, false);
            for (int at = t * size; at < (t + 1) * size; at++) {
                int p = points[at];
                if (p < 0 || p >= size || seen[p]) {
                    throw new IllegalStateException("tree [" + t + "] lists point [" + p + "] out of range or twice");
                }
                seen[p] = true;
            }
        }
    }

    private static void reach(int code, byte[] reached, byte[] leafReached) {
        if (code >= 0) {
            if (code >= reached.length) {
                throw new IllegalStateException("node code [" + code + "] out of range");
            }
            reached[code]++;
        } else {
            int leaf = ~code;
            if (leaf >= leafReached.length) {
                throw new IllegalStateException("leaf code [" + code + "] out of range");
            }
            leafReached[leaf]++;
        }
    }
}
