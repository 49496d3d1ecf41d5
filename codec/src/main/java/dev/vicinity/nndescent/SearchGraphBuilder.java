package dev.vicinity.nndescent;

import dev.vicinity.ann.BuildAbortedException;

import dev.vicinity.ann.BuildMonitor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Turns the k-NN graph into the search graph (PyNNDescent's {@code _init_search_graph}): forward diversification of
 * each k-NN row, reverse diversification of each point's in-edges, the union of both, no self loops, and a degree
 * cap keeping the nearest {@code maxDegree} neighbours of each point.
 *
 * <p>The reverse step matters: without it, points that are nobody's diversified neighbour are unreachable.
 */
final class SearchGraphBuilder {

    private final OrdDistance distance;
    private final float diversifyProb;
    private final int maxDegree;
    private final SplittableRandom random;
    private final BuildMonitor monitor;

    SearchGraphBuilder(OrdDistance distance, float diversifyProb, int maxDegree, SplittableRandom random, BuildMonitor monitor) {
        this.distance = distance;
        this.diversifyProb = diversifyProb;
        this.maxDegree = maxDegree;
        this.random = random;
        this.monitor = monitor;
    }

    SearchGraph build(KnnGraph knn) {
        WeightedRows forward = forwardDiversify(knn);
        WeightedRows reverse = reverseDiversify(forward);
        return unionAndPrune(forward, reverse);
    }

    /** Diversifies each k-NN row (already sorted) and drops self edges, which the search never needs. */
    WeightedRows forwardDiversify(KnnGraph knn) {
        int n = knn.size();
        int k = knn.k();
        int[] rowIds = new int[k];
        float[] rowWeights = new float[k];
        int[] offsets = new int[n + 1];
        int[] ids = new int[n * k];
        float[] weights = new float[n * k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            checkAborted(i);
            int count = 0;
            for (int s = i * k, end = s + k; s < end && knn.ids()[s] >= 0; s++) {
                rowIds[count] = knn.ids()[s];
                rowWeights[count] = knn.distances()[s];
                count++;
            }
            int kept = Diversify.prune(i, rowIds, rowWeights, 0, count, distance, diversifyProb, random);
            for (int e = 0; e < kept; e++) {
                if (rowIds[e] != i) {
                    ids[size] = rowIds[e];
                    weights[size] = rowWeights[e];
                    size++;
                }
            }
            offsets[i + 1] = size;
        }
        return new WeightedRows(offsets, Arrays.copyOf(ids, size), Arrays.copyOf(weights, size));
    }

    /**
     * Diversifies the in-edges of each point: row {@code i} of the transpose lists the points {@code j} with an edge
     * {@code j → i}, weighted by {@code d(j, i)}; survivors become edges {@code i → j}. Each row is sorted as
     * (id, weight) pairs before pruning, so every distance is taken between the right two points.
     */
    WeightedRows reverseDiversify(WeightedRows forward) {
        WeightedRows transpose = forward.transpose();
        int n = transpose.size();
        int[] ids = transpose.ids();
        float[] weights = transpose.weights();
        int maxRow = 0;
        for (int i = 0; i < n; i++) {
            maxRow = Math.max(maxRow, transpose.end(i) - transpose.start(i));
        }
        long[] scratch = new long[maxRow];
        int[] offsets = new int[n + 1];
        int size = 0;
        for (int i = 0; i < n; i++) {
            checkAborted(i);
            int from = transpose.start(i);
            int to = transpose.end(i);
            WeightedRows.sortByWeight(ids, weights, from, to, scratch);
            int kept = Diversify.prune(i, ids, weights, from, to, distance, diversifyProb, random);
            // compact in place: rows only move towards the front
            System.arraycopy(ids, from, ids, size, kept);
            System.arraycopy(weights, from, weights, size, kept);
            size += kept;
            offsets[i + 1] = size;
        }
        return new WeightedRows(offsets, Arrays.copyOf(ids, size), Arrays.copyOf(weights, size));
    }

    /** Row {@code i} = forward row ∪ reverse row, without self loops, nearest {@code maxDegree} first. */
    SearchGraph unionAndPrune(WeightedRows forward, WeightedRows reverse) {
        int n = forward.size();
        int maxRow = 0;
        for (int i = 0; i < n; i++) {
            maxRow = Math.max(maxRow, forward.end(i) - forward.start(i) + reverse.end(i) - reverse.start(i));
        }
        int[] rowIds = new int[maxRow];
        float[] rowWeights = new float[maxRow];
        long[] scratch = new long[maxRow];
        int[] offsets = new int[n + 1];
        long capacity = Math.min((long) n * maxDegree, (long) forward.ids().length + reverse.ids().length);
        int[] neighbours = new int[Math.toIntExact(capacity)];
        int[] seenBy = new int[n]; // seenBy[j] == i + 1 once j is in row i: deduplicates without trusting d(i,j) == d(j,i) bit for bit
        float minDistance = 0;
        int size = 0;
        for (int i = 0; i < n; i++) {
            int count = 0;
            count = appendRow(forward, i, rowIds, rowWeights, count);
            count = appendRow(reverse, i, rowIds, rowWeights, count);
            WeightedRows.sortByWeight(rowIds, rowWeights, 0, count, scratch);
            int kept = 0;
            for (int e = 0; e < count && kept < maxDegree; e++) {
                if (rowIds[e] == i || seenBy[rowIds[e]] == i + 1) {
                    continue;
                }
                seenBy[rowIds[e]] = i + 1;
                neighbours[size + kept] = rowIds[e];
                minDistance = Math.min(minDistance, rowWeights[e]);
                kept++;
            }
            size += kept;
            offsets[i + 1] = size;
        }
        return new SearchGraph(offsets, Arrays.copyOf(neighbours, size), minDistance);
    }

    private static int appendRow(WeightedRows rows, int row, int[] ids, float[] weights, int count) {
        for (int e = rows.start(row); e < rows.end(row); e++) {
            ids[count] = rows.ids()[e];
            weights[count] = rows.weights()[e];
            count++;
        }
        return count;
    }

    private void checkAborted(int point) {
        if (point % 1024 == 0 && monitor.aborted()) {
            throw new BuildAbortedException("search_graph");
        }
    }
}
