package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A small seeded k-means for the {@code cluster} filter of {@code --via es}: a filter that follows the data, whose
 * accepted documents lie together in vector space (unlike {@code mod10}), which is where a graph or tree search
 * struggles: the nearest accepted documents of most queries are far away. Lloyd's iterations from a k-means++ start on
 * a sample of the rows, then every row assigned to its nearest centroid under the dataset's metric; the same seed gives
 * the same clusters on every run.
 */
final class KMeans {

    static final long SEED = 42;
    /** The share of the documents the chosen cluster must hold. */
    static final double MIN_SHARE = 0.05;
    static final double MAX_SHARE = 0.15;
    private static final double TARGET_SHARE = 0.10;
    /** Cluster counts tried in turn until one gives a cluster of the right size; 10 first (clusters of 10% on average). */
    private static final int[] CLUSTER_COUNTS = { 10, 8, 12, 7, 14, 16, 20 };
    private static final int SAMPLE = 10_000;
    private static final int ITERATIONS = 15;

    /**
     * The chosen cluster.
     *
     * @param assignment the cluster of every row
     * @param clusters how many clusters the rows were split into
     * @param cluster the chosen one
     * @param size how many rows it holds
     */
    record Choice(int[] assignment, int clusters, int cluster, int size) {}

    private KMeans() {}

    /**
     * Clusters {@code vectors} and picks the cluster holding {@link #MIN_SHARE} to {@link #MAX_SHARE} of them closest to
     * a tenth (ties: the lower id), trying the next cluster count when none does.
     */
    static Choice choose(float[][] vectors, Metric metric, long seed) {
        for (int clusters : CLUSTER_COUNTS) {
            if (clusters > vectors.length) {
                break;
            }
            int[] assignment = assign(vectors, metric, clusters, seed);
            int chosen = pick(sizes(assignment, clusters), vectors.length);
            if (chosen >= 0) {
                return new Choice(assignment, clusters, chosen, sizes(assignment, clusters)[chosen]);
            }
        }
        throw new IllegalArgumentException("no k-means cluster of the " + vectors.length + " vectors holds " + (int) (100 * MIN_SHARE) + "% to "
            + (int) (100 * MAX_SHARE) + "% of them with " + Arrays.toString(CLUSTER_COUNTS) + " clusters; leave [cluster] out of [--filter]");
    }

    /** The cluster whose size is within the share bounds and closest to a tenth of {@code rows}, or -1. */
    static int pick(int[] sizes, int rows) {
        int best = -1;
        for (int c = 0; c < sizes.length; c++) {
            double share = (double) sizes[c] / rows;
            if (share >= MIN_SHARE && share <= MAX_SHARE
                && (best < 0 || Math.abs(share - TARGET_SHARE) < Math.abs((double) sizes[best] / rows - TARGET_SHARE))) {
                best = c;
            }
        }
        return best;
    }

    static int[] sizes(int[] assignment, int clusters) {
        int[] sizes = new int[clusters];
        for (int c : assignment) {
            sizes[c]++;
        }
        return sizes;
    }

    /** The cluster of every row: centroids fitted on a seeded sample of up to {@value #SAMPLE} rows. */
    static int[] assign(float[][] vectors, Metric metric, int clusters, long seed) {
        Random random = new Random(seed);
        float[][] sample = sample(vectors, random);
        float[][] centroids = initialCentroids(sample, metric, clusters, random);
        int[] sampleAssignment = new int[sample.length];
        Arrays.fill(sampleAssignment, -1);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            int[] next = nearest(sample, centroids, metric);
            if (Arrays.equals(next, sampleAssignment)) {
                break;
            }
            sampleAssignment = next;
            centroids = means(sample, sampleAssignment, centroids);
        }
        return nearest(vectors, centroids, metric);
    }

    private static float[][] sample(float[][] vectors, Random random) {
        if (vectors.length <= SAMPLE) {
            return vectors;
        }
        int[] rows = IntStream.range(0, vectors.length).toArray();
        for (int i = 0; i < SAMPLE; i++) { // a partial Fisher-Yates shuffle: the first SAMPLE rows are the sample
            int j = i + random.nextInt(rows.length - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        float[][] sample = new float[SAMPLE][];
        for (int i = 0; i < SAMPLE; i++) {
            sample[i] = vectors[rows[i]];
        }
        return sample;
    }

    /** k-means++: each next centroid is a row drawn with probability proportional to its squared distance to the chosen ones. */
    private static float[][] initialCentroids(float[][] rows, Metric metric, int clusters, Random random) {
        float[][] centroids = new float[clusters][];
        centroids[0] = rows[random.nextInt(rows.length)].clone();
        double[] nearest = new double[rows.length];
        Arrays.fill(nearest, Double.MAX_VALUE);
        for (int c = 1; c < clusters; c++) {
            double total = 0;
            for (int i = 0; i < rows.length; i++) {
                double d = metric.distance(rows[i], centroids[c - 1]);
                nearest[i] = Math.min(nearest[i], Double.isFinite(d) ? d * d : 0);
                total += nearest[i];
            }
            double target = random.nextDouble() * total;
            int chosen = rows.length - 1;
            for (int i = 0; i < rows.length; i++) {
                target -= nearest[i];
                if (target < 0) {
                    chosen = i;
                    break;
                }
            }
            centroids[c] = rows[chosen].clone();
        }
        return centroids;
    }

    /** The nearest centroid of every row (ties: the lower centroid), spread over all cores. */
    private static int[] nearest(float[][] rows, float[][] centroids, Metric metric) {
        int[] assignment = new int[rows.length];
        IntStream.range(0, rows.length).parallel().forEach(i -> {
            int best = 0;
            float bestDistance = Float.POSITIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                float d = metric.fastDistance(rows[i], centroids[c]);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            assignment[i] = best;
        });
        return assignment;
    }

    /** The mean of each cluster's rows; a cluster left empty keeps its centroid. */
    private static float[][] means(float[][] rows, int[] assignment, float[][] previous) {
        int dims = rows[0].length;
        double[][] sums = new double[previous.length][dims];
        int[] counts = new int[previous.length];
        for (int i = 0; i < rows.length; i++) {
            double[] sum = sums[assignment[i]];
            for (int d = 0; d < dims; d++) {
                sum[d] += rows[i][d];
            }
            counts[assignment[i]]++;
        }
        float[][] centroids = new float[previous.length][];
        for (int c = 0; c < previous.length; c++) {
            if (counts[c] == 0) {
                centroids[c] = previous[c];
                continue;
            }
            centroids[c] = new float[dims];
            for (int d = 0; d < dims; d++) {
                centroids[c][d] = (float) (sums[c][d] / counts[c]);
            }
        }
        return centroids;
    }
}
