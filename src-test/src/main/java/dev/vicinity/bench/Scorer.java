package dev.vicinity.bench;

import dev.vicinity.eval.EvaluationAccumulator;
import dev.vicinity.eval.Neighbors;
import dev.vicinity.metric.Metric;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one sweep point's answers into a row of the results, the same way for every method, in this JVM or a peer's:
 * the distances of the returned rows are re-measured with the dataset's metric after timing (never taken from the
 * method), so every method is judged on the same numbers as the ground truth; recall, precision and distance ratio
 * are averaged by {@link EvaluationAccumulator}; queries/s is the query count over the median timed pass.
 */
final class Scorer {

    private final Dataset dataset;
    private final Neighbors[] truth;
    private final int k;
    private final Progress progress;

    Scorer(Dataset dataset, Neighbors[] truth, int k, Progress progress) {
        this.dataset = dataset;
        this.truth = truth;
        this.k = k;
        this.progress = progress;
    }

    /** How many queries are answered: the first this many of the dataset's. */
    int queryCount() {
        return truth.length;
    }

    /**
     * One sweep point's answers.
     *
     * @param ids per query the base rows returned, best first (at most {@code k}; fewer when fewer were found)
     * @param nanos per query its search time, averaged into {@code mean_query_millis}
     * @param passSeconds the duration of every timed pass over all queries
     */
    record Answers(int[][] ids, long[] nanos, double[] passSeconds) {}

    /** The row of one method's build and one query-parameter set, also reported as a progress line. */
    Result score(String method, Map<String, String> buildParams, double buildSeconds, long indexBytes, Map<String, String> queryParams,
                 Answers answers) {
        EvaluationAccumulator.Summary s = evaluate(answers.ids(), answers.nanos());
        double qps = queryCount() / median(answers.passSeconds());
        progress.say(String.format(Locale.ROOT, "%s: recall@%d %.4f, %.1f queries/s, distance ratio %.4f",
            Params.point(method, buildParams, queryParams), k, s.recall(), qps, s.distanceRatio()));
        return new Result(method, buildParams, queryParams, buildSeconds, indexBytes, qps, s.recall(), s.distanceRatio(), s.precision(),
            Double.NaN, s.approximateMillis(), queryCount(), k);
    }

    /**
     * Recall, precision and distance ratio of one set of answers against this scorer's ground truth, without a progress
     * line: the answers' distances re-measured with the dataset's metric.
     *
     * @param ids per query the base rows returned, best first
     * @param nanos per query its search time
     */
    EvaluationAccumulator.Summary evaluate(int[][] ids, long[] nanos) {
        float[][] queries = dataset.queries();
        Metric metric = dataset.metric();
        EvaluationAccumulator accumulator = new EvaluationAccumulator(k);
        for (int q = 0; q < queryCount(); q++) {
            float[] distances = new float[ids[q].length];
            for (int i = 0; i < ids[q].length; i++) {
                distances[i] = metric.distance(queries[q], dataset.base()[ids[q][i]]);
            }
            accumulator.add(new Neighbors(ids[q], distances), truth[q], nanos[q], 0);
        }
        return accumulator.summary();
    }

    /** The median pass, as the reference figures in ../shared/data are; of an even count, the upper middle one. */
    static double median(double[] passSeconds) {
        double[] sorted = passSeconds.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
