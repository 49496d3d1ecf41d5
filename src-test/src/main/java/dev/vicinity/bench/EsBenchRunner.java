package dev.vicinity.bench;

import dev.vicinity.eval.EvaluationAccumulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures one system through the node: its index is created and loaded ({@link EsIndexLoader}), then every filter's
 * sweep runs on it, each sweep point with one client and then with {@code --clients} clients ({@link QueryClients}),
 * and the index is deleted (unless {@code --keep-index}).
 *
 * <p>Per sweep point: warm-up with all clients (on the first point of each system and filter at least
 * {@link BenchRunner#FIRST_POINT_WARMUP_SECONDS}, as in the in-process bench, {@link #NODE_FIRST_WARMUP_SECONDS} on the
 * node's very first, and then until the JIT has settled, see {@link #warmUp}), then per client count {@code --passes}
 * timed passes over the queries with
 * the node's process CPU time read before and after them. Queries/s is the median pass; p50 and p99 are over every
 * timed request; recall and the rest come from the first pass's hits, scored by {@link Scorer} against the filter's
 * ground truth.
 */
final class EsBenchRunner {

    private final BenchOptions options;
    private final Dataset dataset;
    private final List<BenchFilter> filters;
    private final Map<String, Scorer> scorers;
    private final EsClient admin;
    private final QueryClients clients;
    private final EsIndexLoader loader;
    private final Progress progress;
    private final String[] queryVectors;
    private final List<Integer> clientCounts;
    /** Whether the node has been warmed up once: the first point measured on it warms up longer. */
    private boolean nodeWarm;

    /**
     * @param scorers the scorer of each filter, over its own ground truth
     * @param clientCounts the client counts every sweep point is measured with, 1 first
     */
    EsBenchRunner(BenchOptions options, Dataset dataset, List<BenchFilter> filters, Map<String, Scorer> scorers, EsClient admin,
                  QueryClients clients, EsIndexLoader loader, List<Integer> clientCounts, Progress progress) {
        this.options = options;
        this.dataset = dataset;
        this.filters = filters;
        this.scorers = scorers;
        this.admin = admin;
        this.clients = clients;
        this.loader = loader;
        this.clientCounts = clientCounts;
        this.progress = progress;
        int queryCount = scorers.values().iterator().next().queryCount();
        this.queryVectors = new String[queryCount];
        for (int q = 0; q < queryCount; q++) {
            queryVectors[q] = Json.vector(dataset.queries()[q]);
        }
    }

    /** The index name of a system: Elasticsearch's index names are lower case. */
    static String indexName(EsSystem system) {
        return "bench-" + system.name().toLowerCase(Locale.ROOT);
    }

    /** Every row of one system. */
    List<EsResult> run(EsSystem system) throws IOException {
        Map<String, String> buildParams = options.buildParams(system);
        String label = Params.label(system.name(), buildParams);
        String index = indexName(system);
        try {
            loader.create(index, system, buildParams);
            EsResult.IndexFigures figures = loader.load(index, label, options.merge());
            List<EsResult> results = new ArrayList<>();
            for (BenchFilter filter : filters) {
                progress.say(label + ": filter " + filter.describe(dataset.base().length));
                boolean first = true; // a filter's first point: the filter's own code path compiles too
                for (Map<String, String> queryParams : Params.product(options.querySweep(system))) {
                    double warmup = options.warmupSeconds();
                    if (first && warmup > 0) {
                        warmup = Math.max(warmup, nodeWarm ? BenchRunner.FIRST_POINT_WARMUP_SECONDS : NODE_FIRST_WARMUP_SECONDS);
                        nodeWarm = true;
                    }
                    results.addAll(measure(system, index, buildParams, queryParams, filter, figures, warmup, first));
                    first = false;
                }
            }
            return results;
        } finally {
            if (options.keepIndex() == false) {
                try {
                    admin.deleteIfExists("/" + index);
                } catch (IOException e) {
                    progress.say(label + ": could not delete index [" + index + "]: " + e);
                }
            }
        }
    }

    private List<EsResult> measure(EsSystem system, String index, Map<String, String> buildParams, Map<String, String> queryParams,
                                   BenchFilter filter, EsResult.IndexFigures figures, double warmupSeconds, boolean firstPoint) throws IOException {
        int k = options.k();
        String path = "/" + index + "/_search?" + QueryClients.FILTER_PATH;
        String[] bodies = new String[queryVectors.length];
        for (int q = 0; q < bodies.length; q++) {
            bodies[q] = system.searchBody(queryVectors[q], k, queryParams, filter.query());
        }
        String point = Params.point(system.name(), buildParams, queryParams) + " [filter " + filter.name() + "]";
        warmUp(point, path, bodies, warmupSeconds, firstPoint);
        Scorer scorer = scorers.get(filter.name());
        List<EsResult> rows = new ArrayList<>();
        for (int clientCount : clientCounts) {
            QueryClients.Pass[] passes = new QueryClients.Pass[options.passes()];
            long cpuBefore = nodeCpuMillis(System.currentTimeMillis());
            for (int p = 0; p < passes.length; p++) {
                String what = String.format(Locale.ROOT, "%s: %d client%s, pass %d/%d", point, clientCount, clientCount == 1 ? "" : "s", p + 1,
                    passes.length);
                Progress.Task task = progress.start(what, bodies.length);
                passes[p] = clients.run(path, bodies, clientCount, task);
                task.done();
            }
            double cpuPerQuery = (double) (nodeCpuMillis(System.currentTimeMillis()) - cpuBefore) / (passes.length * (long) bodies.length);
            double[] passSeconds = Arrays.stream(passes).mapToDouble(QueryClients.Pass::seconds).toArray();
            double qps = bodies.length / Scorer.median(passSeconds);
            long[] latencies = Arrays.stream(passes).flatMapToLong(pass -> Arrays.stream(pass.nanos())).sorted().toArray();
            EvaluationAccumulator.Summary s = scorer.evaluate(passes[0].ids(), passes[0].nanos());
            double p50 = percentile(latencies, 0.50) / 1e6;
            double p99 = percentile(latencies, 0.99) / 1e6;
            progress.say(String.format(Locale.ROOT, "%s, %d client%s: recall@%d %.4f, %.1f queries/s, p50 %.2f ms, p99 %.2f ms, node CPU %.3f ms/query",
                point, clientCount, clientCount == 1 ? "" : "s", k, s.recall(), qps, p50, p99, cpuPerQuery));
            rows.add(new EsResult(system.name(), buildParams, queryParams, filter.name(), filter.fraction(dataset.base().length), clientCount, qps,
                s.recall(), s.distanceRatio(), s.precision(), p50, p99, cpuPerQuery, figures, bodies.length, k));
        }
        return rows;
    }

    /**
     * The least warm-up of the first point measured on a node. Its JIT compiles the whole search path then (HTTP, JSON,
     * the search phases, fetch), not only the method's: on MNIST, with 12 s and then a settling rule, the first system
     * measured still used 1.6 and 1.0 ms of node CPU per query on its first two points and 0.7 ms from the third on,
     * while the second system was steady from its first point.
     */
    static final double NODE_FIRST_WARMUP_SECONDS = 60;

    /** The warm-up windows after the first point's least warm-up, and the gain that counts as still warming up. */
    static final double SETTLE_WINDOW_SECONDS = 3;
    static final double SETTLE_GAIN = 0.05;
    static final int MAX_SETTLE_WINDOWS = 20;

    /**
     * Warms the node up for {@code seconds} with all clients; with {@code untilSettled}, then goes on in windows of
     * {@value #SETTLE_WINDOW_SECONDS} s while each window answers at least {@value #SETTLE_GAIN} more searches per second
     * than the one before (at most {@value #MAX_SETTLE_WINDOWS} windows). In process, 12 s were enough; through a fresh
     * node they were not: measured on MNIST, the node's CPU per query of the first system fell from 2.3 to 0.7 ms over
     * its first three points after 12 s of warm-up (the whole Elasticsearch search path compiling, not only the
     * method's), so the first system measured on a node would be measured slower than the others.
     */
    private void warmUp(String point, String path, String[] bodies, double seconds, boolean untilSettled) throws IOException {
        clients.warmUp(path, bodies, clients.count(), seconds);
        if (untilSettled == false || seconds <= 0) {
            return;
        }
        double previous = clients.warmUp(path, bodies, clients.count(), SETTLE_WINDOW_SECONDS);
        for (int window = 1; window <= MAX_SETTLE_WINDOWS; window++) {
            double rate = clients.warmUp(path, bodies, clients.count(), SETTLE_WINDOW_SECONDS);
            if (rate < previous * (1 + SETTLE_GAIN)) {
                progress.say(String.format(Locale.ROOT, "%s: warmed up for %.0f s, settled at %.0f searches/s", point,
                    seconds + (window + 1) * SETTLE_WINDOW_SECONDS, rate));
                return;
            }
            previous = rate;
        }
        progress.say(String.format(Locale.ROOT, "%s: still speeding up after %.0f s of warm-up; measured all the same", point,
            seconds + (MAX_SETTLE_WINDOWS + 1) * SETTLE_WINDOW_SECONDS));
    }

    /** The value below which {@code share} of the sorted values lie (nearest rank). */
    static long percentile(long[] sorted, double share) {
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * The node process's CPU time, every thread (search, GC, JIT) counted, from {@code _nodes/stats/process}, as sampled
     * no earlier than {@code notBeforeMillis}. Elasticsearch samples it at most once a second
     * ({@code monitor.process.refresh_interval}, whose least value is 1 s) and answers the cached sample in between, so a
     * stale sample is asked for again until a fresh one comes (after a pass of over a second, the first answer is).
     */
    private long nodeCpuMillis(long notBeforeMillis) throws IOException {
        long giveUp = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Map<String, Object> stats = admin.get("/_nodes/_local/stats/process?filter_path=nodes.*.process.timestamp,nodes.*.process.cpu.total_in_millis");
            if (Json.at(stats, "nodes") instanceof Map<?, ?> nodes && nodes.size() == 1) {
                Object process = Json.at(nodes.values().iterator().next(), "process");
                if (Json.at(process, "timestamp") instanceof Number sampled && Json.at(process, "cpu", "total_in_millis") instanceof Number cpu) {
                    if (sampled.longValue() >= notBeforeMillis) {
                        return cpu.longValue();
                    }
                    if (System.nanoTime() > giveUp) {
                        throw new IOException("the node's process stats stayed older than [" + notBeforeMillis + "] for 10 s: " + stats);
                    }
                    sleep(100);
                    continue;
                }
            }
            throw new IOException("the node's process stats have no timestamp and cpu.total_in_millis: " + stats);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
