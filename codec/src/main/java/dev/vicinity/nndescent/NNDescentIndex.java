package dev.vicinity.nndescent;

import dev.vicinity.rptree.FlatTree;

import dev.vicinity.metric.Metric;

/**
 * What a build produces and the codec persists: the search graph and the search tree (both needed by every query),
 * and the k-NN graph (needed only to seed the build of a merged segment; a codec that drops it can seed merges from
 * the search graph's rows instead, at some loss).
 *
 * <p>Arrays to persist: {@code graph.offsets}, {@code graph.neighbours}, {@code graph.minDistance};
 * {@code tree.normals} (internal nodes only, {@code null} rows are leaves), {@code tree.offsets},
 * {@code tree.children}, {@code tree.indices}; optionally {@code knnGraph.ids}. Plus the metric and
 * {@link NNDescentParameters} (the seed included), which the codec already stores.
 */
public record NNDescentIndex(Metric metric, NNDescentParameters parameters, KnnGraph knnGraph, SearchGraph graph, FlatTree tree) {

    public int size() {
        return graph.size();
    }
}
