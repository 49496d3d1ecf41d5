package dev.vicinity;

import dev.vicinity.metric.Metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/** Random vectors and a brute-force nearest-neighbour oracle for tests. */
public final class VicinityTestData {

    private VicinityTestData() {}

    /** A vector with coordinates in [-1, 1), sometimes with repeated values so that equal distances occur. */
    /**
     * How far a distance or score the codec reports may be from the metric's own computation, relative to its size.
     * The codec measures in place with Lucene's SIMD kernels for the metric's twin similarity and inverts their scores
     * ({@code TwinScorerDistance}), which sums in another order and costs a few ulps; near-ties may therefore rank
     * either way, but never a distance further than this from the oracle's at the same rank.
     */
    public static final double RELATIVE_TOLERANCE = 1e-5;

    /** The tolerance for {@code expected} under {@link #RELATIVE_TOLERANCE}. */
    public static double tolerance(double expected) {
        return RELATIVE_TOLERANCE * Math.max(1e-3, Math.abs(expected));
    }

    public static float[] randomVector(Random random, int dims) {
        float[] v = new float[dims];
        boolean coarse = random.nextInt(4) == 0;
        for (int i = 0; i < dims; i++) {
            v[i] = coarse ? random.nextInt(3) - 1 : random.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** A hit of the oracle: the test's own id of the document and its distance to the query. */
    public record Neighbour(int id, float distance) {}

    /**
     * The {@code k} nearest of {@code vectors} (indexed by id, {@code null} = no vector) among the ids {@code accept}
     * takes, by increasing distance.
     */
    public static List<Neighbour> nearest(float[][] vectors, float[] query, Metric metric, int k, IntPredicate accept) {
        List<Neighbour> all = new ArrayList<>();
        for (int id = 0; id < vectors.length; id++) {
            if (vectors[id] != null && accept.test(id)) {
                all.add(new Neighbour(id, metric.distance(query, vectors[id])));
            }
        }
        all.sort(Comparator.comparingDouble(Neighbour::distance));
        return all.subList(0, Math.min(k, all.size()));
    }
}
