package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.DenseHyperplane;
import dev.vicinity.rptree.Hyperplane;

import java.util.SplittableRandom;

/** EXPERIMENT: Annoy's two-means hyperplane, cut to its {@code nnz} largest coordinates. */
final class SparseTwoMeansRule extends BalancedSplitRule {

    private final TwoMeansRule dense;
    private final int nnz;
    private final boolean angular;

    SparseTwoMeansRule(SplitSpace space, int nnz) {
        this.dense = new TwoMeansRule(space);
        this.nnz = nnz;
        this.angular = space.isAngular();
    }

    @Override
    public Hyperplane choose(VectorSource vectors, int[] indices, int start, int end, int attempt, SplittableRandom random) {
        DenseHyperplane plane = (DenseHyperplane) dense.choose(vectors, indices, start, end, attempt, random);
        float[] mid = dense.lastMidpoint;
        float[] normal = plane.normal();
        int dims = Math.min(normal.length, vectors.dims());
        int keep = Math.min(nnz, dims);
        int[] top = new int[keep];
        // keep the largest |normal| coordinates (selection by repeated scans is fine for a few dozen)
        boolean[] taken = new boolean[normal.length];
        for (int j = 0; j < keep; j++) {
            int best = -1;
            for (int d = 0; d < dims; d++) {
                if (taken[d] == false && (best < 0 || Math.abs(normal[d]) > Math.abs(normal[best]))) {
                    best = d;
                }
            }
            taken[best] = true;
            top[j] = best;
        }
        java.util.Arrays.sort(top);
        float[] values = new float[keep];
        double norm = 0;
        for (int j = 0; j < keep; j++) {
            values[j] = normal[top[j]];
            norm += values[j] * values[j];
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < keep; j++) {
                values[j] /= norm;
            }
        }
        float offset = 0;
        if (angular == false && Boolean.getBoolean("forest.experiment.midpoint")) {
            float[] p = mid;
            for (int j = 0; j < keep; j++) {
                offset -= values[j] * p[top[j]];
            }
        } else if (angular == false) {
            // median of a sample's margins: the two-means midpoint no longer lies between the cut centroids
            offset = SparseRandomRule.medianOffset(vectors, indices, start, end, top, values, random);
        }
        return new SparseHyperplane(top, values, offset);
    }
}
