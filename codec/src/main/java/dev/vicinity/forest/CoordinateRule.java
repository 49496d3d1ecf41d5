package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.Hyperplane;

import java.util.SplittableRandom;

/**
 * Annoy's hamming split, one coordinate at a time: a point goes left when its value at the coordinate is above a
 * threshold (for 0/1 data, when the bit is set). Annoy draws random bits until one does not put every point on the
 * same side; here the coordinate is drawn among those where two random points of the node differ (so both sides are
 * non-empty), threshold half-way between their values, and of up to {@value #CANDIDATES} such coordinates the one
 * that divides a sample of the node most evenly is kept. Balance retries and coin flips: {@link BalancedSplitRule}.
 */
final class CoordinateRule extends BalancedSplitRule {

    static final int CANDIDATES = 8;
    static final int SAMPLE = 64;
    private static final int PAIR_TRIES = 8;

    @Override
    public Hyperplane choose(VectorSource vectors, int[] indices, int start, int end, int attempt, SplittableRandom random) {
        int count = end - start;
        int dims = vectors.dims();
        int[] differing = new int[dims];
        int differ = 0;
        float[] a = null;
        float[] b = null;
        for (int t = 0; t < PAIR_TRIES && differ == 0; t++) {
            int i = random.nextInt(count);
            int j = random.nextInt(count - 1);
            if (j >= i) {
                j++;
            }
            a = vectors.vector(indices[start + i]).clone();
            b = vectors.vector(indices[start + j]);
            differ = 0;
            for (int d = 0; d < dims; d++) {
                if (a[d] != b[d]) {
                    differing[differ++] = d;
                }
            }
        }
        if (differ == 0) {
            return CoinFlip.INSTANCE; // (nearly) all duplicates: nothing to split on
        }
        int candidates = Math.min(CANDIDATES, differ);
        int[] dim = new int[candidates];
        float[] threshold = new float[candidates];
        for (int c = 0; c < candidates; c++) { // a partial Fisher-Yates shuffle draws distinct coordinates
            int pick = c + random.nextInt(differ - c);
            int d = differing[pick];
            differing[pick] = differing[c];
            differing[c] = d;
            dim[c] = d;
            threshold[c] = a[d] / 2 + b[d] / 2;
        }
        int[] above = new int[candidates];
        int sample = Math.min(SAMPLE, count);
        for (int s = 0; s < sample; s++) {
            float[] x = vectors.vector(indices[start + (sample == count ? s : random.nextInt(count))]);
            for (int c = 0; c < candidates; c++) {
                above[c] += x[dim[c]] > threshold[c] ? 1 : 0;
            }
        }
        int best = 0;
        for (int c = 1; c < candidates; c++) {
            if (Math.abs(2 * above[c] - sample) < Math.abs(2 * above[best] - sample)) {
                best = c;
            }
        }
        return new SparseHyperplane(new int[] { dim[best] }, new float[] { 1f }, -threshold[best]);
    }
}
