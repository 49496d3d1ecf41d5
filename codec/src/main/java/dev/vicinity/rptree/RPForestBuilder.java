package dev.vicinity.rptree;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.lucene.util.VectorUtil;

/**
 * Builds a forest of random-projection trees (PyNNDescent's {@code make_forest}; splits as in {@link Hyperplanes}: a
 * node with more than {@code leafSize} points, above the depth cap, is split by the hyperplane between two of its
 * points picked at random, and if one side ends up empty every point is reassigned at random, so that duplicates
 * cannot stall the recursion) <b>level by level, all trees at once</b>: at each level every tree picks the hyperplanes of the nodes it still has to split, then one pass over
 * the vectors in ordinal order measures each vector against the hyperplane of its node in every tree.
 *
 * <p>Why not one tree at a time, depth first: below the first levels a node's points are scattered over the whole
 * vector array, so each margin would fetch a random vector from memory (on MNIST, several times the cost of the dot
 * product itself), once per tree. Here each vector is read once per level, sequentially, and reused from the cache
 * for every tree; only the hyperplanes of one level (a few megabytes) need to stay cached. The trees are the same
 * kind of trees, drawn from the same per-tree random streams, just not the same draws as a depth-first build.
 */
public final class RPForestBuilder {

    /** PyNNDescent's {@code max_rptree_depth}: deeper nodes become leaves whatever their size. */
    public static final int MAX_DEPTH = 200;

    /** Points measured between two abort checks in a pass. */
    private static final int ABORT_CHECK_BLOCK = 4096;

    private final VectorSource vectors;
    private final boolean angular;
    private final int leafSize;
    private final BuildMonitor monitor;
    private final int n;
    private final TreeState[] trees;

    /** @param randoms one independent random stream per tree; their number is the number of trees */
    public RPForestBuilder(VectorSource vectors, boolean angular, int leafSize, List<SplittableRandom> randoms, BuildMonitor monitor) {
        this.vectors = vectors;
        this.angular = angular;
        this.leafSize = leafSize;
        this.monitor = monitor;
        this.n = vectors.size();
        this.trees = new TreeState[randoms.size()];
        for (int t = 0; t < trees.length; t++) {
            trees[t] = new TreeState(randoms.get(t));
        }
    }

    /** Builds every tree; a builder builds its forest once. */
    public List<FlatTree> build() {
        boolean open = false;
        for (TreeState tree : trees) {
            open |= tree.start(n, leafSize);
        }
        return grow(open);
    }

    /**
     * Copies {@code tree} and splits its leaves further, down to {@code leafSize}: the search tree keeps the splits of
     * the best forest tree but gets smaller leaves, because every point of the query's leaf costs a distance before
     * the graph walk starts.
     */
    public static FlatTree refine(VectorSource vectors, boolean angular, int leafSize, SplittableRandom random, BuildMonitor monitor, FlatTree tree) {
        RPForestBuilder builder = new RPForestBuilder(vectors, angular, leafSize, List.of(random), monitor);
        return builder.grow(builder.trees[0].startFrom(tree, leafSize)).get(0);
    }

    private List<FlatTree> grow(boolean open) {
        while (open) {
            checkAborted();
            for (TreeState tree : trees) {
                tree.chooseHyperplanes(vectors, angular);
            }
            measure();
            open = false;
            for (TreeState tree : trees) {
                open |= tree.splitLevel(leafSize);
            }
        }
        List<FlatTree> forest = new ArrayList<>(trees.length);
        for (TreeState tree : trees) {
            forest.add(tree.result(vectors.dims()));
        }
        return forest;
    }

    private void checkAborted() {
        if (monitor.aborted()) {
            throw new BuildAbortedException("rp_forest");
        }
    }

    /** The pass of one level: each vector against its node's hyperplane in every tree that is splitting it. */
    private void measure() {
        for (int p = 0; p < n; p++) {
            if (p % ABORT_CHECK_BLOCK == 0) {
                checkAborted();
            }
            float[] x = null;
            for (TreeState tree : trees) {
                int slot = tree.slotOf[p];
                if (slot < 0) {
                    continue;
                }
                if (x == null) {
                    x = vectors.vector(p);
                }
                float margin = tree.levelOffsets[slot] + VectorUtil.dotProduct(tree.levelNormals[slot], x);
                tree.side[p] = (byte) (Hyperplanes.goesLeft(margin, tree.random) ? 0 : 1);
            }
        }
    }

    /** One tree under construction: its nodes so far, its point permutation and the nodes of the current level. */
    private static final class TreeState {
        final SplittableRandom random;
        int[] indices;
        /** For each point, the slot of its node among this level's splitting nodes, or -1. */
        int[] slotOf;
        byte[] side;
        int[] scratch;

        float[][] normals = new float[16][];
        float[] offsets = new float[16];
        int[] children = new int[32];
        int nodes;

        /** This level's splitting nodes: node number, range and depth, and the chosen hyperplanes. */
        int[] levelNode = new int[0], levelStart = new int[0], levelEnd = new int[0], levelDepth = new int[0];
        float[][] levelNormals = new float[0][];
        float[] levelOffsets = new float[0];
        int levelCount;
        /** The nodes to split at the next level, gathered while splitting this one. */
        int[] nextNode = new int[8], nextStart = new int[8], nextEnd = new int[8], nextDepth = new int[8];
        int nextCount;

        TreeState(SplittableRandom random) {
            this.random = random;
        }

        /** Creates the root; returns whether it must be split. */
        boolean start(int n, int leafSize) {
            indices = new int[n];
            for (int i = 0; i < n; i++) {
                indices[i] = i;
            }
            slotOf = new int[n];
            side = new byte[n];
            scratch = new int[n];
            addNode(0, n, 0, leafSize);
            return nextCount > 0;
        }

