package dev.vicinity.lsh;

/**
 * The distinct candidates of one query and in how many tables each was found, in an open-addressing hash set sized
 * by the number of candidates (never by the segment), reused from query to query: clearing costs one store per
 * candidate of the previous query.
 *
 * <p>{@link #select} keeps, when there are more candidates than wanted, those found in the most tables (a vector
 * that shares a bucket with the query in more tables is more likely near it, as in elastiknn's and MRPT's counting),
 * ties going to the one found first, that is, in a more likely bucket.
 */
final class CandidateCounter {

    private int[] slots = new int[1024]; // ord + 1, 0 = empty
    private int[] slotIndex = new int[1024];
    private int mask = 1023;
    private int[] ords = new int[512];
    private int[] counts = new int[512];
    private int[] slotOf = new int[512];
    private int size;
    private int[] histogram = new int[64];

    void reset() {
        for (int i = 0; i < size; i++) {
            slots[slotOf[i]] = 0;
        }
        size = 0;
    }

    int size() {
        return size;
    }

    void add(int ord) {
        int key = ord + 1;
        int slot = mix(key) & mask;
        while (true) {
            int s = slots[slot];
            if (s == key) {
                counts[slotIndex[slot]]++;
                return;
            }
            if (s == 0) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = key;
        slotIndex[slot] = size;
        if (size == ords.length) {
            int grown = size * 2;
            ords = java.util.Arrays.copyOf(ords, grown);
            counts = java.util.Arrays.copyOf(counts, grown);
            slotOf = java.util.Arrays.copyOf(slotOf, grown);
        }
        ords[size] = ord;
        counts[size] = 1;
        slotOf[size] = slot;
        size++;
        if (size * 2 > slots.length) {
            grow();
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        int capacity = slots.length * 2;
        slots = new int[capacity];
        slotIndex = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            int key = ords[i] + 1;
            int slot = mix(key) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = key;
            slotIndex[slot] = i;
            slotOf[i] = slot;
        }
    }

    /** How many tables the {@code i}-th distinct candidate (in order of discovery) was found in. */
    int count(int i) {
        return counts[i];
    }

    int ord(int i) {
        return ords[i];
    }

    /**
     * Copies at most {@code max} candidates into {@code out} (large enough) and returns how many: all of them in
     * order of discovery when they fit, else those found in the most tables, ties to the earlier found, still in
     * order of discovery.
     */
    int select(int max, int[] out) {
        if (size <= max) {
            System.arraycopy(ords, 0, out, 0, size);
            return size;
        }
        int maxCount = 0;
        for (int i = 0; i < size; i++) {
            maxCount = Math.max(maxCount, counts[i]);
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
                out[n++] = ords[i];
            }
        }
        return n;
    }
}
