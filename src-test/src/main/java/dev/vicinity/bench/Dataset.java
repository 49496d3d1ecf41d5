package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

/**
 * Vectors to index, queries, and optionally their exact neighbours as the dataset ships them.
 *
 * @param name for reports, for example {@code sift-5k-128-euclidean}
 * @param metric the distance everything is measured with
 * @param base the indexed vectors; row {@code i} becomes document {@code i}
 * @param queries the query vectors, never part of {@code base}
 * @param neighbors per query the ids of its exact nearest rows of {@code base} in ascending distance, or {@code null}
 *     when the dataset has none (then the benchmark computes them)
 */
record Dataset(String name, Metric metric, float[][] base, float[][] queries, int[][] neighbors) {

    int dims() {
        return base[0].length;
    }
}
