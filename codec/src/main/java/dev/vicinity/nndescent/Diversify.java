package dev.vicinity.nndescent;

import java.util.SplittableRandom;

/**
 * The occlusion rule of PyNNDescent's {@code diversify} / {@code diversify_csr} (the relative-neighbourhood-graph
 * rule, as in HNSW's heuristic): walking the neighbours of {@code center} from nearest to farthest, a neighbour
 * {@code j} is dropped (with probability {@code prob}) when an already kept neighbour {@code c} is closer to
 * {@code j} than {@code center} is, i.e. {@code d(j, c) < d(center, j)}: the path through {@code c} makes the edge
 * redundant, so the graph keeps edges in diverse directions.
 *
 * <p>PyNNDescent skips kept neighbours at distance {@code <= FLOAT32_EPS}, to stop the point itself (its own first
 * neighbour) from occluding anything. This tests {@code c != center} instead, which is the same for metrics with
 * non-negative distances and stays right for {@code dot}, whose distances can be negative.
 */
final class Diversify {

    private Diversify() {}

    /**
     * Prunes the row {@code ids/weights[from .. to)}, already sorted by increasing weight (= distance to
     * {@code center}), keeping survivors in order at the front of the range; returns how many survived. The first
     * entry is always kept.
     */
    static int prune(int center, int[] ids, float[] weights, int from, int to, OrdDistance distance, float prob, SplittableRandom random) {
        if (to <= from) {
            return 0;
        }
        int kept = from + 1;
        for (int e = from + 1; e < to; e++) {
            int j = ids[e];
            float dj = weights[e];
            boolean keep = true;
            for (int m = from; m < kept; m++) {
                int c = ids[m];
                if (c != center && distance.distance(j, c) < dj && (prob >= 1f || random.nextDouble() < prob)) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                ids[kept] = j;
                weights[kept] = dj;
                kept++;
            }
        }
        return kept - from;
    }
}
