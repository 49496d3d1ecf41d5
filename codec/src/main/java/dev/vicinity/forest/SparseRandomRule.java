package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.Hyperplane;

import java.util.Arrays;
import java.util.SplittableRandom;

/** EXPERIMENT: MRPT's sparse random projection, split at the median of a sample of the node's projections. */
final class SparseRandomRule extends BalancedSplitRule {

    static final int MEDIAN_SAMPLE = 128;
    private final int nnz;

    SparseRandomRule(int nnz) {
        this.nnz = nnz;
    }

    @Override
    public Hyperplane choose(VectorSource vectors, int[] indices, int start, int end, int attempt, SplittableRandom random) {
        int dims = vectors.dims();
        int keep = Math.min(nnz, dims);
        int[] all = new int[dims];
        for (int d = 0; d < dims; d++) {
            all[d] = d;
        }
        for (int j = 0; j < keep; j++) {
            int pick = j + random.nextInt(dims - j);
            int d = all[pick];
            all[pick] = all[j];
            all[j] = d;
        }
        int[] top = Arrays.copyOf(all, keep);
        Arrays.sort(top);
        float[] values = new float[keep];
        double norm = 0;
        for (int j = 0; j < keep; j++) {
            values[j] = (float) random.nextGaussian();
            norm += values[j] * values[j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < keep; j++) {
            values[j] /= norm;
        }
        return new SparseHyperplane(top, values, medianOffset(vectors, indices, start, end, top, values, random));
    }

    static float medianOffset(VectorSource vectors, int[] indices, int start, int end, int[] dims, float[] values, SplittableRandom random) {
        int count = end - start;
        int sample = Math.min(MEDIAN_SAMPLE, count);
        float[] projections = new float[sample];
        for (int s = 0; s < sample; s++) {
            float[] x = vectors.vector(indices[start + (sample == count ? s : random.nextInt(count))]);
            float sum = 0;
            for (int j = 0; j < dims.length; j++) {
                sum += values[j] * x[dims[j]];
            }
            projections[s] = sum;
        }
        Arrays.sort(projections);
        return -(projections[sample / 2] + projections[(sample - 1) / 2]) / 2;
    }
}
