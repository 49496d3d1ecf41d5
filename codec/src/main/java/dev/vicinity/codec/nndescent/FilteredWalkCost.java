package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.VicinityVectorsFormat;

/**
 * Chooses, for one segment's graph, between the filtered walk and an exact scan of the accepted vectors, from what
 * the walk costs on this segment: the running mean of the distances recent filtered walks computed, against the
 * number of accepted vectors a scan would measure.
 *
 * <p>A walk's distance costs more than a scan's: {@value #WALK_TO_SCAN_COST} times, the middle of what
 * {@code FilteredWalkBench} measured on MNIST (784 dimensions): about 5x unfiltered and under a region of a tenth of
 * the points, 8x under every 10th point and 14x under every 20th, because a walk reads vectors and graph rows at
 * random, reads more rows per distance the fewer points are accepted, and keeps a queue and a visited set, while a
 * scan reads the accepted vectors in order and scores them in bulk. On fewer dimensions a distance is cheaper and
 * the rows weigh more, so the ratio is higher and this rule walks more often than the best choice would. The scan wins when the filter accepts
 * fewer vectors than {@value #WALK_TO_SCAN_COST} times the walk's expected distances. Two bounds apply first: fewer
 * than {@link VicinityVectorsFormat#EXACT_FILTER_MIN_FACTOR}{@code ·k} accepted vectors are always scanned, and so is
 * a filter accepting less than {@code 1/}{@value #MIN_FRACTION} of the segment, below which the walk was not measured
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

    /** How many scanned vectors one walk distance costs as much as (see the class javadoc). */
    static final float WALK_TO_SCAN_COST = 8f;
    /** Below one accepted vector in this many the walk is not used (see the class javadoc). */
    static final int MIN_FRACTION = 50;
    /** The weight of the newest walk in the running mean. */
    private static final float NEWEST_WEIGHT = 0.125f;

    /** One filtered search in this many walks even when the estimate says scan, so the estimate stays current. */
    static final int REMEASURE_EVERY = 16;
    /** A walk counts at most this many times the current mean (a walk stopped at the visit limit is an outlier). */
    private static final float MAX_SAMPLE_TO_MEAN = 4f;

    /** The running mean of filtered walks' distance counts, {@code NaN} before the first. */
    private volatile float meanVisits = Float.NaN;
    /** Counts the searches the estimate sent to a scan (racy: a lost increment only shifts the next re-measurement). */
    private int scannedByEstimate;

    /** Whether a search accepting about {@code accepted} of {@code n} vectors should scan them. */
    boolean exactCheaper(long accepted, int n, int k) {
        if (accepted < (long) VicinityVectorsFormat.EXACT_FILTER_MIN_FACTOR * k || accepted * MIN_FRACTION < n) {
            return true;
        }
        float mean = meanVisits;
        if (Float.isNaN(mean) || accepted > WALK_TO_SCAN_COST * mean) {
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
