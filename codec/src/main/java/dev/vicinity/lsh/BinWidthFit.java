package dev.vicinity.lsh;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;

/**
 * Fits the bin width of a binned family with {@code bin_width: auto} to a segment, by the same rule as the prefix
 * families' resolution: a table's key should carry about {@code log2(n / bucket_size)} bits. A projection with
 * standard deviation {@code σ} binned at width {@code w} carries about {@code log2(sqrt(2πe)·σ / w)} bits (the
 * entropy of a binned Gaussian), so over the {@code P} projections of a table
 * {@code log w = (Σ_j log(sqrt(2πe)·σ_j) - log(n / bucket_size)) / P}, with the {@code σ_j} measured on a sample
 * of at most {@value #SAMPLE} vectors at evenly spaced ordinals and the log-sum averaged over the tables.
 *
 * <p>A rule fitted to collisions (the width at which two random vectors share a bucket with probability
 * {@code (bucket_size - 1) / (n - 1)}) was measured and dropped, for the reason the prefix families dropped theirs:
 * crowded regions drive it to narrow bins, so most buckets hold one point (MNIST, 16 tables, 64 probes: 0.27 recall
 * on 276 candidates; this rule: 0.57 on 1,614, and more tables or probes, not narrower bins, then buy recall).
 */
final class BinWidthFit {

    static final int SAMPLE = 2000;

    /** {@code sqrt(2πe)}: a Gaussian of deviation σ binned at width w has about {@code log2(sqrt(2πe)·σ/w)} bits. */
    private static final double GAUSSIAN_ENTROPY_FACTOR = Math.sqrt(2 * Math.PI * Math.E);

    private BinWidthFit() {}

    static float fit(BinnedHash family, VectorSource vectors, int bucketSize, BuildMonitor monitor) {
        int n = vectors.size();
        int tables = family.tables();
        int projections = family.projectionCount();
        int m = Math.min(n, SAMPLE);
        if (m < 2) {
            return 1f;
        }
        double[][] sum = new double[tables][projections];
        double[][] sum2 = new double[tables][projections];
        float[][] margins = new float[tables][projections];
        float[] x = new float[vectors.dims()];
        for (int s = 0; s < m; s++) {
            if ((s & 255) == 0 && monitor.aborted()) {
                throw new BuildAbortedException("lsh_train");
            }
            family.transform.apply(vectors.vector((int) ((long) s * n / m)), x);
            family.projections(x, margins);
            for (int t = 0; t < tables; t++) {
                for (int j = 0; j < projections; j++) {
                    double v = margins[t][j];
                    sum[t][j] += v;
                    sum2[t][j] += v * v;
                }
            }
        }
        double logSum = 0;
        for (int t = 0; t < tables; t++) {
            for (int j = 0; j < projections; j++) {
                double mean = sum[t][j] / m;
                double variance = Math.max(sum2[t][j] / m - mean * mean, 0);
                logSum += Math.log(GAUSSIAN_ENTROPY_FACTOR * Math.sqrt(variance) + 1e-30);
            }
        }
        double bits = Math.log(Math.max(1.0, (double) n / bucketSize));
        double width = Math.exp((logSum / tables - bits) / projections);
        return Double.isFinite(width) && width > 0 && width < Float.MAX_VALUE ? (float) Math.max(width, Float.MIN_NORMAL) : 1f;
    }
}
