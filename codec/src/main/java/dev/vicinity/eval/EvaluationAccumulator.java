package dev.vicinity.eval;

/**
 * Averages {@link Evaluation}'s per-query figures over a query set and relates the approximate query time to the exact
 * one. Not thread-safe.
 *
 * <p>Recall and precision are means over all queries. The distance ratio is the mean over the queries where it is
 * defined ({@link Summary#ratioQueries()} says how many); {@code NaN} if there are none. The relative time is
 * {@code mean approximate time / mean exact time} (NearPy's {@code search_time_relative_to_exact}); {@code NaN} when
 * no exact time was recorded.
 */
public final class EvaluationAccumulator {

    private final int k;
    private final float epsilon;
    private int queries;
    private double recallSum;
    private double precisionSum;
    private double ratioSum;
    private int ratioQueries;
    private long resultSizeSum;
    private long approximateNanos;
    private long exactNanos;
    private long examinedSum;
    private int examinedQueries;

    /** Accumulates recall@k etc. with {@link Evaluation#DEFAULT_EPSILON}. */
    public EvaluationAccumulator(int k) {
        this(k, Evaluation.DEFAULT_EPSILON);
    }

    public EvaluationAccumulator(int k, float epsilon) {
        if (k < 1) {
            throw new IllegalArgumentException("[k] must be at least [1] but was [" + k + "]");
        }
        this.k = k;
        this.epsilon = epsilon;
    }

    /**
     * Adds one query.
     *
     * @param approximateNanos how long the approximate search took, or 0 if not timed
     * @param exactNanos how long the exact search took, or 0 if not timed
     */
    public void add(Neighbors approximate, Neighbors exact, long approximateNanos, long exactNanos) {
        if (approximateNanos < 0 || exactNanos < 0) {
            throw new IllegalArgumentException("times must not be negative but were [" + approximateNanos + "] and [" + exactNanos + "]");
        }
        queries++;
        recallSum += Evaluation.recall(approximate, exact, k, epsilon);
        precisionSum += Evaluation.precision(approximate, exact, k, epsilon);
        double ratio = Evaluation.distanceRatio(approximate, exact, k);
        if (Double.isNaN(ratio) == false) {
            ratioSum += ratio;
            ratioQueries++;
        }
        resultSizeSum += approximate.size();
        this.approximateNanos += approximateNanos;
        this.exactNanos += exactNanos;
    }

    /**
     * Records how many candidates one approximate search measured (NearPy's {@code candidate_count}), for
     * {@link Summary#candidatesExamined()}; searches without a count are simply not recorded.
     */
    public void examined(long candidates) {
        if (candidates < 0) {
            throw new IllegalArgumentException("a candidate count must not be negative but was [" + candidates + "]");
        }
        examinedSum += candidates;
        examinedQueries++;
    }

    /** The averages so far. */
    public Summary summary() {
        double n = queries;
        return new Summary(
            queries,
            k,
            queries == 0 ? Double.NaN : recallSum / n,
            queries == 0 ? Double.NaN : precisionSum / n,
            ratioQueries == 0 ? Double.NaN : ratioSum / ratioQueries,
            ratioQueries,
            queries == 0 ? Double.NaN : resultSizeSum / n,
            queries == 0 ? Double.NaN : approximateNanos / n / 1e6,
            queries == 0 ? Double.NaN : exactNanos / n / 1e6,
            exactNanos == 0 ? Double.NaN : (double) approximateNanos / exactNanos,
            examinedQueries == 0 ? Double.NaN : (double) examinedSum / examinedQueries
        );
    }

    /**
     * Averages over a query set.
     *
     * @param queries how many queries were added
     * @param k the k of recall@k
     * @param recall mean recall@k
     * @param precision mean precision
     * @param distanceRatio mean distance ratio over the queries where it is defined
     * @param ratioQueries how many queries the distance ratio averages over
     * @param meanResultSize mean number of approximate hits (NearPy's avg_result_size)
     * @param approximateMillis mean approximate query time in milliseconds
     * @param exactMillis mean exact query time in milliseconds
     * @param relativeTime approximate time / exact time
     * @param candidatesExamined mean candidates measured per approximate search, over the searches that recorded
     *     one ({@link #examined}); {@code NaN} if none did
     */
    public record Summary(int queries, int k, double recall, double precision, double distanceRatio, int ratioQueries,
                          double meanResultSize, double approximateMillis, double exactMillis, double relativeTime,
                          double candidatesExamined) {}
}
