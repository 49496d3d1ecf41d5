package dev.vicinity.rptree;

import java.util.SplittableRandom;

import org.apache.lucene.util.VectorUtil;

/**
 * The random-projection split shared by the tree builders (PyNNDescent's {@code euclidean_random_projection_split}
 * and {@code angular_random_projection_split}):
 *
 * <ul>
 *   <li>euclidean: normal {@code a - b}, offset {@code -normal·(a + b) / 2} (the perpendicular bisector);</li>
 *   <li>angular: normal {@code normalize(a/‖a‖ - b/‖b‖)}, offset 0, so only directions matter (zero norms count as
 *       1); used for metrics that ignore length.</li>
 * </ul>
 * A point goes left when {@code offset + normal·x > 0}; margins within {@link FlatTree#MARGIN_EPS} of zero are a
 * coin flip (many points can sit exactly on the plane, e.g. duplicates).
 */
public final class Hyperplanes {

    private Hyperplanes() {}

    /** Writes the normal of the hyperplane between {@code a} and {@code b} into {@code normal} and returns its offset. */
    public static float between(float[] a, float[] b, boolean angular, float[] normal) {
        int dims = a.length;
        float offset = 0;
        if (angular) {
            float normA = norm(a);
            float normB = norm(b);
            for (int i = 0; i < dims; i++) {
                normal[i] = a[i] / normA - b[i] / normB;
            }
            float normN = norm(normal);
            for (int i = 0; i < dims; i++) {
                normal[i] /= normN;
            }
        } else {
            for (int i = 0; i < dims; i++) {
                normal[i] = a[i] - b[i];
                offset -= normal[i] * (a[i] + b[i]) / 2;
            }
        }
        return offset;
    }

    /** Whether a point with this margin goes left; a coin from {@code random} decides near-zero margins. */
    public static boolean goesLeft(float margin, SplittableRandom random) {
        return Math.abs(margin) < FlatTree.MARGIN_EPS ? random.nextBoolean() : margin > 0;
    }

    /** The euclidean norm, or 1 for a zero vector (PyNNDescent's convention, which avoids dividing by zero). */
    private static float norm(float[] v) {
        float norm = (float) Math.sqrt(VectorUtil.dotProduct(v, v));
        return norm == 0 ? 1 : norm;
    }
}
