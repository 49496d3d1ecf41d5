package dev.vicinity.bench;

import dev.vicinity.eval.Neighbors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./vicinity bench}: builds a Lucene index per method over a dataset, sweeps the query parameters and writes
 * {@code results.csv} and {@code recall-qps.png} (see {@link BenchOptions#USAGE} and {@code docs/benchmarks.md}).
 * Runs on Lucene, the codec and jhdf only: no Elasticsearch. Peer libraries ({@link PeerMethod}) run in their own
 * process in the same run and are scored here like the rest.
 */
public final class BenchCommand {

    public static final String CSV = "results.csv";
    public static final String PLOT = "recall-qps.png";

    private BenchCommand() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null) {
                System.err.println("vicinity bench: " + e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            run(options, new Progress(System.err, 3000));
        } catch (IllegalArgumentException e) {
            System.err.println("vicinity bench: " + e.getMessage());
            System.exit(2);
        }
        System.out.println(options.out().resolve(CSV).toAbsolutePath());
    }

    /** Runs the benchmark and returns its rows (also written to {@code options.out()}). */
    public static List<Result> run(BenchOptions options, Progress progress) throws IOException {
        progress.say("reading " + options.dataset());
        Dataset dataset = DatasetLoader.load(options.dataset(), options.metric());
        dataset = subset(dataset, options);
        // Peers run outside this JVM and may be missing here: find out before anything is measured, not an hour later.
        for (String name : options.methods()) {
            if (BenchMethods.byName(name) instanceof PeerMethod peer) {
                peer.check(options, dataset.metric());
            }
        }
        int queryCount = Math.min(options.queries(), dataset.queries().length);
        progress.say(String.format(Locale.ROOT, "%s: %,d base vectors of %d dims, %,d queries, metric %s, k=%d, ground truth %s",
            dataset.name(), dataset.base().length, dataset.dims(), queryCount, dataset.metric().name(), options.k(),
            dataset.neighbors() != null ? "from the dataset" : "computed"));
        Neighbors[] truth = GroundTruth.of(dataset, queryCount, options.k(), progress);
        Files.createDirectories(options.out());

        List<String> order = new ArrayList<>(options.methods());
        // exact first: the others' relative_time is measured against it
        if (order.remove("exact")) {
            order.add(0, "exact");
        }
        Scorer scorer = new Scorer(dataset, truth, options.k(), progress);
        BenchRunner runner = new BenchRunner(options, dataset, scorer, progress);
        List<Result> results = new ArrayList<>();
        for (String name : order) {
            results.addAll(switch (BenchMethods.byName(name)) {
                case BenchMethod method -> runner.run(method);
                case PeerMethod peer -> peer.run(options, dataset, scorer, progress);
            });
            write(options, dataset, results);
        }
        progress.say("wrote " + options.out().resolve(CSV) + " and " + options.out().resolve(PLOT));
        return results;
    }

    private static void write(BenchOptions options, Dataset dataset, List<Result> results) throws IOException {
        double exactMillis = results.stream().filter(r -> r.method().equals("exact")).mapToDouble(Result::meanQueryMillis).findFirst().orElse(Double.NaN);
        List<Result> rows = results.stream().map(r -> r.withRelativeTime(r.meanQueryMillis() / exactMillis)).toList();
        ResultsCsv.write(options.out().resolve(CSV), options.k(), rows);
        RecallPlot.write(options.out().resolve(PLOT), String.format(Locale.ROOT, "%s (k=%d, %,d queries)", dataset.name(), options.k(),
            rows.get(0).queries()), options.k(), rows);
    }

    /** The first {@code --base} rows; a shipped ground truth then no longer applies and is dropped. */
    private static Dataset subset(Dataset d, BenchOptions options) {
        if (options.base() >= d.base().length) {
            return d;
        }
        return new Dataset(d.name(), d.metric(), Arrays.copyOf(d.base(), options.base()), d.queries(), null);
    }
}
