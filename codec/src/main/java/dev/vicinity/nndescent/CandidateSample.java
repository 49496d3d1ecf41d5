package dev.vicinity.nndescent;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Per row, a uniform random sample of at most {@code c} distinct ids among those offered (reservoir sampling):
 * NN-descent's candidate sets of one iteration. PyNNDescent keeps a bounded heap per row ordered by a random
 * priority drawn per edge, which samples uniformly too but sifts a heap on most offers; a reservoir replaces one slot
 * or none. Offers arrive for random rows (every edge is offered to both its ends), so each offer is a cache miss
 * either way; the sift was what it added on top (a sixth of the GloVe build).
 *
 * <p>Row {@code r}'s ids are {@code ids[r·c .. r·c + c)}, {@code -1} in unused slots.
 */
final class CandidateSample {

    final int c;
    final int[] ids;
    /** Distinct offers seen per row, sampled or not. */
    private final int[] seen;
    private final SplittableRandom random;

    CandidateSample(int rows, int c, SplittableRandom random) {
        this.c = c;
        this.ids = new int[Math.multiplyExact(rows, c)];
        this.seen = new int[rows];
        this.random = random;
        clear();
    }

    void clear() {
        Arrays.fill(ids, -1);
        Arrays.fill(seen, 0);
    }

    /** Offers {@code id} to {@code row}'s sample; an id already sampled there is ignored. */
    void offer(int row, int id) {
        int base = row * c;
        int filled = Math.min(seen[row], c);
        for (int i = base, end = base + filled; i < end; i++) {
            if (ids[i] == id) {
                return;
            }
        }
        int count = seen[row]++;
        if (count < c) {
            ids[base + count] = id;
        } else {
            int slot = random.nextInt(count + 1);
            if (slot < c) {
                ids[base + slot] = id;
            }
        }
    }

    /** Whether {@code id} is in {@code row}'s sample. */
    boolean contains(int row, int id) {
        for (int i = row * c, end = i + Math.min(seen[row], c); i < end; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }
}
