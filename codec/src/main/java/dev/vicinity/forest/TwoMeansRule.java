package dev.vicinity.forest;

import dev.vicinity.ann.VectorSource;
import dev.vicinity.rptree.DenseHyperplane;
import dev.vicinity.rptree.Hyperplane;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.lucene.util.VectorUtil;

/**
 * Annoy's split ({@code two_means} and {@code create_split}): two centroids start at two distinct random points of the
 * node; then {@value #ITERATIONS} times a random point moves the nearer centroid to the running mean that includes
 * it, where each centroid's distance is multiplied by the number of points it has absorbed (which balances the two; a
 * tie moves neither). Distances are squared L2 ({@link SplitSpace#EUCLIDEAN}), L1 ({@link SplitSpace#MANHATTAN}) or
 * {@code 1 - cos} between directions (the angular spaces, whose centroids are means of unit directions). The
 * hyperplane is the one between the centroids: unit normal {@code (p - q) / |p - q|}, with offset
 * {@code -normal·(p + q) / 2}, or through the origin in the angular spaces ({@link SplitSpace#CENTRED} normals are
 * centred too, so that raw vectors fall on the side of their centred directions).
 *
 * <p>Two departures from Annoy, both measured on MNIST and GloVe:
 * <ul>
 *   <li>the random points are drawn from a sample of at most {@value #SAMPLE} of the node's points copied into a buffer
 *       first, so that the steps measure cached vectors instead of fetching scattered ones (about a third of the build
 *       time on GloVe, at a recall cost within noise);</li>
 *   <li>with {@code splitDims} below the dimension count, the normal keeps only its {@code splitDims} largest
 *       coordinates (renormalised; the offset is then taken at the centroids' midpoint): a sparse hyperplane as in
 *       MRPT, but along the two-means direction instead of a random one. On MNIST 32 of 784 coordinates reach the
 *       recall of the dense normal at a twelfth of its bytes and of its margin cost.</li>
 * </ul>
 * Balance retries and coin flips: {@link BalancedSplitRule}. One instance per building thread (it keeps its sample
 * buffer).
 */
final class TwoMeansRule extends BalancedSplitRule {

    /** Annoy's fixed number of two-means steps. */
    static final int ITERATIONS = 200;
    /** The most points of a node two-means looks at. */
    static final int SAMPLE = 128;

    private final SplitSpace space;
    private final int splitDims;
    private float[][] sample = new float[0][];

    /** @param splitDims the coordinates a hyperplane keeps; at least the vectors' dimension count for dense normals */
    TwoMeansRule(SplitSpace space, int splitDims) {
        if (space == SplitSpace.COORDINATE) {
            throw new IllegalArgumentException("two-means does not split space [" + space + "]");
        }
        this.space = space;
        this.splitDims = splitDims;
    }

    @Override
    public Hyperplane choose(VectorSource vectors, int[] indices, int start, int end, int attempt, SplittableRandom random) {
        int dims = vectors.dims();
        float[][] centroids = centroids(vectors, indices, start, end, random);
        float[] p = centroids[0];
        float[] q = centroids[1];
        float[] normal = new float[dims];
        for (int d = 0; d < dims; d++) {
            normal[d] = p[d] - q[d];
        }
        if (space == SplitSpace.CENTRED) { // exactly centred, so that raw vectors fall on the side of their centred directions
            double sum = 0;
            for (float v : normal) {
                sum += v;
            }
            float mean = (float) (sum / dims);
            for (int d = 0; d < dims; d++) {
                normal[d] -= mean;
            }
        }
        if (splitDims < dims && space != SplitSpace.CENTRED) {
            return sparse(normal, p, q);
        }
        normalise(normal);
        float offset = 0;
        if (space.isAngular() == false) {
            for (int d = 0; d < dims; d++) {
                offset -= normal[d] * (p[d] + q[d]) / 2;
            }
        }
        return new DenseHyperplane(normal, offset);
    }

