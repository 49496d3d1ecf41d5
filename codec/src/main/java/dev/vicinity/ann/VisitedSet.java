package dev.vicinity.ann;

import java.util.Arrays;

/**
 * A set of non-negative ints sized by what one search touches, not by the number of points: open addressing with
 * linear probing over a power-of-two table kept at most half full. A searcher keeps one and {@link #clear()}s it
 * per query, so a query allocates nothing once the table has grown to its working size, and the heap a search holds
 * never grows with the segment (house rule 12). Clearing costs a fill of the table, which is at most four times the
 * largest number of points one query added.
 *
 * <p>Why not a bit set or a stamp array over all points: those cost {@code n} bits or ints per searching thread for
 * the life of a reader, whatever the query touches; a walk touches a few thousand points of millions.
 */
public final class VisitedSet {

    private static final int EMPTY = -1;
    private static final int MIN_CAPACITY = 256;
    /** Tables up to this many slots (256 KB) are kept whatever the last search used. */
    private static final int SHRINK_ABOVE = 1 << 16;

    private int[] table;
    private int mask;
    /** {@code 32 - log2(table.length)}: slots come from the high bits of the product, the well-mixed ones. */
    private int shift;
    private int size;

    public VisitedSet() {
        this(MIN_CAPACITY);
    }

    /** @param expected how many values a search is expected to add; the table grows past it as needed */
    public VisitedSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(MIN_CAPACITY, expected) * 2 - 1) << 1;
        resize(capacity);
    }

    private void resize(int capacity) {
        table = new int[capacity];
        Arrays.fill(table, EMPTY);
        mask = capacity - 1;
        shift = Integer.numberOfLeadingZeros(capacity) + 1;
    }

    /** Adds {@code value} ({@code >= 0}); returns {@code false} when it was already present. */
    public boolean add(int value) {
        int slot = slot(value);
        while (true) {
            int present = table[slot];
            if (present == EMPTY) {
                table[slot] = value;
                if (++size * 2 > table.length) {
                    grow();
                }
                return true;
            }
            if (present == value) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    public boolean contains(int value) {
        int slot = slot(value);
        while (true) {
            int present = table[slot];
            if (present == value) {
                return true;
            }
            if (present == EMPTY) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    public int size() {
        return size;
    }

    /**
     * Empties the set, keeping its table, unless the table grew far beyond what this search used (one unusual query,
     * say a filtered walk through much of a segment): then it shrinks back, so a pooled searcher does not keep the
     * largest table it ever needed.
     */
    public void clear() {
        if (table.length > SHRINK_ABOVE && size * 8L < table.length) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size)) * 4));
        } else if (size > 0) {
            Arrays.fill(table, EMPTY);
        }
        size = 0;
    }

    /**
     * The longest run of occupied slots: what a lookup may have to scan. Stays short (a few dozen at most) when values
     * spread over the whole table, as they must after every growth; tests check it.
     */
    int longestRun() {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < 2 * table.length; i++) { // twice round, for a run that wraps
            run = table[i & mask] == EMPTY ? 0 : run + 1;
            longest = Math.max(longest, Math.min(run, table.length));
        }
        return longest;
    }

    /** The bytes of the table, for accounting. */
    public long ramBytesUsed() {
        return 4L * table.length;
    }

    private void grow() {
        int[] old = table;
        resize(old.length * 2);
        for (int value : old) {
            if (value != EMPTY) {
                int slot = slot(value);
                while (table[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = value;
            }
        }
    }

    /**
     * Fibonacci hashing: the high bits of {@code value · 2^32/φ}, which spread both consecutive ids (the points of one
     * leaf) and ids with a power-of-two stride over the table.
     */
    private int slot(int value) {
        return (value * 0x9E3779B9) >>> shift;
    }
}
