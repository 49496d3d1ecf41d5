package dev.vicinity.forest;

import java.util.Arrays;

/**
 * The nearest hits of one {@link ForestSearcher#search}, nearest first, with their fast distances (the metric's
 * {@code fastDistance}; convert with {@code toDistance}), the number of candidates measured and the slots gathered.
 */
public record ForestHits(int[] ords, float[] fastDistances, int measured, long slots) {

    public int size() {
        return ords.length;
    }

    /** The {@code k} nearest of {@code ords[0 .. count)}, ties by ordinal. */
    static ForestHits nearest(int[] ords, float[] distances, int count, int k, long slots) {
        int keep = Math.min(k, count);
        // a max-heap of the best keep candidates, root = the worst kept
        int[] heapIds = new int[keep];
        float[] heapDistances = new float[keep];
        int size = 0;
        for (int i = 0; i < count; i++) {
            int id = ords[i];
            float d = distances[i];
            if (size < keep) {
                int at = size++;
                while (at > 0) {
                    int parent = (at - 1) >>> 1;
                    if (worse(id, d, heapIds[parent], heapDistances[parent])) {
                        heapIds[at] = heapIds[parent];
                        heapDistances[at] = heapDistances[parent];
                        at = parent;
                    } else {
                        break;
                    }
                }
                heapIds[at] = id;
                heapDistances[at] = d;
            } else if (worse(heapIds[0], heapDistances[0], id, d)) {
                siftDown(heapIds, heapDistances, size, id, d);
            }
        }
        int[] outIds = new int[size];
        float[] outDistances = new float[size];
        for (int end = size - 1; end >= 0; end--) {
            outIds[end] = heapIds[0];
            outDistances[end] = heapDistances[0];
            siftDown(heapIds, heapDistances, end, heapIds[end], heapDistances[end]);
        }
        return new ForestHits(outIds, outDistances, count, slots);
    }

    private static boolean worse(int a, float da, int b, float db) {
        return da > db || (da == db && a > b);
    }

    private static void siftDown(int[] ids, float[] dists, int size, int id, float d) {
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(ids[child + 1], dists[child + 1], ids[child], dists[child])) {
                child++;
            }
            if (worse(ids[child], dists[child], id, d) == false) {
                break; // the entry is at least as bad as both children: it stays here
            }
            ids[at] = ids[child];
            dists[at] = dists[child];
            at = child;
        }
        if (size > 0) {
            ids[at] = id;
            dists[at] = d;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForestHits that && Arrays.equals(ords, that.ords) && Arrays.equals(fastDistances, that.fastDistances)
            && measured == that.measured && slots == that.slots;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ords) * 31 + Arrays.hashCode(fastDistances);
    }
}
