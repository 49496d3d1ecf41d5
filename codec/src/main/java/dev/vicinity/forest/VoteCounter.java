package dev.vicinity.forest;

import java.util.Arrays;

/**
 * Counts how many visited leaves hold each candidate (its votes), in an open-addressing hash table sized by the
 * number of candidate slots, not by the number of points, and reused across queries: clearing touches only the
 * entries used. Each entry is a (point, votes) pair of adjacent ints, so a vote costs one cache miss. Remembers the
 * candidates in the order they were first met.
 */
final class VoteCounter {

    private static final int EMPTY = -1;

    /** {@code table[2·slot]} is a point or {@link #EMPTY}, {@code table[2·slot + 1]} its votes. */
    private int[] table = new int[0];
    private int mask;
    private int shift;
    /** Distinct candidates in first-met order, and the table slot of each. */
    private int[] order = new int[64];
    private int[] slotOf = new int[64];
    private int distinct;

    /** Empties the counter and makes room for {@code slots} additions without growing. */
    void reset(int slots) {
        int wanted = Integer.highestOneBit(Math.max(16, slots) * 2 - 1) << 1; // at most half full
        if (2 * wanted > table.length) {
            allocate(wanted);
        } else {
            for (int i = 0; i < distinct; i++) {
                table[2 * slotOf[i]] = EMPTY;
            }
        }
        distinct = 0;
    }

    private void allocate(int slots) {
        table = new int[2 * slots];
        for (int i = 0; i < table.length; i += 2) {
            table[i] = EMPTY;
        }
        mask = slots - 1;
        shift = Integer.numberOfLeadingZeros(mask);
    }

    /** Adds one vote for {@code point}. */
    void vote(int point) {
        int slot = (point * 0x9E3779B9) >>> shift;
        while (true) {
            int key = table[2 * slot];
            if (key == point) {
                table[2 * slot + 1]++;
                return;
            }
            if (key == EMPTY) {
                table[2 * slot] = point;
                table[2 * slot + 1] = 1;
                if (distinct == order.length) {
                    order = Arrays.copyOf(order, distinct * 2);
                    slotOf = Arrays.copyOf(slotOf, distinct * 2);
                }
                order[distinct] = point;
                slotOf[distinct++] = slot;
                if (distinct * 2 > mask + 1) {
                    grow();
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    int distinct() {
        return distinct;
    }

    /** The {@code i}-th distinct candidate, in first-met order. */
    int candidate(int i) {
        return order[i];
    }

    /** The votes of the {@code i}-th distinct candidate. */
    int votes(int i) {
        return table[2 * slotOf[i] + 1];
    }

    /** Doubles the table; only when a query met more distinct candidates than {@link #reset} made room for. */
    private void grow() {
        int[] old = table;
        allocate(2 * (mask + 1));
        for (int i = 0; i < distinct; i++) {
            int point = order[i];
            int slot = (point * 0x9E3779B9) >>> shift;
            while (table[2 * slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            table[2 * slot] = point;
            table[2 * slot + 1] = old[2 * slotOf[i] + 1];
            slotOf[i] = slot;
        }
    }
}
