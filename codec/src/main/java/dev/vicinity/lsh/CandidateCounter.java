package dev.vicinity.lsh;

/**
 * The distinct candidates of one query and in how many tables each was found, in an open-addressing hash table sized
 * by the number of candidates (never by the segment), reused from query to query: clearing costs one store per
 * candidate of the previous query. A slot holds the ordinal plus one and its count side by side, so counting a
 * candidate seen before touches one cache line; the order of discovery is kept as a list of slots.
 *
 * <p>{@link #select} keeps, when there are more candidates than wanted, those found in the most tables (a vector
 * that shares a bucket with the query in more tables is more likely near it, as in elastiknn's and MRPT's counting),
 * ties going to the one found first, that is, in a more likely bucket.
 */
final class CandidateCounter {

    /** Slot {@code s}: {@code table[2s]} = ordinal + 1 (0 = empty), {@code table[2s + 1]} = count. */
    private int[] table = new int[2 * 1024];
    private int mask = 1023;
    /** The slots in order of discovery. */
    private int[] found = new int[512];
    private int size;
    private int[] histogram = new int[64];
    private int[] counts = new int[512];

    void reset() {
        for (int i = 0; i < size; i++) {
            table[2 * found[i]] = 0;
        }
        size = 0;
    }

    int size() {
        return size;
    }

    void add(int ord) {
        int key = ord + 1;
        int slot = mix(key) & mask;
        int[] t = table;
        while (true) {
            int s = t[2 * slot];
            if (s == key) {
                t[2 * slot + 1]++;
                return;
            }
            if (s == 0) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        t[2 * slot] = key;
        t[2 * slot + 1] = 1;
        if (size == found.length) {
            found = java.util.Arrays.copyOf(found, size * 2);
        }
        found[size++] = slot;
        if (size * 2 > mask + 1) {
            grow();
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
        for (int i = 0; i < size; i++) {
            int key = old[2 * found[i]];
            int count = old[2 * found[i] + 1];
            int slot = mix(key) & mask;
            while (table[2 * slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[2 * slot] = key;
            table[2 * slot + 1] = count;
            found[i] = slot;
        }
    }

    /** How many tables the {@code i}-th distinct candidate (in order of discovery) was found in. */
    int count(int i) {
        return table[2 * found[i] + 1];
    }

    int ord(int i) {
        return table[2 * found[i]] - 1;
    }

    /**
     * Copies at most {@code max} candidates into {@code out} (large enough) and returns how many: all of them in
     * order of discovery when they fit, else those found in the most tables, ties to the earlier found, still in
     * order of discovery.
     */
    int select(int max, int[] out) {
        int[] t = table;
        if (size <= max) {
            for (int i = 0; i < size; i++) {
                out[i] = t[2 * found[i]] - 1;
            }
            return size;
        }
        // one pass gathers the counts from the table into discovery order; the rest reads them sequentially
        if (counts.length < size) {
            counts = new int[found.length];
        }
        int maxCount = 0;
        for (int i = 0; i < size; i++) {
            int c = t[2 * found[i] + 1];
            counts[i] = c;
            maxCount = Math.max(maxCount, c);
        }
        if (histogram.length <= maxCount) {
            histogram = new int[maxCount + 1];
        }
        java.util.Arrays.fill(histogram, 0, maxCount + 1, 0);
        for (int i = 0; i < size; i++) {
            histogram[counts[i]]++;
        }
        int threshold = maxCount;
        int above = 0; // candidates with a count above the threshold
        while (above + histogram[threshold] < max) {
            above += histogram[threshold];
            threshold--;
        }
        int atThreshold = max - above;
        int n = 0;
        for (int i = 0; i < size; i++) {
            int c = counts[i];
            if (c > threshold || (c == threshold && atThreshold-- > 0)) {
                out[n++] = t[2 * found[i]] - 1;
            }
        }
        return n;
    }
}
