package dev.vicinity.nndescent;

import java.util.Arrays;

/**
 * One bounded max-heap per row, all in flat arrays (row {@code r} occupies slots {@code r·k .. r·k + k - 1}, root
 * first): PyNNDescent's {@code make_heap}. Empty slots hold id {@code -1} at distance {@code +∞}, so they sit at the
 * root and are replaced first. Flat primitive arrays keep a 60k×30 graph in three allocations instead of millions of
 * objects, and rows are contiguous for the cache.
 *
 * <p>Each row's worst distance (its root) is mirrored in a compact array: NN-descent tests every candidate pair
 * against both rows' worst before touching either row, and on large sets the rows themselves are cache misses
 * (GloVe: 48 MB of distances) while the mirror (1.6 MB) stays cached.
 *
 * <p>It holds the k-NN graph under construction: distance = fast distance, flag = new/old (the candidate sets of an
 * iteration are a {@link CandidateSample}).
 */
final class NeighborHeap {

    static final byte OLD = 0;
    static final byte NEW = 1;

    final int rows;
    final int k;
    final int[] ids;
    final float[] dists;
    final byte[] flags;
    /** {@code worsts[row] == dists[row·k]} while the rows are heaps (until {@link #deheapSort}). */
    private final float[] worsts;

    NeighborHeap(int rows, int k) {
        this.rows = rows;
        this.k = k;
        this.ids = new int[Math.multiplyExact(rows, k)];
        this.dists = new float[ids.length];
        this.flags = new byte[ids.length];
        this.worsts = new float[rows];
        clear();
    }

    void clear() {
        Arrays.fill(ids, -1);
        Arrays.fill(dists, Float.POSITIVE_INFINITY);
        Arrays.fill(worsts, Float.POSITIVE_INFINITY);
        Arrays.fill(flags, OLD);
    }

    /** The largest distance in the row: the bar a new entry must pass. */
    float worst(int row) {
        return worsts[row];
    }

    /**
     * Pushes {@code id} at {@code dist} into {@code row} unless {@code dist} is not below the row's worst or the id is
     * already present (PyNNDescent's {@code checked_flagged_heap_push}); returns whether the row changed.
     */
    boolean push(int row, int id, float dist, byte flag) {
        if (dist >= worsts[row]) {
            return false;
        }
        int base = row * k;
        for (int i = base, end = base + k; i < end; i++) {
            if (ids[i] == id) {
                return false;
            }
        }
        siftDown(base, id, dist, flag);
        worsts[row] = dists[base];
        return true;
    }

    /** Whether {@code id} is in {@code row}. */
    boolean contains(int row, int id) {
        for (int i = row * k, end = i + k; i < end; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Replaces the root of the heap at {@code base} by the entry and restores the heap order below it. */
    private void siftDown(int base, int id, float dist, byte flag) {
        siftDown(base, k, id, dist, flag);
    }

    private void siftDown(int base, int size, int id, float dist, byte flag) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                break;
            }
            int right = left + 1;
            int child = right < size && dists[base + right] > dists[base + left] ? right : left;
            if (dists[base + child] <= dist) {
                break;
            }
            ids[base + i] = ids[base + child];
            dists[base + i] = dists[base + child];
            flags[base + i] = flags[base + child];
            i = child;
        }
        ids[base + i] = id;
        dists[base + i] = dist;
        flags[base + i] = flag;
    }

    /**
     * Sorts every row by increasing distance in place (PyNNDescent's {@code deheap_sort}); afterwards the rows are no
     * longer heaps. Empty slots ({@code -1}, {@code +∞}) end up last.
     */
    void deheapSort() {
        for (int row = 0; row < rows; row++) {
            int base = row * k;
            for (int end = k - 1; end > 0; end--) {
                int id = ids[base + end];
                float dist = dists[base + end];
                byte flag = flags[base + end];
                ids[base + end] = ids[base];
                dists[base + end] = dists[base];
                flags[base + end] = flags[base];
                siftDown(base, end, id, dist, flag);
            }
        }
    }
}
