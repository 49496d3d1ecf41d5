package dev.vicinity.forest;

import dev.vicinity.rptree.Hyperplane;

/**
 * A hyperplane whose normal has few non-zero coordinates: margin {@code offset + Σ values[j]·x[dims[j]]}. A
 * coordinate split (hamming) is one with a single coordinate of value 1.
 */
record SparseHyperplane(int[] dims, float[] values, float offset) implements Hyperplane {

    @Override
    public float margin(float[] x) {
        float sum = offset;
        for (int j = 0; j < dims.length; j++) {
            sum += values[j] * x[dims[j]];
        }
        return sum;
    }
}
