package dev.vicinity.nndescent;

import java.util.Arrays;

import dev.vicinity.ann.NeighborCollector;
import dev.vicinity.metric.Metric;

/**
 * The k best hits of a search so far: a max-heap on the fast distance, root = the worst kept hit. Reused across
 * queries. The collector of on-heap searches and of walks that measure approximately (int8), whose hits are rescored.
 */
public final class ResultHeap implements NeighborCollector {

    private int[] ids = new int[16];
    private float[] dists = new float[16];
    private int size;
    private int capacity;

    /** Empties the heap and sets how many hits it keeps. */
    public void reset(int k) {
        if (ids.length < k) {
            ids = new int[k];
            dists = new float[k];
        }
        capacity = k;
        size = 0;
    }

    /** Adds the hit if there is room or it beats the worst; callers never offer the same id twice. */
    @Override
    public boolean collect(int id, float dist) {
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
            return true;
        } else if (dist < dists[0]) {
            siftDown(id, dist, size);
            return true;
        }
        return false;
    }

    @Override
    public float threshold() {
        return size == capacity ? dists[0] : Float.POSITIVE_INFINITY;
    }

    /** The number of hits held. */
    public int size() {
        return size;
    }

    /** The id of hit {@code i} in heap order (not sorted). */
    public int id(int i) {
        return ids[i];
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
    public SearchResult toResult(Metric metric, long visited, boolean earlyTerminated) {
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
