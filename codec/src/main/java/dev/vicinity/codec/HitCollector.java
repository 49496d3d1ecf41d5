package dev.vicinity.codec;

import dev.vicinity.ann.NeighborCollector;
import dev.vicinity.metric.Metric;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.search.KnnCollector;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A method's hits, by ordinal and fast distance, written straight into Lucene's {@link KnnCollector}: the ordinal
 * becomes the document, the fast distance the score {@code metric.score(metric.toDistance(fastDistance))} (the formula
 * of every scoring path, see {@link QueryDistances}), so a hit is measured once. {@link #threshold()} is the
 * distance of the {@code k}-th best hit this segment offered, kept exactly in the fast-distance scale (so a walk's
 * decisions never depend on a score's rounding), tightened by the collector's {@code minCompetitiveSimilarity} when
 * that is better (a multi-segment collector carries the best hits of the segments searched before; Lucene's default
 * per-segment collector only this segment's).
 *
 * <p>It also remembers how many accepted ordinals were offered and the first {@code k} of them, so that the reader
 * can complete a search that found fewer than {@code k} hits with an exact scan of the others, without offering an
 * ordinal twice.
 */
public final class HitCollector implements NeighborCollector {

    private final KnnCollector collector;
    private final FloatVectorValues values;
    private final Metric metric;
    private final int[] firstOffered;
    private int offered;
    /** The fast distances of the {@code k} best hits offered: a max-heap, root = the worst kept. */
    private final float[] best;
    private int bestCount;

    private float threshold = Float.POSITIVE_INFINITY;

    HitCollector(KnnCollector collector, FloatVectorValues values, Metric metric) {
        this.collector = collector;
        this.values = values;
        this.metric = metric;
        this.firstOffered = new int[collector.k()];
        this.best = new float[collector.k()];
        updateThreshold();
    }

    /** The number of results the query wants from this segment. */
    public int k() {
        return collector.k();
    }

    @Override
    public boolean collect(int ord, float fastDistance) {
        if (offered < firstOffered.length) {
            firstOffered[offered] = ord;
        }
        offered++;
        if (fastDistance >= threshold) {
            return false;
        }
        keepBest(fastDistance);
        collector.collect(values.ordToDoc(ord), metric.score(metric.toDistance(fastDistance)));
        updateThreshold();
        return true;
    }

    @Override
    public float threshold() {
        return threshold;
    }

    /**
     * This segment's exact {@code k}-th best distance, or the collector's bar where it is strictly better (another
     * segment's hits): a score inverted to a distance is only trusted where this segment's own hits cannot say more.
     */
    private void updateThreshold() {
        float local = bestCount == best.length ? best[0] : Float.POSITIVE_INFINITY;
        float minScore = collector.minCompetitiveSimilarity();
        float localScore = local == Float.POSITIVE_INFINITY ? Float.NEGATIVE_INFINITY : metric.score(metric.toDistance(local));
        threshold = local;
        if (minScore > localScore) {
            float global = metric.toFastDistance(metric.distanceFromScore(minScore));
            if (global < threshold) { // NaN (a score the metric cannot invert) prunes nothing rather than everything
                threshold = global;
            }
        }
    }

    /** Adds a hit's distance to the {@code k} best. */
    private void keepBest(float fastDistance) {
        if (bestCount < best.length) {
            int i = bestCount++;
            while (i > 0 && best[(i - 1) >>> 1] < fastDistance) {
                best[i] = best[(i - 1) >>> 1];
                i = (i - 1) >>> 1;
            }
            best[i] = fastDistance;
            return;
        }
        int i = 0; // replace the root, which is worse (the caller checked the threshold)
        while (true) {
            int left = 2 * i + 1;
            if (left >= bestCount) {
                break;
            }
            int child = left + 1 < bestCount && best[left + 1] > best[left] ? left + 1 : left;
            if (best[child] <= fastDistance) {
                break;
            }
            best[i] = best[child];
            i = child;
        }
        best[i] = fastDistance;
    }

    /** Counts {@code count} distance computations against the query's visit limit. */
    public void visited(int count) {
        collector.incVisitedCount(count);
    }

    /** How many more distances the search may compute before it must stop (it is then early-terminated). */
    public long remainingVisits() {
        return collector.visitLimit() - collector.visitedCount();
    }

    /** Whether the visit limit stopped the search. */
    public boolean earlyTerminated() {
        return collector.earlyTerminated();
    }

    /** How many accepted ordinals were offered. */
    int offered() {
        return offered;
    }

    /**
     * Which ordinals were offered; exact only while fewer than {@code k} were, the only case the reader completes a
     * search in.
     */
    IntPredicate offeredOrds() {
        int[] sorted = Arrays.copyOf(firstOffered, Math.min(offered, firstOffered.length));
        Arrays.sort(sorted);
        return ord -> Arrays.binarySearch(sorted, ord) >= 0;
    }
}
