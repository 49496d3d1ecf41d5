package dev.vicinity.forest;

import java.util.Arrays;

/**
 * The search's priority queue over the nodes of all trees: a binary max-heap of {@code (priority, code)} pairs, each
 * packed into one long whose order is the priority's order (the float's bits made sortable in the high half, the
 * node code in the low half, which breaks ties). Grows as needed and is reused across queries.
 */
final class NodeQueue {

    private long[] heap = new long[64];
    private int size;

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(float priority, int code) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        long entry = pack(priority, code);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    /** The highest priority queued; the queue must not be empty. */
    float topPriority() {
        return priority(heap[0]);
    }

    /** Removes the entry with the highest priority and returns it packed; see {@link #priority} and {@link #code}. */
    long pop() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right] > heap[child]) {
                child = right;
            }
            if (heap[child] <= last) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return top;
    }

    static long pack(float priority, int code) {
        int bits = Float.floatToIntBits(priority);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (code & 0xffffffffL);
    }

    static float priority(long entry) {
        int sortable = (int) (entry >> 32);
        int bits = sortable ^ ((sortable >> 31) & 0x7fffffff);
        return Float.intBitsToFloat(bits);
    }

    static int code(long entry) {
        return (int) entry;
    }
}
