package dev.vicinity.rptree;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a forest of random-projection trees <b>level by level, all trees at once</b>: at each level every tree picks
 * the hyperplanes of the nodes it still has to split, then one pass over the vectors in ordinal order measures each
 * vector against the hyperplane of its node in every tree. A node with more than {@code leafSize} points, above the
 * depth cap, is split; how is the {@link SplitRule}'s choice: PyNNDescent's {@code make_forest} (the hyperplane
 * between two random points, {@link SplitRule#randomProjection}) for the constructor without a rule, Annoy's
 * two-means for the forest method. A division the rule rejects is either measured again at the next pass with a new
 * hyperplane (the node stays at its depth) or replaced by coin flips, so that duplicates cannot stall the recursion.
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
    private final SplitRule rule;
    private final int leafSize;
    private final BuildMonitor monitor;
    private final int n;
    private final TreeState[] trees;

    /**
     * PyNNDescent's forest: {@link SplitRule#randomProjection(boolean)} splits.
     *
     * @param randoms one independent random stream per tree; their number is the number of trees
     */
    public RPForestBuilder(VectorSource vectors, boolean angular, int leafSize, List<SplittableRandom> randoms, BuildMonitor monitor) {
        this(vectors, SplitRule.randomProjection(angular), leafSize, randoms, monitor);
    }

    /**
     * A forest split by {@code rule}.
     *
     * @param randoms one independent random stream per tree; their number is the number of trees
     */
    public RPForestBuilder(VectorSource vectors, SplitRule rule, int leafSize, List<SplittableRandom> randoms, BuildMonitor monitor) {
        this.vectors = vectors;
        this.rule = rule;
        this.leafSize = leafSize;
        this.monitor = monitor;
        this.n = vectors.size();
        this.trees = new TreeState[randoms.size()];
        for (int t = 0; t < trees.length; t++) {
            trees[t] = new TreeState(randoms.get(t));
        }
    }

    /** Builds every tree; a builder builds its forest once. Every hyperplane of the rule must be a {@link DenseHyperplane}. */
    public List<FlatTree> build() {
        List<PlaneTree> grown = buildPlaneTrees();
        List<FlatTree> forest = new ArrayList<>(grown.size());
        for (PlaneTree tree : grown) {
            forest.add(tree.toFlatTree(vectors.dims()));
        }
        return forest;
    }

    /** Builds every tree, with the rule's hyperplanes as they are; a builder builds its forest once. */
    public List<PlaneTree> buildPlaneTrees() {
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
        return builder.grow(builder.trees[0].startFrom(tree, leafSize)).get(0).toFlatTree(vectors.dims());
    }

    private List<PlaneTree> grow(boolean open) {
        while (open) {
            checkAborted();
            for (TreeState tree : trees) {
                tree.chooseHyperplanes(vectors, rule);
            }
            measure();
            open = false;
            for (TreeState tree : trees) {
                open |= tree.splitLevel(leafSize, rule);
            }
        }
        List<PlaneTree> forest = new ArrayList<>(trees.length);
        for (TreeState tree : trees) {
            forest.add(tree.result());
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
                float margin = tree.levelPlanes[slot].margin(x);
                tree.side[p] = (byte) (rule.goesLeft(margin, tree.random) ? 0 : 1);
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

        Hyperplane[] planes = new Hyperplane[16];
        int[] children = new int[32];
        int nodes;

        /** This level's splitting nodes: node number, range, depth and attempt, and the chosen hyperplanes. */
        int[] levelNode = new int[0], levelStart = new int[0], levelEnd = new int[0], levelDepth = new int[0], levelAttempt = new int[0];
        Hyperplane[] levelPlanes = new Hyperplane[0];
        int levelCount;
        /** The nodes to split at the next level, gathered while splitting this one. */
        int[] nextNode = new int[8], nextStart = new int[8], nextEnd = new int[8], nextDepth = new int[8], nextAttempt = new int[8];
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
            planes = new Hyperplane[Math.max(16, nodes)];
            for (int node = 0; node < nodes; node++) {
                if (tree.normals()[node] != null) {
                    planes[node] = new DenseHyperplane(tree.normals()[node], tree.offsets()[node]);
                }
            }
            children = Arrays.copyOf(tree.children(), 2 * Math.max(16, nodes));
            int[] depth = new int[nodes];
            for (int node = 0; node < nodes; node++) { // parents come before children
                if (tree.isLeaf(node)) {
                    if (tree.leafEnd(node) - tree.leafStart(node) > leafSize && depth[node] < MAX_DEPTH) {
                        queue(node, tree.leafStart(node), tree.leafEnd(node), depth[node], 0);
                    }
                } else {
                    depth[children[2 * node]] = depth[node] + 1;
                    depth[children[2 * node + 1]] = depth[node] + 1;
                }
            }
            return nextCount > 0;
        }

        /** Makes the gathered nodes this level's and has the rule pick each one's hyperplane. */
        void chooseHyperplanes(VectorSource vectors, SplitRule rule) {
            // the gathered arrays become this level's; this level's old arrays gather the next one
            int[] oldNode = levelNode, oldStart = levelStart, oldEnd = levelEnd, oldDepth = levelDepth, oldAttempt = levelAttempt;
            levelNode = nextNode;
            levelStart = nextStart;
            levelEnd = nextEnd;
            levelDepth = nextDepth;
            levelAttempt = nextAttempt;
            nextNode = oldNode;
            nextStart = oldStart;
            nextEnd = oldEnd;
            nextDepth = oldDepth;
            nextAttempt = oldAttempt;
            levelCount = nextCount;
            nextCount = 0;
            levelPlanes = new Hyperplane[levelCount];
            Arrays.fill(slotOf, -1);
            for (int s = 0; s < levelCount; s++) {
                int start = levelStart[s];
                Hyperplane plane = rule.choose(vectors, indices, start, levelEnd[s], levelAttempt[s], random);
                levelPlanes[s] = plane;
                planes[levelNode[s]] = plane;
                for (int i = start; i < levelEnd[s]; i++) {
                    slotOf[indices[i]] = s;
                }
            }
        }

        /**
         * Partitions every node of this level by the measured sides and adds the children, or queues the node again
         * when the rule wants another hyperplane; returns whether any node must be split.
         */
        boolean splitLevel(int leafSize, SplitRule rule) {
            for (int s = 0; s < levelCount; s++) {
                int start = levelStart[s];
                int end = levelEnd[s];
                int leftCount = 0;
                for (int i = start; i < end; i++) {
                    leftCount += side[indices[i]] == 0 ? 1 : 0;
                }
                int size = end - start;
                SplitRule.Verdict verdict = rule.judge(leftCount, size, levelAttempt[s]);
                if (verdict == SplitRule.Verdict.RETRY) {
                    queue(levelNode[s], start, end, levelDepth[s], levelAttempt[s] + 1);
                    continue;
                }
                if (verdict == SplitRule.Verdict.RANDOM) { // duplicates, or no balanced hyperplane: coin flips end the recursion
                    planes[levelNode[s]] = rule.afterRandomSplit(planes[levelNode[s]]);
                    do {
                        leftCount = 0;
                        for (int i = start; i < end; i++) {
                            boolean left = random.nextBoolean();
                            side[indices[i]] = (byte) (left ? 0 : 1);
                            leftCount += left ? 1 : 0;
                        }
                    } while (rule.acceptsRandom(leftCount, size) == false);
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
            if (nodes == planes.length) {
                planes = Arrays.copyOf(planes, nodes * 2);
                children = Arrays.copyOf(children, nodes * 4);
            }
            int node = nodes++;
            // a leaf until split; an internal node's children are overwritten when its level is split
            children[2 * node] = ~start;
            children[2 * node + 1] = end;
            if (end - start > leafSize && depth < MAX_DEPTH) {
                queue(node, start, end, depth, 0);
            }
            return node;
        }

        /** Queues {@code node} to be split at the next level; {@code attempt} counts the hyperplanes it was already measured with. */
        private void queue(int node, int start, int end, int depth, int attempt) {
            if (nextCount == nextNode.length) {
                int grown = Math.max(8, nextCount * 2);
                nextNode = Arrays.copyOf(nextNode, grown);
                nextStart = Arrays.copyOf(nextStart, grown);
                nextEnd = Arrays.copyOf(nextEnd, grown);
                nextDepth = Arrays.copyOf(nextDepth, grown);
                nextAttempt = Arrays.copyOf(nextAttempt, grown);
            }
            nextNode[nextCount] = node;
            nextStart[nextCount] = start;
            nextEnd[nextCount] = end;
            nextDepth[nextCount] = depth;
            nextAttempt[nextCount] = attempt;
            nextCount++;
        }

        PlaneTree result() {
            return new PlaneTree(Arrays.copyOf(planes, nodes), Arrays.copyOf(children, 2 * nodes), indices);
        }
    }
}
