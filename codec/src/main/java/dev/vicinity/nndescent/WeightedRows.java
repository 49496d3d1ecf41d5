package dev.vicinity.nndescent;

import java.util.Arrays;

import org.apache.lucene.util.NumericUtils;

/**
 * A sparse weighted graph in CSR form (row {@code i} is {@code ids/weights[offsets[i] .. offsets[i + 1])}), the
 * intermediate shape of the search-graph construction: PyNNDescent's scipy CSR matrices, without the "zero weight
 * means no edge" trap that made it replace zero distances by {@code FLOAT32_EPS}.
 */
record WeightedRows(int[] offsets, int[] ids, float[] weights) {

    int size() {
        return offsets.length - 1;
    }

    int start(int row) {
        return offsets[row];
    }

    int end(int row) {
        return offsets[row + 1];
    }

    /** The transpose: an edge {@code i → j} of weight {@code w} becomes {@code j → i} of weight {@code w}. */
    WeightedRows transpose() {
        int n = size();
        int[] counts = new int[n + 1];
        for (int e = 0; e < ids.length; e++) {
            counts[ids[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            counts[i + 1] += counts[i];
        }
        int[] newOffsets = counts.clone();
        int[] fill = Arrays.copyOf(counts, n);
        int[] newIds = new int[ids.length];
        float[] newWeights = new float[ids.length];
        for (int i = 0; i < n; i++) {
            for (int e = offsets[i]; e < offsets[i + 1]; e++) {
                int slot = fill[ids[e]]++;
                newIds[slot] = i;
                newWeights[slot] = weights[e];
            }
        }
        return new WeightedRows(newOffsets, newIds, newWeights);
    }

    /**
     * Sorts the entries of {@code ids/weights[from .. to)} together by increasing weight, ties by id. Sorting the
     * pairs themselves (rather than an index permutation next to them) is what keeps the reverse diversification
     * free of PyNNDescent's dense {@code current_indices[k]} mix-up.
     */
    static void sortByWeight(int[] ids, float[] weights, int from, int to, long[] scratch) {
        int count = to - from;
        for (int e = 0; e < count; e++) {
            scratch[e] = ((long) NumericUtils.floatToSortableInt(weights[from + e]) << 32) | (ids[from + e] & 0xFFFFFFFFL);
        }
        Arrays.sort(scratch, 0, count);
        for (int e = 0; e < count; e++) {
            ids[from + e] = (int) scratch[e];
            weights[from + e] = NumericUtils.sortableIntToFloat((int) (scratch[e] >>> 32));
        }
    }
}
