package dev.vicinity.lsh;

/**
 * The distinct candidates of one query and their scores, in an open-addressing hash table sized by the number of
 * candidates (never by the segment), reused from query to query: clearing costs one store per candidate of the
 * previous query. A slot holds the ordinal plus one and its score side by side, so scoring a candidate seen before
 * touches one cache line.
 *
 * <p>A candidate's score is the sum of the weights of the buckets it was found in (see {@link LshSearcher}: about
 * {@code log2(n / bucket size)}, so a vector that shares a bucket with the query in more tables, and in smaller
 * buckets, is more likely near it, as in elastiknn's and MRPT's counting). {@link #select} keeps, when there are more
 * candidates than wanted, those with the highest scores, without scanning every candidate: a histogram of the scores
 * is kept up to date while counting, which gives the threshold score at once, and the candidates found at least
 * twice are listed as they get their second vote, so when the threshold exceeds every single vote's weight (the
 * usual case: most candidates are found once) only those are read. Ties at the threshold go to the candidate met
 * first in that list (found a second time earlier) or, when single votes reach the threshold, discovered earlier:
 * both follow the order of more likely buckets.
 */
final class CandidateCounter {

    /** Slot {@code s}: {@code table[2s]} = ordinal + 1 (0 = empty), {@code table[2s + 1]} = score << 1 | (found twice). */
    private int[] table = new int[2 * 1024];
    private int mask = 1023;
    /** The slots in order of discovery. */
    private int[] found = new int[512];
    private int size;
    /** The slots of the candidates found at least twice, in the order they were found a second time. */
    private int[] repeated = new int[512];
    private int repeatedSize;
    /** {@code histogram[c]}: how many candidates have score {@code c}. */
    private int[] histogram = new int[64];
    private int maxScore;
    private int maxWeight;

    void reset() {
        for (int i = 0; i < size; i++) {
            table[2 * found[i]] = 0;
        }
        java.util.Arrays.fill(histogram, 0, Math.min(histogram.length, maxScore + 1), 0);
        size = 0;
        repeatedSize = 0;
        maxScore = 0;
        maxWeight = 0;
    }

    /** The number of distinct candidates. */
    int size() {
        return size;
    }

    /** Counts a vote of {@code weight} (at least 1) for {@code ord}. */
    void add(int ord, int weight) {
        if (weight > maxWeight) {
            maxWeight = weight;
        }
        int key = ord + 1;
        int slot = mix(key) & mask;
        int[] t = table;
        while (true) {
            int s = t[2 * slot];
            if (s == key) {
                int packed = t[2 * slot + 1];
                int before = packed >>> 1;
                t[2 * slot + 1] = ((before + weight) << 1) | 1;
                scored(before, before + weight);
                if ((packed & 1) == 0) {
                    if (repeatedSize == repeated.length) {
                        repeated = java.util.Arrays.copyOf(repeated, repeatedSize * 2);
                    }
                    repeated[repeatedSize++] = slot;
                }
                return;
            }
            if (s == 0) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        t[2 * slot] = key;
        t[2 * slot + 1] = weight << 1;
        scored(0, weight);
        if (size == found.length) {
            found = java.util.Arrays.copyOf(found, size * 2);
        }
        found[size++] = slot;
        if (size * 2 > mask + 1) {
            grow();
        }
    }

    /** A candidate's score went from {@code before} to {@code after}. */
    private void scored(int before, int after) {
        if (after >= histogram.length) {
            histogram = java.util.Arrays.copyOf(histogram, Math.max(after + 1, histogram.length * 2));
        }
        histogram[before]--; // histogram[0] goes negative and is never read
        histogram[after]++;
        if (after > maxScore) {
            maxScore = after;
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        int[] old = table;
        int capacity = 2 * (mask + 1);
        table = new int[2 * capacity];
        mask = capacity - 1;
        int[] moved = new int[old.length / 2]; // old slot -> new slot, to renumber the repeated list
        for (int i = 0; i < size; i++) {
            int key = old[2 * found[i]];
            int slot = mix(key) & mask;
            while (table[2 * slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[2 * slot] = key;
            table[2 * slot + 1] = old[2 * found[i] + 1];
            moved[found[i]] = slot;
            found[i] = slot;
        }
        for (int i = 0; i < repeatedSize; i++) {
            repeated[i] = moved[repeated[i]];
        }
    }

    /** The score of the {@code i}-th distinct candidate, in order of discovery. */
    int score(int i) {
        return table[2 * found[i] + 1] >>> 1;
    }

    int ord(int i) {
        return table[2 * found[i]] - 1;
    }

    /**
     * Copies at most {@code max} candidates into {@code out} (large enough) and returns how many: all of them in
     * order of discovery when they fit, else those with the highest scores (see the class documentation for ties).
     */
    int select(int max, int[] out) {
        int[] t = table;
        if (size <= max) {
            for (int i = 0; i < size; i++) {
                out[i] = t[2 * found[i]] - 1;
            }
            return size;
        }
        int threshold = maxScore;
        int above = 0; // candidates scoring above the threshold
        while (above + histogram[threshold] < max) {
            above += histogram[threshold];
            threshold--;
        }
        int atThreshold = max - above;
        int[] list = threshold > maxWeight ? repeated : found;
        int listSize = threshold > maxWeight ? repeatedSize : size;
        int n = 0;
        for (int i = 0; i < listSize; i++) {
            int slot = list[i];
            int score = t[2 * slot + 1] >>> 1;
            if (score > threshold || (score == threshold && atThreshold-- > 0)) {
                out[n++] = t[2 * slot] - 1;
            }
        }
        return n;
    }
}
