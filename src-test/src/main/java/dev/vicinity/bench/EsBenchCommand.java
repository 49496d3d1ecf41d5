package dev.vicinity.bench;

import dev.vicinity.eval.Neighbors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ./vicinity bench --via es}: the benchmark through a real Elasticsearch node over HTTP, Vicinity's
 * {@code vicinity_knn} against Elasticsearch's own {@code knn} in the same node and run. Reads the dataset, checks
 * every system's parameters, computes the ground truth of every filter, starts the node ({@link EsNode}), measures
 * the systems one after the other ({@link EsBenchRunner}), writes {@code results.csv} and {@code recall-qps.png} after
 * each, and stops the node, also when something failed. A system that fails is reported and the next one runs, as in
 * the in-process bench.
 */
final class EsBenchCommand {

    /** The node could not be started: nothing was measured. */
    static final class NodeFailure extends IOException {
        NodeFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a run measured: the rows of every system that finished, and every system that failed instead. */
    record Report(List<EsResult> results, List<BenchCommand.Failure> failures) {}

    private EsBenchCommand() {}

    static Report run(BenchOptions options, EsNodeLaunch launch, Progress progress) throws IOException {
        return run(options, launch, progress, EsSystems::byName);
    }

    /** @param systemsByName the system of each name in {@code options.methods()} */
    static Report run(BenchOptions options, EsNodeLaunch launch, Progress progress, Function<String, EsSystem> systemsByName) throws IOException {
        BenchOptions.ViaEs via = options.viaEs();
        progress.say("reading " + options.dataset());
        Dataset dataset = BenchCommand.subset(DatasetLoader.load(options.dataset(), options.metric()), options);
        List<EsSystem> systems = options.methods().stream().map(systemsByName).toList();
        // Every mistake is found before the node starts, not an hour later.
        for (EsSystem system : systems) {
            system.check(dataset.dims(), dataset.metric(), options.buildParams(system), Params.product(options.querySweep(system)), options.k());
        }
        int queryCount = Math.min(options.queries(), dataset.queries().length);
        int rows = dataset.base().length;
        progress.say(String.format(Locale.ROOT, "%s: %,d base vectors of %d dims, %,d queries, metric %s, k=%d, through Elasticsearch, "
            + "1 and %d clients", dataset.name(), rows, dataset.dims(), queryCount, dataset.metric().name(), options.k(), via.clients()));

        KMeans.Choice cluster = null;
        if (via.filters().contains("cluster")) {
            cluster = KMeans.choose(dataset.base(), dataset.metric(), KMeans.SEED);
            progress.say(String.format(Locale.ROOT, "k-means (seed %d): %d clusters; the filter [cluster] is cluster %d, %,d documents (%.1f%%)",
                KMeans.SEED, cluster.clusters(), cluster.cluster(), cluster.size(), 100.0 * cluster.size() / rows));
        }
        List<BenchFilter> filters = new ArrayList<>();
        Map<String, Scorer> scorers = new LinkedHashMap<>();
        for (String name : via.filters()) {
            BenchFilter filter = BenchFilter.of(name, rows, cluster);
            Neighbors[] truth = filter.query() == null
                ? GroundTruth.of(dataset, queryCount, options.k(), progress)
                : GroundTruth.filtered(dataset, queryCount, options.k(), filter.acceptedRows(), "filter " + name, progress);
            filters.add(filter);
            scorers.put(name, new Scorer(dataset, truth, options.k(), progress));
        }
        List<Integer> clientCounts = via.clients() == 1 ? List.of(1) : List.of(1, via.clients());

        Files.createDirectories(options.out());
        List<EsResult> results = new ArrayList<>();
        List<BenchCommand.Failure> failures = new ArrayList<>();
        write(options, dataset, queryCount, results, filters, clientCounts);
        Path home = via.home() != null ? via.home().toAbsolutePath() : Files.createTempDirectory("vicinity-bench-es-");
        Path log = options.out().resolve("node.log").toAbsolutePath();
        progress.say("starting the node (home " + home + ", output in " + log + ")");
        boolean temporaryHome = via.home() == null && options.keepIndex() == false;
        EsNode node;
        try {
            node = EsNode.start(launch, home, log, temporaryHome);
        } catch (IOException e) {
            if (temporaryHome) {
                BenchRunner.deleteRecursively(home);
            }
            throw new NodeFailure("the Elasticsearch node did not start: " + e.getMessage(), e);
        }
        try (node; EsClient admin = new EsClient(node.address()); QueryClients clients = new QueryClients(node.address(), via.clients())) {
            progress.say("node up at " + node.address() + " (pid " + node.pid() + ")");
            EsIndexLoader loader = new EsIndexLoader(admin, node.address(), dataset, cluster, progress, options.flushEvery());
            EsBenchRunner runner = new EsBenchRunner(options, dataset, filters, scorers, admin, clients, loader, clientCounts, progress);
            for (int s = 0; s < systems.size(); s++) {
                EsSystem system = systems.get(s);
                try {
                    results.addAll(runner.run(system));
                } catch (Exception | OutOfMemoryError e) {
                    failures.add(new BenchCommand.Failure(system.name(), e));
                    progress.failed(system.name(), e);
                    if (answers(admin) == false) {
                        // The systems after it would only fail to connect, one after the other: say why once.
                        progress.say("the node does not answer any more (process " + (node.isAlive() ? "alive" : "gone")
                            + "); the systems after [" + system.name() + "] are not measured. Its output ends with:\n" + node.tail());
                        for (EsSystem notRun : systems.subList(s + 1, systems.size())) {
                            failures.add(new BenchCommand.Failure(notRun.name(), new IOException("not measured: the node stopped answering")));
                        }
                        break;
                    }
                    continue;
                }
                write(options, dataset, queryCount, results, filters, clientCounts);
            }
            progress.say("stopping the node");
        } finally {
            if (temporaryHome) {
                BenchRunner.deleteRecursively(home);
            } else {
                progress.say("the node's home is kept: " + home);
            }
        }
        progress.say("wrote " + options.out().resolve(BenchCommand.CSV) + " and " + options.out().resolve(BenchCommand.PLOT));
        if (failures.isEmpty() == false) {
            progress.say(failures.size() + " of " + systems.size() + " systems failed and have no rows in " + BenchCommand.CSV + ":");
            for (BenchCommand.Failure failure : failures) {
                progress.say("  " + failure.method() + ": " + failure.summary());
            }
        }
        return new Report(List.copyOf(results), List.copyOf(failures));
    }

    /** Whether the node still answers a health request. */
    private static boolean answers(EsClient admin) {
        try {
            admin.get("/_cluster/health");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(BenchOptions options, Dataset dataset, int queryCount, List<EsResult> results, List<BenchFilter> filters,
                              List<Integer> clientCounts) throws IOException {
        EsResultsCsv.write(options.out().resolve(BenchCommand.CSV), options.k(), results);
        String title = String.format(Locale.ROOT, "%s via Elasticsearch, %,d queries", dataset.name(), queryCount);
        EsRecallPlot.write(options.out().resolve(BenchCommand.PLOT), title, options.k(), results, options.methods(),
            filters.stream().map(BenchFilter::name).toList(), clientCounts);
    }
}
