package dev.vicinity.rptree;

import java.util.function.IntSupplier;

import org.apache.lucene.util.VectorUtil;

/**
 * A random-projection tree flattened into primitive arrays, so that the codec can write it as-is and read it
 * off-heap (PyNNDescent's {@code FlatTree}). Nodes are numbered from the root {@code 0}, parents before children.
 *
 * <ul>
 *   <li>{@code normals[node]}: the hyperplane normal of an internal node, {@code null} for a leaf (kept as rows
 *       rather than one flat array so that margins use Lucene's SIMD dot product without copying);</li>
 *   <li>{@code offsets[node]}: its offset; a point goes left when {@code offset + normal·x > 0};</li>
 *   <li>{@code children[2·node]}, {@code children[2·node + 1]}: the left and right child of an internal node; for a
 *       leaf, {@code ~start} (always negative) and {@code end}: its points are {@code indices[start .. end)};</li>
 *   <li>{@code indices}: a permutation of the point ordinals, leaf after leaf.</li>
 * </ul>
 */
public record FlatTree(int dims, float[][] normals, float[] offsets, int[] children, int[] indices) implements TreeAccess {

    /** Margins closer to zero than this are decided by a coin flip, as in PyNNDescent ({@code EPS = 1e-8}). */
    public static final float MARGIN_EPS = 1e-8f;

    public int nodeCount() {
        return offsets.length;
    }

    public boolean isLeaf(int node) {
        return children[2 * node] < 0;
    }

    @Override
    public int leafStart(int node) {
        return ~children[2 * node];
    }

    @Override
    public int leafEnd(int node) {
        return children[2 * node + 1];
    }

    /** {@code offset + normal·x} of an internal node. */
    public float margin(int node, float[] x) {
        return offsets[node] + VectorUtil.dotProduct(normals[node], x);
    }

    /** Descends to the leaf of {@code x}; {@code coin} decides margins within {@link #MARGIN_EPS} of zero (odd = right). */
    @Override
    public int leafFor(float[] x, IntSupplier coin) {
        int node = 0;
        while (isLeaf(node) == false) {
            float margin = margin(node, x);
            boolean left = Math.abs(margin) < MARGIN_EPS ? (coin.getAsInt() & 1) == 0 : margin > 0;
            node = children[2 * node + (left ? 0 : 1)];
        }
        return node;
    }

    @Override
    public int pointAt(int position) {
        return indices[position];
    }

    /** For each point ordinal, the leaf node it was placed in at build time. */
    public int[] leafOfPoints(int n) {
        int[] leafOf = new int[n];
        for (int node = 0; node < nodeCount(); node++) {
            if (isLeaf(node)) {
                for (int i = leafStart(node); i < leafEnd(node); i++) {
                    leafOf[indices[i]] = node;
                }
            }
        }
        return leafOf;
    }
}
