package dev.vicinity.nndescent;

import java.util.Arrays;

import dev.vicinity.metric.Metric;

/** The k best hits of a search so far: a max-heap on the fast distance, root = the worst kept hit. Reused across queries. */
final class ResultHeap {

    private int[] ids = new int[16];
    private float[] dists = new float[16];
    private int size;
    private int capacity;

    void reset(int k) {
        if (ids.length < k) {
            ids = new int[k];
            dists = new float[k];
        }
        capacity = k;
        size = 0;
    }

    boolean isFull() {
        return size == capacity;
    }

    float worst() {
        return dists[0];
    }

    /** Adds the hit if there is room or it beats the worst; callers never offer the same id twice. */
    void offer(int id, float dist) {
        if (size < capacity) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (dists[parent] >= dist) {
                    break;
                }
                ids[i] = ids[parent];
                dists[i] = dists[parent];
                i = parent;
            }
            ids[i] = id;
            dists[i] = dist;
        } else if (dist < dists[0]) {
            siftDown(id, dist, size);
        }
    }

    private void siftDown(int id, float dist, int heapSize) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= heapSize) {
                break;
            }
            int right = left + 1;
            int child = right < heapSize && dists[right] > dists[left] ? right : left;
            if (dists[child] <= dist) {
                break;
            }
            ids[i] = ids[child];
            dists[i] = dists[child];
            i = child;
        }
        ids[i] = id;
        dists[i] = dist;
    }

    /** The hits nearest first, with distances converted to the metric's true distance; empties the heap. */
    SearchResult toResult(Metric metric, long visited, boolean earlyTerminated) {
        int count = size;
        int[] outIds = new int[count];
        float[] outDists = new float[count];
        for (int end = count - 1; end >= 0; end--) {
            outIds[end] = ids[0];
            outDists[end] = metric.toDistance(dists[0]);
            int lastId = ids[end];
            float lastDist = dists[end];
            siftDown(lastId, lastDist, end);
        }
        size = 0;
        return new SearchResult(Arrays.copyOf(outIds, count), outDists, visited, earlyTerminated);
    }
}
