package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.metric.Metric;

import java.util.Arrays;
import java.util.Random;

/** Synthetic data, brute force and recall for the forest tests. */
final class ForestTestData {

    private ForestTestData() {}

    /** {@code n} points around {@code clusters} gaussian centres, shifted by {@code shift} (so they are not centred). */
    static float[][] clustered(Random random, int n, int dims, int clusters, float shift) {
        float[][] centres = new float[clusters][dims];
        for (float[] c : centres) {
            for (int d = 0; d < dims; d++) {
                c[d] = (float) random.nextGaussian() * 4;
            }
        }
        float[][] points = new float[n][dims];
        for (int i = 0; i < n; i++) {
            float[] c = centres[random.nextInt(clusters)];
            for (int d = 0; d < dims; d++) {
                points[i][d] = c[d] + (float) random.nextGaussian() + shift;
            }
        }
        return points;
    }

    /** 0/1 vectors: each point flips a few bits of one of {@code clusters} random patterns. */
    static float[][] bits(Random random, int n, int dims, int clusters) {
        float[][] patterns = new float[clusters][dims];
        for (float[] p : patterns) {
            for (int d = 0; d < dims; d++) {
                p[d] = random.nextInt(4) == 0 ? 1 : 0;
            }
        }
        float[][] points = new float[n][];
        for (int i = 0; i < n; i++) {
            points[i] = patterns[random.nextInt(clusters)].clone();
            for (int f = 0; f < dims / 8; f++) {
                int d = random.nextInt(dims);
                points[i][d] = 1 - points[i][d];
            }
        }
        return points;
    }

    /** The exact {@code k} nearest ordinals of {@code query} under {@code metric}, ties by ordinal. */
    static int[] exact(float[][] base, float[] query, Metric metric, int k) {
        Integer[] order = new Integer[base.length];
        float[] d = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            order[i] = i;
            d[i] = metric.distance(query, base[i]);
        }
        Arrays.sort(order, (a, b) -> d[a] != d[b] ? Float.compare(d[a], d[b]) : Integer.compare(a, b));
        int[] nearest = new int[k];
        for (int i = 0; i < k; i++) {
            nearest[i] = order[i];
        }
        return nearest;
    }

    /** Recall@k of forest searches against the given exact answers, distances from {@code metric}. */
    static double recall(ForestSearcher searcher, float[][] base, float[][] queries, int[][] truth, Metric metric, int k, int searchK, int votes) {
        long found = 0;
        for (int q = 0; q < queries.length; q++) {
            float[] query = queries[q];
            ForestHits hits = searcher.search(query, ord -> metric.fastDistance(query, base[ord]), k, searchK, votes, Integer.MAX_VALUE, null);
            for (int ord : hits.ords()) {
                for (int j = 0; j < k; j++) {
                    if (truth[q][j] == ord) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found / (double) (k * queries.length);
    }

    static VectorSource source(float[][] vectors) {
        return VectorSource.of(vectors[0].length, vectors);
    }
}
