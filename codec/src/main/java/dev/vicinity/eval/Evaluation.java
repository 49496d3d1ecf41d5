package dev.vicinity.eval;

import java.util.HashSet;
import java.util.Set;

/**
 * How good one approximate answer is against the exact answer to the same query: recall@k, precision and NearPy's
 * distance ratio. Pure functions on {@link Neighbors}; {@link EvaluationAccumulator} averages them over queries and
 * adds the relative query time.
 *
 * <p><b>Correct hit.</b> An approximate hit counts as correct when its id is one of the exact top {@code k}, or when
 * its distance is at most the distance of the exact {@code k}-th neighbour plus {@code epsilon} ({@link
 * #DEFAULT_EPSILON}, absolute, as in ann-benchmarks). The second rule makes ties fair: when several points lie at the
 * exact {@code k}-th distance, whichever of them a search returns is right. Duplicate ids in an approximate answer
 * count once.
 *
 * <p><b>recall@k</b> = (correct hits among the first {@code k} approximate hits) / {@code k'}, where {@code k'} =
 * min({@code k}, size of the exact answer): the share of the true nearest {@code k} the search found. 1 when the exact
 * answer is empty (there was nothing to find).
 *
 * <p><b>precision</b> = (correct hits among all approximate hits) / (number of approximate hits), NearPy's
 * {@code |true ∩ retrieved| / |retrieved|}; 0 when the search returned nothing (no division by zero).
 *
 * <p><b>distance ratio</b> (NearPy's {@code DistanceRatioExperiment}, its two bugs fixed): with {@code R} the
 * distance of the exact {@code k}-th neighbour (the radius of the exact neighbourhood), each approximate hit at
 * distance {@code d} scores {@code max(0, (d - R) / R)}: 0 inside the exact neighbourhood's sphere, 1 for a hit at
 * {@code 2R}. The query's ratio is the mean over the hits actually returned (NearPy's web page divides by {@code N}
 * instead, which rewards short answers) and is undefined ({@code NaN}, skipped by the averages) when the search
 * returned nothing (NearPy's code divides by zero) or when {@code R <= 0} (duplicates of the query, or a metric with
 * negative distances such as {@code dot}). Both sides must use the same metric: NearPy measured the radius in
 * euclidean distance on raw vectors but the hits in the engine's own distance (cosine by default).
 */
public final class Evaluation {

    /** Absolute distance tolerance of the tie rule, ann-benchmarks' value. */
    public static final float DEFAULT_EPSILON = 1e-3f;

    private Evaluation() {}

    /** recall@k with {@link #DEFAULT_EPSILON}. */
    public static double recall(Neighbors approximate, Neighbors exact, int k) {
        return recall(approximate, exact, k, DEFAULT_EPSILON);
    }

    /**
     * The share of the exact {@code k} nearest neighbours found among the first {@code k} approximate hits; see the
     * class documentation for ties.
     */
    public static double recall(Neighbors approximate, Neighbors exact, int k, float epsilon) {
        checkK(k);
        int expected = Math.min(k, exact.size());
        if (expected == 0) {
            return 1.0;
        }
        return (double) correct(approximate.first(k), exact, k, epsilon) / expected;
    }

    /** precision with {@link #DEFAULT_EPSILON}. */
    public static double precision(Neighbors approximate, Neighbors exact, int k) {
        return precision(approximate, exact, k, DEFAULT_EPSILON);
    }

    /**
     * The share of all approximate hits that are correct (among the exact top {@code k}, ties included); 0 for an
     * empty answer.
     */
    public static double precision(Neighbors approximate, Neighbors exact, int k, float epsilon) {
        checkK(k);
        if (approximate.size() == 0) {
            return 0.0;
        }
        return (double) correct(approximate, exact, k, epsilon) / approximate.size();
    }

    /**
     * NearPy's average distance ratio of one answer: the mean over the returned hits of {@code max(0, (d - R) / R)},
     * {@code R} the distance of the exact {@code k}-th neighbour (the last one when fewer exist); {@code NaN} when it is
     * undefined (no hits, no exact neighbour, or {@code R <= 0}).
     */
    public static double distanceRatio(Neighbors approximate, Neighbors exact, int k) {
        checkK(k);
        if (approximate.size() == 0 || exact.size() == 0) {
            return Double.NaN;
        }
        double radius = exact.distances()[Math.min(k, exact.size()) - 1];
        if (radius <= 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (float d : approximate.distances()) {
            sum += Math.max(0.0, (d - radius) / radius);
        }
        return sum / approximate.size();
    }

    /** Distinct approximate ids that are in the exact top k or lie within its radius (+ epsilon). */
    private static int correct(Neighbors approximate, Neighbors exact, int k, float epsilon) {
        int top = Math.min(k, exact.size());
        if (top == 0) {
            return 0;
        }
        Set<Integer> truth = new HashSet<>();
        for (int i = 0; i < top; i++) {
            truth.add(exact.ids()[i]);
        }
        double threshold = (double) exact.distances()[top - 1] + epsilon;
        Set<Integer> seen = new HashSet<>();
        int correct = 0;
        for (int i = 0; i < approximate.size(); i++) {
            int id = approximate.ids()[i];
            if (seen.add(id) && (truth.contains(id) || approximate.distances()[i] <= threshold)) {
                correct++;
            }
        }
        return correct;
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("[k] must be at least [1] but was [" + k + "]");
        }
    }
}
