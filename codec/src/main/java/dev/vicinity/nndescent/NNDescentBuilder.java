package dev.vicinity.nndescent;

import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.FlatTree;
import dev.vicinity.rptree.RPForestBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.vicinity.metric.Metric;

/**
 * Builds an {@link NNDescentIndex}: RP forest, NN-descent k-NN graph, search tree (the best forest tree, its leaves
 * split further to {@link NNDescentParameters#searchLeafSize()}), search graph. This is the entry
 * point the codec calls at flush and merge time. Single-threaded and deterministic: the same vectors, metric,
 * parameters and initial graph give the same index, bit for bit.
 */
public final class NNDescentBuilder {

    private NNDescentBuilder() {}

    /**
     * @param vectors      the vectors; the builder takes one {@link VectorSource#copy()} to hold two at once
     * @param metric       ranks by its {@code fastDistance}; {@link Metric#isAngular()} selects angular RP splits
     * @param initialGraph {@code null}, or one row of neighbour ordinals per vector ({@code -1} = unknown, any row
     *                     length): a merge passes its sources' graphs mapped to the merged ordinals. Those pairs are
     *                     not re-joined with each other, and the forest then has only
     *                     {@code max(2, round(n_trees / 3))} trees (PyNNDescent's {@code update}), to find the
     *                     pairs across sources.
     * @param monitor      progress and abort hooks, or {@code null}
     */
    public static NNDescentIndex build(VectorSource vectors, Metric metric, NNDescentParameters params, int[][] initialGraph, BuildMonitor monitor) {
        BuildMonitor m = monitor == null ? BuildMonitor.NONE : monitor;
        int n = vectors.size();
        SplittableRandom random = new SplittableRandom(params.seed());
        VectorSource a = vectors;
        VectorSource b = vectors.copy();

        m.phase("rp_forest");
        int nTrees = initialGraph == null ? params.nTrees() : Math.max(2, Math.round(params.nTrees() / 3f));
        List<SplittableRandom> treeRandoms = new ArrayList<>(nTrees);
        for (int t = 0; t < nTrees; t++) {
            treeRandoms.add(random.split());
        }
        List<FlatTree> forest = new RPForestBuilder(a, metric.isAngular(), params.leafSize(), treeRandoms, m).build();

        OrdDistance distance = OrdDistance.of(metric, a, b);
        KnnGraph knn = new NNDescent(n, vectors.dims(), distance, params, random.split(), m).build(initialGraph, forest);

        m.phase("search_graph");
        FlatTree tree = RPForestBuilder.refine(a, metric.isAngular(), params.searchLeafSize(), random.split(), m, bestTree(forest, knn));
        SearchGraph graph = new SearchGraphBuilder(distance, params.diversifyProb(), params.maxDegree(), random.split(), m)
            .build(knn);
        return new NNDescentIndex(metric, params, knn, graph, tree);
    }

    /**
     * The tree whose leaves best match the graph: the fraction of points sharing a leaf with one of their nearest
     * {@code k/2} neighbours, as PyNNDescent 0.5's {@code score_tree} — but taking the highest score, where
     * PyNNDescent 0.5.13's {@code argsort(scores)[:n_search_trees]} took the lowest.
     */
    static FlatTree bestTree(List<FlatTree> forest, KnnGraph knn) {
        FlatTree best = forest.get(0);
        long bestScore = -1;
        for (FlatTree tree : forest) {
            long score = score(tree, knn);
            if (score > bestScore) {
                best = tree;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * How many points share their leaf with at least one of their first {@code max(1, k/2)} neighbours other than
     * themselves. Leaves are taken from the build (where PyNNDescent descends the tree again with each point, which
     * differs only where a coin flip decided), so scoring costs no distance computation.
     */
    static long score(FlatTree tree, KnnGraph knn) {
        int n = knn.size();
        int k = knn.k();
        int[] leafOf = tree.leafOfPoints(n);
        int half = Math.max(1, k / 2);
        long score = 0;
        for (int i = 0; i < n; i++) {
            for (int s = i * k, end = s + half; s < end; s++) {
                int j = knn.ids()[s];
                if (j >= 0 && j != i && leafOf[j] == leafOf[i]) {
                    score++;
                    break;
                }
            }
        }
        return score;
    }
}