    /** The hyperplane through the centroids' midpoint along the {@code splitDims} largest coordinates of {@code normal}. */
    private Hyperplane sparse(float[] normal, float[] p, float[] q) {
        // largest |value| first, ties by coordinate: one primitive sort of (MAX - |value| bits, coordinate) pairs, as
        // non-negative floats order like their bits (a sort of boxed coordinates took a third of the MNIST build)
        long[] order = new long[normal.length];
        for (int d = 0; d < order.length; d++) {
            order[d] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(Math.abs(normal[d]))) << 32) | d;
        }
        Arrays.sort(order);
        int[] dims = new int[splitDims];
        for (int j = 0; j < splitDims; j++) {
            dims[j] = (int) order[j];
        }
        Arrays.sort(dims);
        float[] values = new float[splitDims];
        for (int j = 0; j < splitDims; j++) {
            values[j] = normal[dims[j]];
        }
        normalise(values);
        float offset = 0;
        if (space.isAngular() == false) {
            for (int j = 0; j < splitDims; j++) {
                offset -= values[j] * (p[dims[j]] + q[dims[j]]) / 2;
            }
        }
        return new SparseHyperplane(dims, values, offset);
    }

    /** Annoy's two-means over a sample of the node: the two centroids {@code p} and {@code q}. */
    private float[][] centroids(VectorSource vectors, int[] indices, int start, int end, SplittableRandom random) {
        int count = end - start;
        int dims = vectors.dims();
        int sampled = Math.min(SAMPLE, count);
        if (sample.length < SAMPLE || sample[0].length != dims) {
            sample = new float[SAMPLE][dims];
        }
        // the centroids start at two distinct points of the node
        int first;
        int second;
        if (sampled == count) {
            for (int s = 0; s < count; s++) {
                space.directionInto(vectors.vector(indices[start + s]), sample[s]);
            }
            first = random.nextInt(count);
            second = random.nextInt(count - 1);
            second += second >= first ? 1 : 0;
        } else {
            first = 0;
            second = 1;
            int i = random.nextInt(count);
            int j = random.nextInt(count - 1);
            j += j >= i ? 1 : 0;
            space.directionInto(vectors.vector(indices[start + i]), sample[0]);
            space.directionInto(vectors.vector(indices[start + j]), sample[1]);
            for (int s = 2; s < sampled; s++) {
                space.directionInto(vectors.vector(indices[start + random.nextInt(count)]), sample[s]);
            }
        }
        float[] p = sample[first].clone();
        float[] q = sample[second].clone();
        boolean angular = space.isAngular();
        float pNorm = angular ? norm(p) : 1f;
        float qNorm = angular ? norm(q) : 1f;
        int ic = 1;
        int jc = 1;
        for (int step = 0; step < ITERATIONS; step++) {
            float[] x = sample[random.nextInt(sampled)];
            if (angular && VectorUtil.dotProduct(x, x) == 0) {
                continue; // a zero vector has no direction
            }
            float di = ic * distance(p, pNorm, x);
            float dj = jc * distance(q, qNorm, x);
            if (di < dj) {
                moveTowards(p, ic, x);
                pNorm = angular ? norm(p) : 1f;
                ic++;
            } else if (dj < di) {
                moveTowards(q, jc, x);
                qNorm = angular ? norm(q) : 1f;
                jc++;
            }
        }
        return new float[][] { p, q };
    }

    /** The two-means distance: squared L2, L1, or for unit directions {@code 1 - cos} against a centroid of norm {@code norm}. */
    private float distance(float[] centroid, float norm, float[] x) {
        return switch (space) {
            case EUCLIDEAN -> VectorUtil.squareDistance(centroid, x);
            case MANHATTAN -> manhattan(centroid, x);
            default -> norm == 0 ? 1f : 1f - VectorUtil.dotProduct(centroid, x) / norm;
        };
    }

    private static float manhattan(float[] a, float[] b) {
        float sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += Math.abs(a[d] - b[d]);
        }
        return sum;
    }

    /** {@code centroid = (centroid·count + x) / (count + 1)}. */
    private static void moveTowards(float[] centroid, int count, float[] x) {
        float keep = (float) count / (count + 1);
        float add = 1f / (count + 1);
        for (int d = 0; d < centroid.length; d++) {
            centroid[d] = centroid[d] * keep + x[d] * add;
        }
    }

    private static void normalise(float[] v) {
        float length = norm(v);
        if (length > 0) {
            for (int d = 0; d < v.length; d++) {
                v[d] /= length;
            }
        }
    }

    private static float norm(float[] v) {
        return (float) Math.sqrt(VectorUtil.dotProduct(v, v));
    }
}
