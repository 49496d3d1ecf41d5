package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.VicinityVectorsFormat;

/**
 * Chooses, for one segment's graph, between the filtered walk and an exact scan of the accepted vectors, from what
 * the walk costs on this segment: the running mean of the distances recent filtered walks computed, against the
 * number of accepted vectors a scan would measure.
 *
 * <p>A walk's distance costs more than a scanned vector ({@link #walkToScanCost()}): a walk reads vectors and graph
 * rows at random, reads more rows per distance the fewer points are accepted, and keeps a queue and a visited set,
 * while a scan reads the accepted vectors in order and scores them in bulk. The fewer the dimensions, the more the
 * walk's fixed part weighs. {@code FilteredWalkBench} measured, per walk distance against per scanned vector: MNIST
 * (784 dimensions) about 5x unfiltered, 8x under every 10th point and 14x under every 20th; GloVe (50) 13x
 * unfiltered, 14x under a region of a tenth of the points, 21x under every 10th and 50x under every 20th. The model
 * {@code 2 · (300 + 0.3·dims) / (10 + 0.15·dims)} (a walk distance about 0.3 µs plus 0.3 ns per dimension, doubled
 * for the rows a filter makes it read; a scanned vector 10 ns plus 0.15 ns per dimension) gives 8.4 at 784 and 36 at
 * 50 dimensions, the middle of each range. The scan wins when the filter accepts fewer vectors than that ratio times
 * the walk's expected distances. Two bounds apply first: fewer than
 * {@link VicinityVectorsFormat#EXACT_FILTER_MIN_FACTOR}{@code ·k} accepted vectors are always scanned, and so is a
 * filter accepting less than {@code 1/}{@value #MIN_FRACTION} of the segment, below which the walk was not measured
 * to keep its recall (MNIST, every 50th point accepted: recall@10 0.95 at epsilon 0.2; see {@code NNDescentSearcher}).
 *
 * <p>The estimate is kept honest in two ways: a walk counts at most {@value #MAX_SAMPLE_TO_MEAN} times the current
 * mean (under a filter that follows the data a few queries far from the accepted region walk until the visit limit,
 * and a plain mean taken on them sent every later search of the segment to the scan: measured through a node on MNIST
 * under a k-means cluster), and one search in {@value #REMEASURE_EVERY} that the estimate would scan walks anyway, so an
 * estimate that turned to scanning is measured again rather than kept forever.
 *
 * <p>Thread-safe without locks: the mean is one volatile float, and an update lost to a concurrent one only delays
 * the estimate. Until the first filtered walk there is no estimate and the bounds above decide alone.
 */
final class FilteredWalkCost {

    /** Below one accepted vector in this many the walk is not used (see the class javadoc). */
    static final int MIN_FRACTION = 50;
    /** The weight of the newest walk in the running mean. */
    private static final float NEWEST_WEIGHT = 0.125f;

    /** One filtered search in this many walks even when the estimate says scan, so the estimate stays current. */
    static final int REMEASURE_EVERY = 16;
    /** A walk counts at most this many times the current mean (a walk stopped at the visit limit is an outlier). */
    private static final float MAX_SAMPLE_TO_MEAN = 4f;

    private final float walkToScanCost;

    /** The running mean of filtered walks' distance counts, {@code NaN} before the first. */
    private volatile float meanVisits = Float.NaN;
    /** Counts the searches the estimate sent to a scan (racy: a lost increment only shifts the next re-measurement). */
    private int scannedByEstimate;

    /** @param dims the vectors' dimensions, which set what a walk distance costs against a scanned vector */
    FilteredWalkCost(int dims) {
        this.walkToScanCost = 2 * (300 + 0.3f * dims) / (10 + 0.15f * dims);
    }

    /** How many scanned vectors one walk distance costs as much as (see the class javadoc). */
    float walkToScanCost() {
        return walkToScanCost;
    }

    /** Whether a search accepting about {@code accepted} of {@code n} vectors should scan them. */
    boolean exactCheaper(long accepted, int n, int k) {
        if (accepted < (long) VicinityVectorsFormat.EXACT_FILTER_MIN_FACTOR * k || accepted * MIN_FRACTION < n) {
            return true;
        }
        float mean = meanVisits;
        if (Float.isNaN(mean) || accepted > walkToScanCost * mean) {
            return false;
        }
        return ++scannedByEstimate % REMEASURE_EVERY != 0;
    }

    /** Records the distances a filtered walk of this segment computed. */
    void walked(long visits) {
        float mean = meanVisits;
        meanVisits = Float.isNaN(mean) ? visits : mean + NEWEST_WEIGHT * (Math.min(visits, MAX_SAMPLE_TO_MEAN * mean) - mean);
    }

    /** The current estimate, {@code NaN} before the first filtered walk (for tests and stats). */
    float meanVisits() {
        return meanVisits;
    }
}
