package dev.vicinity.forest;

import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;
import dev.vicinity.rptree.PlaneTree;
import dev.vicinity.rptree.RPForestBuilder;
import dev.vicinity.rptree.SplitRule;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a {@link Forest}: the metric picks the {@link SplitSpace}, whose rule divides the nodes (Annoy's two-means,
 * dense or cut to {@code split_dims} coordinates, or single coordinates for hamming), and {@link RPForestBuilder} grows the trees level by level, a batch of trees at
 * a time (each batch reads every vector once per level; batches bound the builder's scratch memory). Tree {@code t}
 * draws from the {@code t}-th split of the seed's stream, so it does not depend on the batching nor on how many trees
 * are built. Single-threaded and deterministic for a seed.
 *
 * <p>{@code n_trees = -1} applies Annoy's automatic rule: trees are added until the forest has at least as many
 * nodes (internal and leaves) as there are points.
 */
public final class ForestBuilder {

    /** Trees grown together in one batch. */
    static final int BATCH = 16;

    private ForestBuilder() {}

    /**
     * @param vectors the points; an empty source gives an empty forest
     * @param monitor progress (phase {@code "forest"}) and abort hooks, or {@code null}
     * @throws IllegalArgumentException naming the metric when the forest cannot split for it
     */
    public static Forest build(VectorSource vectors, Metric metric, ForestParameters params, BuildMonitor monitor) {
        BuildMonitor m = monitor == null ? BuildMonitor.NONE : monitor;
        SplitSpace space = SplitSpace.forMetric(metric);
        int n = vectors.size();
        int dims = vectors.dims();
        // correlation normals must stay centred (sum to zero), which a cut normal would not
        int splitDims = space == SplitSpace.COORDINATE ? 1 : space == SplitSpace.CENTRED ? dims : params.resolveSplitDims(dims);
        boolean sparse = splitDims < dims;
        m.phase("forest");
        SplittableRandom seeds = new SplittableRandom(params.seed());
        List<PlaneTree> trees = new ArrayList<>();
        if (n > 0) {
            VectorSource splitVectors = space.splitVectors(vectors);
            SplitRule rule = space == SplitSpace.COORDINATE ? new CoordinateRule() : new TwoMeansRule(space, sparse ? splitDims : Integer.MAX_VALUE);
            long nodes = 0;
            boolean auto = params.nTrees() == ForestParameters.AUTO_TREES;
            int wanted = auto ? ForestParameters.MAX_TREES : params.nTrees();
            while (trees.size() < wanted && (auto == false || nodes < n)) {
                int batch = Math.min(BATCH, wanted - trees.size());
                if (auto) {
                    batch = trees.isEmpty() ? 1 : (int) Math.max(1, Math.min(batch, estimateTrees(trees, n, nodes)));
                }
                List<SplittableRandom> randoms = new ArrayList<>(batch);
                for (int t = 0; t < batch; t++) {
                    randoms.add(seeds.split());
                }
                for (PlaneTree tree : new RPForestBuilder(splitVectors, rule, params.leafSize(), randoms, m).buildPlaneTrees()) {
                    trees.add(tree);
                    nodes += tree.nodeCount();
                }
            }
        }
        return ForestFlattener.flatten(space, dims, n, trees, sparse, splitDims);
    }

    /** How many more trees the automatic rule needs, from the average node count of the trees so far. */
    private static long estimateTrees(List<PlaneTree> trees, int n, long nodes) {
        double perTree = (double) nodes / trees.size();
        return (long) Math.ceil((n - nodes) / perTree);
    }
}
