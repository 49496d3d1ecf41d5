package dev.vicinity.codec;

import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.function.IntPredicate;

/**
 * The exhaustive search: scores every accepted vector of the segment and offers it to the collector. It is the
 * {@code exact} method's search, and the generic fallback of every other method for segments too small to carry a
 * structure, for restrictive filters, and to complete a search that found fewer than {@code k} hits.
 *
 * <p>Vectors are scored in batches of {@value #BATCH} ordinals so a scorer can use its bulk path, and each batch is
 * cut to the collector's remaining visit budget, so the visit limit is honoured exactly rather than rounded up to a
 * batch. A batch whose best score cannot enter the collector is skipped. Heap use is two fixed arrays, whatever the
 * segment size.
 */
final class ExactSearch {

    static final int BATCH = 64;

    private ExactSearch() {}

    /**
     * @param scorer scores by ordinal against the query and maps ordinals to doc ids
     * @param acceptOrds the ordinals that may match (deletions and the user's filter), {@code null} for all
     * @param skip ordinals not to offer (already offered by an approximate search), or {@code null}
     */
    static void search(RandomVectorScorer scorer, KnnCollector collector, Bits acceptOrds, IntPredicate skip) throws IOException {
        int maxOrd = scorer.maxOrd();
        if (maxOrd == 0 || collector.k() == 0) {
            return;
        }
        int[] ords = new int[BATCH];
        float[] scores = new float[BATCH];
        int batchSize = nextBatchSize(collector);
        int count = 0;
        // a filter's bit set is walked by its set bits: testing every ordinal of a large segment cost as much as
        // scoring the accepted vectors under a sparse filter on few dimensions (GloVe, every 20th document)
        BitSet acceptedSet = acceptOrds instanceof BitSet bits && bits.length() >= maxOrd ? bits : null;
        for (int ord = nextCandidate(acceptedSet, 0, maxOrd); ord < maxOrd && batchSize > 0; ord = nextCandidate(acceptedSet, ord + 1, maxOrd)) {
            if ((acceptedSet == null && acceptOrds != null && acceptOrds.get(ord) == false) || (skip != null && skip.test(ord))) {
                continue;
            }
            ords[count++] = ord;
            if (count == batchSize) {
                scoreAndCollect(scorer, collector, ords, scores, count);
                count = 0;
                batchSize = nextBatchSize(collector);
            }
        }
        if (count > 0) {
            scoreAndCollect(scorer, collector, ords, scores, count);
        }
    }

    /** {@code from} itself without a bit set, else the next accepted ordinal at or after it ({@code maxOrd} when none). */
    private static int nextCandidate(BitSet accepted, int from, int maxOrd) {
        if (accepted == null || from >= maxOrd) {
            return from;
        }
        int next = accepted.nextSetBit(from);
        return next == DocIdSetIterator.NO_MORE_DOCS ? maxOrd : Math.min(next, maxOrd);
    }

    /** The size of the next batch: {@value #BATCH}, less when the visit budget is nearly spent, 0 when it is. */
    private static int nextBatchSize(KnnCollector collector) {
        if (collector.earlyTerminated()) {
            return 0;
        }
        long budget = collector.visitLimit() - collector.visitedCount();
        return (int) Math.max(0, Math.min(BATCH, budget));
    }

    private static void scoreAndCollect(RandomVectorScorer scorer, KnnCollector collector, int[] ords, float[] scores, int count)
        throws IOException {
        collector.incVisitedCount(count);
        float maxScore = scorer.bulkScore(ords, scores, count);
        // Skip the batch when none of it can enter the collector's current top k.
        if (maxScore >= collector.minCompetitiveSimilarity()) {
            for (int i = 0; i < count; i++) {
                collector.collect(scorer.ordToDoc(ords[i]), scores[i]);
            }
        }
    }
}