        /** Starts from a copy of {@code tree}: its leaves become nodes to split; returns whether any must be split. */
        boolean startFrom(FlatTree tree, int leafSize) {
            int n = tree.indices().length;
            indices = tree.indices().clone();
            slotOf = new int[n];
            side = new byte[n];
            scratch = new int[n];
            nodes = tree.nodeCount();
            normals = Arrays.copyOf(tree.normals(), Math.max(16, nodes));
            offsets = Arrays.copyOf(tree.offsets(), Math.max(16, nodes));
            children = Arrays.copyOf(tree.children(), 2 * Math.max(16, nodes));
            int[] depth = new int[nodes];
            for (int node = 0; node < nodes; node++) { // parents come before children
                if (tree.isLeaf(node)) {
                    if (tree.leafEnd(node) - tree.leafStart(node) > leafSize && depth[node] < MAX_DEPTH) {
                        queue(node, tree.leafStart(node), tree.leafEnd(node), depth[node]);
                    }
                } else {
                    depth[children[2 * node]] = depth[node] + 1;
                    depth[children[2 * node + 1]] = depth[node] + 1;
                }
            }
            return nextCount > 0;
        }

        /** Makes the gathered nodes this level's and picks each one's hyperplane between two of its points. */
        void chooseHyperplanes(VectorSource vectors, boolean angular) {
            // the gathered arrays become this level's; this level's old arrays gather the next one
            int[] oldNode = levelNode, oldStart = levelStart, oldEnd = levelEnd, oldDepth = levelDepth;
            levelNode = nextNode;
            levelStart = nextStart;
            levelEnd = nextEnd;
            levelDepth = nextDepth;
            nextNode = oldNode;
            nextStart = oldStart;
            nextEnd = oldEnd;
            nextDepth = oldDepth;
            levelCount = nextCount;
            nextCount = 0;
            levelNormals = new float[levelCount][];
            levelOffsets = new float[levelCount];
            Arrays.fill(slotOf, -1);
            for (int s = 0; s < levelCount; s++) {
                int start = levelStart[s];
                int size = levelEnd[s] - start;
                int first = random.nextInt(size);
                int second = random.nextInt(size - 1);
                if (second >= first) {
                    second++;
                }
                float[] a = vectors.vector(indices[start + first]).clone();
                float[] b = vectors.vector(indices[start + second]);
                float[] normal = new float[a.length];
                levelOffsets[s] = Hyperplanes.between(a, b, angular, normal);
                levelNormals[s] = normal;
                normals[levelNode[s]] = normal;
                offsets[levelNode[s]] = levelOffsets[s];
                for (int i = start; i < levelEnd[s]; i++) {
                    slotOf[indices[i]] = s;
                }
            }
        }

        /** Partitions every node of this level by the measured sides and adds the children; returns whether any must be split. */
        boolean splitLevel(int leafSize) {
            for (int s = 0; s < levelCount; s++) {
                int start = levelStart[s];
                int end = levelEnd[s];
                int leftCount = 0;
                for (int i = start; i < end; i++) {
                    leftCount += side[indices[i]] == 0 ? 1 : 0;
                }
                int size = end - start;
                while (leftCount == 0 || leftCount == size) { // duplicates: split at random so the recursion ends
                    leftCount = 0;
                    for (int i = start; i < end; i++) {
                        boolean left = random.nextBoolean();
                        side[indices[i]] = (byte) (left ? 0 : 1);
                        leftCount += left ? 1 : 0;
                    }
                }
                // stable partition, so the permutation depends only on the seed
                int l = start, r = start + leftCount;
                for (int i = start; i < end; i++) {
                    int p = indices[i];
                    if (side[p] == 0) {
                        scratch[l++] = p;
                    } else {
                        scratch[r++] = p;
                    }
                }
                System.arraycopy(scratch, start, indices, start, size);
                int node = levelNode[s];
                int depth = levelDepth[s] + 1;
                int left = addNode(start, start + leftCount, depth, leafSize);
                int right = addNode(start + leftCount, end, depth, leafSize); // may grow children: write after
                children[2 * node] = left;
                children[2 * node + 1] = right;
            }
            return nextCount > 0;
        }

        /** A new node over {@code indices[start .. end)}: a leaf, or queued for the next level. */
        private int addNode(int start, int end, int depth, int leafSize) {
            if (nodes == offsets.length) {
                normals = Arrays.copyOf(normals, nodes * 2);
                offsets = Arrays.copyOf(offsets, nodes * 2);
                children = Arrays.copyOf(children, nodes * 4);
            }
            int node = nodes++;
            // a leaf until split; an internal node's children are overwritten when its level is split
            children[2 * node] = ~start;
            children[2 * node + 1] = end;
            if (end - start > leafSize && depth < MAX_DEPTH) {
                queue(node, start, end, depth);
            }
            return node;
        }

        /** Queues {@code node} to be split at the next level. */
        private void queue(int node, int start, int end, int depth) {
            if (nextCount == nextNode.length) {
                int grown = Math.max(8, nextCount * 2);
                nextNode = Arrays.copyOf(nextNode, grown);
                nextStart = Arrays.copyOf(nextStart, grown);
                nextEnd = Arrays.copyOf(nextEnd, grown);
                nextDepth = Arrays.copyOf(nextDepth, grown);
            }
            nextNode[nextCount] = node;
            nextStart[nextCount] = start;
            nextEnd[nextCount] = end;
            nextDepth[nextCount] = depth;
            nextCount++;
        }

        FlatTree result(int dims) {
            return new FlatTree(dims, Arrays.copyOf(normals, nodes), Arrays.copyOf(offsets, nodes), Arrays.copyOf(children, 2 * nodes), indices);
        }
    }
}
