package dev.vicinity.bench;

import java.util.Map;

/**
 * One row of {@code results.csv}: one method with one build-parameter set and one query-parameter set.
 *
 * @param relativeTime mean query time over that of the {@code exact} method in the same run; {@code NaN} without one
 */
record Result(String method, Map<String, String> buildParams, Map<String, String> queryParams, double buildSeconds,
              long indexBytes, double queriesPerSecond, double recall, double distanceRatio, double precision,
              double relativeTime, double meanQueryMillis, int queries, int k) {

    Result withRelativeTime(double relativeTime) {
        return new Result(method, buildParams, queryParams, buildSeconds, indexBytes, queriesPerSecond, recall, distanceRatio,
            precision, relativeTime, meanQueryMillis, queries, k);
    }
}
