package dev.vicinity.bench;

import java.util.Map;

/**
 * One row of {@code results.csv} of {@code --via es}: one system, one query-parameter set, one filter, one client count.
 *
 * @param filterShare the share of the documents the filter accepts (1 without one)
 * @param queriesPerSecond the query count over the median timed pass's wall time
 * @param p50Millis the median of every timed request's latency (sent to read), over all passes
 * @param p99Millis their 99th percentile
 * @param nodeCpuMillisPerQuery the node process's CPU time over the timed passes, per query answered
 * @param index how the system's index was built, the same in every row of the system
 */
record EsResult(String system, Map<String, String> buildParams, Map<String, String> queryParams, String filter, double filterShare,
                int clients, double queriesPerSecond, double recall, double distanceRatio, double precision, double p50Millis,
                double p99Millis, double nodeCpuMillisPerQuery, IndexFigures index, int queries, int k) {

    /**
     * How a system's index was built on the node.
     *
     * @param bulkDocsPerSecond documents over the wall time of the bulk load
     * @param refreshSeconds the {@code _refresh} after the load
     * @param forceMergeSeconds the {@code _forcemerge} to one segment, {@code NaN} with {@code --no-merge}
     * @param storeBytes the index's store size ({@code _stats/store}) when searched
     * @param segments its segment count when searched
     */
    record IndexFigures(double bulkDocsPerSecond, double refreshSeconds, double forceMergeSeconds, long storeBytes, long segments) {}
}
