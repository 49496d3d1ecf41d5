package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.VicinityVectorsFormat;

/**
 * Chooses, for one segment's graph, between the filtered walk and an exact scan of the accepted vectors, from what
 * the walk costs on this segment: the running mean of the distances recent filtered walks computed, against the
 * number of accepted vectors a scan would measure.
 *
 * <p>A walk's distance costs more than a scanned vector ({@link #walkToScanCost(double)}): a walk reads vectors
 * and graph rows at random and keeps a queue and a visited set, and the fewer points the filter accepts, the more
 * rows it reads per accepted point it finds; a scan reads the accepted vectors in order and scores them in bulk.
 * {@code FilteredWalkBench}, per walk distance against per scanned vector, one segment, quiet machine: MNIST (784
 * dimensions) 6.5x under every 10th point or a region of a tenth, 16x under every 20th, 33x under every 50th (the
 * walk 1.2, 1.65 and 3.1 µs per distance, about 0.7 µs plus 47 ns per distance divided by the accepted fraction);
 * GloVe (50 dimensions) 13x unfiltered, 21x under every 10th, 50x under every 20th. The model: a walk distance
 * costs {@code 150 + 0.5·dims + 47.5 / fraction} ns and a scanned vector {@code 10 + 0.15·dims} ns, which gives
 * 8.0x, 11.7x and 22.9x for MNIST's three filters (within 1.5x of what was measured) and 37x and 64x for GloVe's
 * (1.3x to 1.8x above: on GloVe it scans somewhat more often than the best choice would). With it, MNIST under every
 * 50th point is scanned (0.12 ms a query, the walk took 0.25 ms), under every 10th walked (0.3 to 0.5 ms, the scan
 * 1.0 ms).
 * The scan wins when the filter accepts fewer vectors than that ratio times
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

    /** The graph rows per walk distance, in ns, at a filter accepting every point (it grows as 1 / fraction). */
    private static final float ROW_NANOS = 47.5f;
    /** One filtered search in this many walks even when the estimate says scan, so the estimate stays current. */
    static final int REMEASURE_EVERY = 16;
    /** A walk counts at most this many times the current mean (a walk stopped at the visit limit is an outlier). */
    private static final float MAX_SAMPLE_TO_MEAN = 4f;

    /** What a walk distance costs beyond the rows a filter makes it read, and a scanned vector, in ns (one dimension). */
    private final float walkNanos;
    private final float scanNanos;

    /** The running mean of filtered walks' distance counts, {@code NaN} before the first. */
    private volatile float meanVisits = Float.NaN;
    /** Counts the searches the estimate sent to a scan (racy: a lost increment only shifts the next re-measurement). */
    private int scannedByEstimate;

    /** @param dims the vectors' dimensions, which set what a walk distance costs against a scanned vector */
    FilteredWalkCost(int dims) {
        this.walkNanos = 150 + 0.5f * dims;
        this.scanNanos = 10 + 0.15f * dims;
    }

    /**
     * How many scanned vectors one walk distance costs as much as, when the filter accepts {@code fraction} of the
     * segment (see the class javadoc).
     */
    float walkToScanCost(double fraction) {
        return (float) ((walkNanos + ROW_NANOS / fraction) / scanNanos);
    }

    /** Whether a search accepting about {@code accepted} of {@code n} vectors should scan them. */
    boolean exactCheaper(long accepted, int n, int k) {
        if (accepted < (long) VicinityVectorsFormat.EXACT_FILTER_MIN_FACTOR * k || accepted * MIN_FRACTION < n) {
            return true;
        }
        float mean = meanVisits;
        if (Float.isNaN(mean) || accepted > walkToScanCost((double) accepted / n) * mean) {
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
