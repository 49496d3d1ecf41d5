package dev.vicinity.bench;

import dev.vicinity.eval.Neighbors;
import dev.vicinity.metric.Metric;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The exact {@code k} nearest base rows of each query, with distances measured by the dataset's metric. Ids come from
 * the dataset's own ground truth when it has one (its first {@code k} ids, distances re-measured so that both sides of
 * every comparison use one metric); otherwise from a brute-force scan (ties broken by the lower row, like the shipped
 * files), spread over all cores.
 */
final class GroundTruth {

    private GroundTruth() {}

    static Neighbors[] of(Dataset dataset, int queryCount, int k, Progress progress) {
        Neighbors[] result = new Neighbors[queryCount];
        Metric metric = dataset.metric();
        if (dataset.neighbors() != null) {
            for (int q = 0; q < queryCount; q++) {
                int[] ids = Arrays.copyOf(dataset.neighbors()[q], Math.min(k, dataset.neighbors()[q].length));
                float[] distances = new float[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    distances[i] = metric.distance(dataset.queries()[q], dataset.base()[ids[i]]);
                }
                result[q] = new Neighbors(ids, distances);
            }
            return result;
        }
        AtomicInteger done = new AtomicInteger();
        Progress.Task task = progress.start("exact ground truth (brute force)", queryCount);
        IntStream.range(0, queryCount).parallel().forEach(q -> {
            result[q] = bruteForce(dataset.base(), dataset.queries()[q], Math.min(k, dataset.base().length), metric);
            task.update(done.incrementAndGet());
        });
        task.done();
        return result;
    }

    /**
     * The exact {@code k} nearest rows among {@code acceptedRows} (ascending) of each query: a brute force over those
     * rows alone, as a filtered search must answer, with ids mapped back to rows of the whole base; ties go to the
     * lower row, as in {@link #of}. Spread over all cores.
     */
    static Neighbors[] filtered(Dataset dataset, int queryCount, int k, int[] acceptedRows, String what, Progress progress) {
        float[][] accepted = new float[acceptedRows.length][];
        for (int i = 0; i < acceptedRows.length; i++) {
            accepted[i] = dataset.base()[acceptedRows[i]];
        }
        Neighbors[] result = new Neighbors[queryCount];
        AtomicInteger done = new AtomicInteger();
        Progress.Task task = progress.start("exact ground truth of " + what + " (brute force over its " + acceptedRows.length + " rows)", queryCount);
        IntStream.range(0, queryCount).parallel().forEach(q -> {
            Neighbors local = bruteForce(accepted, dataset.queries()[q], Math.min(k, accepted.length), dataset.metric());
            int[] rows = new int[local.ids().length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = acceptedRows[local.ids()[i]];
            }
            result[q] = new Neighbors(rows, local.distances());
            task.update(done.incrementAndGet());
        });
        task.done();
        return result;
    }

    /** The k nearest rows by a bounded max-heap on (fast distance, row). */
    static Neighbors bruteForce(float[][] base, float[] query, int k, Metric metric) {
        float[] heapDist = new float[k];
        int[] heapId = new int[k];
        int size = 0;
        for (int row = 0; row < base.length; row++) {
            float d = metric.fastDistance(query, base[row]);
            if (size < k) {
                heapDist[size] = d;
                heapId[size] = row;
                siftUp(heapDist, heapId, size++);
            } else if (d < heapDist[0]) { // equal distance: the lower row, already in, wins
                heapDist[0] = d;
                heapId[0] = row;
                siftDown(heapDist, heapId, size);
            }
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        float[] fd = heapDist;
        int[] fi = heapId;
        Arrays.sort(order, (a, b) -> fd[a] != fd[b] ? Float.compare(fd[a], fd[b]) : Integer.compare(fi[a], fi[b]));
        int[] ids = new int[size];
        float[] distances = new float[size];
        for (int i = 0; i < size; i++) {
            ids[i] = heapId[order[i]];
            distances[i] = metric.distance(query, base[ids[i]]);
        }
        return new Neighbors(ids, distances);
    }

    /** Max-heap order: larger distance first, and among equal distances the larger row (evicted first). */
    private static boolean above(float[] d, int[] id, int a, int b) {
        return d[a] > d[b] || (d[a] == d[b] && id[a] > id[b]);
    }

    private static void siftUp(float[] d, int[] id, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (above(d, id, i, parent) == false) {
                return;
            }
            swap(d, id, i, parent);
            i = parent;
        }
    }

    private static void siftDown(float[] d, int[] id, int size) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            int right = left + 1;
            int largest = i;
            if (left < size && above(d, id, left, largest)) {
                largest = left;
            }
            if (right < size && above(d, id, right, largest)) {
                largest = right;
            }
            if (largest == i) {
                return;
            }
            swap(d, id, i, largest);
            i = largest;
        }
    }

    private static void swap(float[] d, int[] id, int a, int b) {
        float td = d[a];
        d[a] = d[b];
        d[b] = td;
        int ti = id[a];
        id[a] = id[b];
        id[b] = ti;
    }
}
