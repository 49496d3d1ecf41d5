package dev.vicinity.nndescent;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.lucene.util.VectorUtil;

/**
 * Builds one random-projection tree (PyNNDescent's {@code make_euclidean_tree} / {@code make_angular_tree}): a node
 * with more than {@code leafSize} points, above the depth cap, is split by the hyperplane between two of its points
 * picked at random.
 *
 * <ul>
 *   <li>euclidean: normal {@code a - b}, offset {@code -normal·(a + b) / 2} (the perpendicular bisector);</li>
 *   <li>angular: normal {@code normalize(a/‖a‖ - b/‖b‖)}, offset 0, so only directions matter (zero norms count as
 *       1); used for metrics that ignore length.</li>
 * </ul>
 * A point goes left when {@code offset + normal·x > 0}; margins within {@code 1e-8} of zero are a coin flip (many
 * points can sit exactly on the plane, e.g. duplicates). If one side ends up empty, every point is reassigned at
 * random, so that duplicates cannot stall the recursion.
 */
final class RPTreeBuilder {

    /** PyNNDescent's {@code max_rptree_depth}: deeper nodes become leaves whatever their size. */
    static final int MAX_DEPTH = 200;

    private final VectorSource vectors;
    private final boolean angular;
    private final int leafSize;
    private final SplittableRandom random;
    private final int dims;
    private final BuildMonitor monitor;

    private final int[] indices;
    private final byte[] side;
    private final int[] scratch;

    private float[][] normals = new float[16][];
    private float[] offsets = new float[16];
    private int[] children = new int[32];
    private int nodes;

    RPTreeBuilder(VectorSource vectors, boolean angular, int leafSize, SplittableRandom random, BuildMonitor monitor) {
        this.vectors = vectors;
        this.angular = angular;
        this.leafSize = leafSize;
        this.random = random;
        this.dims = vectors.dims();
        this.monitor = monitor;
        int n = vectors.size();
        this.indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        this.side = new byte[n];
        this.scratch = new int[n];
    }

    /** Builds the tree over all vectors; a builder builds one tree only. */
    FlatTree build() {
        node(0, indices.length, 0);
        return result();
    }

    /**
     * Copies {@code tree} and splits its leaves further, down to this builder's leaf size: the search tree keeps the
     * splits of the best forest tree but gets smaller leaves, because every point of the query's leaf costs a
     * distance before the graph walk starts.
     */
    FlatTree refine(FlatTree tree) {
        System.arraycopy(tree.indices(), 0, indices, 0, indices.length);
        copy(tree, 0, 0);
        return result();
    }

    private int copy(FlatTree tree, int source, int depth) {
        if (tree.isLeaf(source)) {
            return node(tree.leafStart(source), tree.leafEnd(source), depth);
        }
        int node = newNode();
        normals[node] = tree.normals()[source];
        offsets[node] = tree.offsets()[source];
        int left = copy(tree, tree.children()[2 * source], depth + 1);
        int right = copy(tree, tree.children()[2 * source + 1], depth + 1);
        children[2 * node] = left;
        children[2 * node + 1] = right;
        return node;
    }

    private FlatTree result() {
        return new FlatTree(dims, Arrays.copyOf(normals, nodes), Arrays.copyOf(offsets, nodes), Arrays.copyOf(children, 2 * nodes), indices);
    }

    /** Builds the subtree over {@code indices[start .. end)} and returns its node number. */
    private int node(int start, int end, int depth) {
        int node = newNode();
        if (end - start <= leafSize || depth >= MAX_DEPTH) {
            children[2 * node] = ~start;
            children[2 * node + 1] = end;
            return node;
        }
        if (monitor.aborted()) {
            throw new BuildAbortedException("rp_forest");
        }
        int mid = split(node, start, end);
        int left = node(start, mid, depth + 1);
        int right = node(mid, end, depth + 1);
        children[2 * node] = left;
        children[2 * node + 1] = right;
        return node;
    }

    private int newNode() {
        if (nodes == offsets.length) {
            normals = Arrays.copyOf(normals, nodes * 2);
            offsets = Arrays.copyOf(offsets, nodes * 2);
            children = Arrays.copyOf(children, nodes * 4);
        }
        return nodes++;
    }

    /** Chooses the hyperplane of {@code node}, partitions its points (left first) and returns where the right side starts. */
    private int split(int node, int start, int end) {
        int size = end - start;
        int first = random.nextInt(size);
        int second = random.nextInt(size - 1);
        if (second >= first) {
            second++;
        }
        float[] a = vectors.vector(indices[start + first]).clone();
        float[] b = vectors.vector(indices[start + second]);
        float[] normal = new float[dims];
        float offset = 0;
        if (angular) {
            float normA = norm(a);
            float normB = norm(b);
            for (int i = 0; i < dims; i++) {
                normal[i] = a[i] / normA - b[i] / normB;
            }
            float normN = norm(normal);
            for (int i = 0; i < dims; i++) {
                normal[i] /= normN;
            }
        } else {
            for (int i = 0; i < dims; i++) {
                normal[i] = a[i] - b[i];
                offset -= normal[i] * (a[i] + b[i]) / 2;
            }
        }
        normals[node] = normal;
        offsets[node] = offset;

        int leftCount = 0;
        for (int i = start; i < end; i++) {
            float margin = offset + VectorUtil.dotProduct(normal, vectors.vector(indices[i]));
            boolean left = Math.abs(margin) < FlatTree.MARGIN_EPS ? random.nextBoolean() : margin > 0;
            side[i] = (byte) (left ? 0 : 1);
            leftCount += left ? 1 : 0;
        }
        while (leftCount == 0 || leftCount == size) {
            leftCount = 0;
            for (int i = start; i < end; i++) {
                boolean left = random.nextBoolean();
                side[i] = (byte) (left ? 0 : 1);
                leftCount += left ? 1 : 0;
            }
        }
        // stable partition through the scratch array, so the permutation depends only on the seed
        int l = start, r = start + leftCount;
        for (int i = start; i < end; i++) {
            if (side[i] == 0) {
                scratch[l++] = indices[i];
            } else {
                scratch[r++] = indices[i];
            }
        }
        System.arraycopy(scratch, start, indices, start, size);
        return start + leftCount;
    }

    /** The euclidean norm, or 1 for a zero vector (PyNNDescent's convention, which avoids dividing by zero). */
    private static float norm(float[] v) {
        float norm = (float) Math.sqrt(VectorUtil.dotProduct(v, v));
        return norm == 0 ? 1 : norm;
    }
}
