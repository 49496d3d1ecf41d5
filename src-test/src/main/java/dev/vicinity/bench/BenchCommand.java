package dev.vicinity.bench;

import dev.vicinity.eval.Neighbors;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code ./vicinity bench}: builds a Lucene index per method over a dataset, sweeps the query parameters and writes
 * {@code results.csv} and {@code recall-qps.png} (see {@link BenchOptions#USAGE} and {@code docs/benchmarks.md}).
 * With {@code --via es} the same is measured through an Elasticsearch node instead ({@link EsBenchCommand}).
 * Runs on Lucene, the codec and jhdf only: no Elasticsearch. Peer libraries ({@link PeerMethod}) run in their own
 * process in the same run and are scored here like the rest. A method that fails is reported and the others still
 * run; the exit status says so (see {@link #execute}).
 */
public final class BenchCommand {

    public static final String CSV = "results.csv";
    public static final String PLOT = "recall-qps.png";

    /** Every method was measured. */
    static final int OK = 0;
    /** At least one method failed; {@code results.csv} holds the rows of the others. */
    static final int FAILED = 1;
    /** Nothing was measured: a mistake on the command line, a parameter or metric a method refuses, a missing peer. */
    static final int USAGE = 2;

    /**
     * What a run measured: the rows of every method that finished, and every method that threw instead, in the
     * order they ran. A failed method has no rows, so every row of {@code results.csv} is a measurement.
     */
    public record Report(List<Result> results, List<Failure> failures) {}

    /** A method that threw (or ran out of heap) while it was built or measured; the methods after it still ran. */
    public record Failure(String method, Throwable error) {

        /** The exception's class and the first line of its message, for the summary. */
        String summary() {
            String message = error.getMessage() == null ? "" : ": " + error.getMessage().lines().findFirst().orElse("");
            return error.getClass().getSimpleName() + message;
        }
    }

    private BenchCommand() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int status = execute(args, System.out, System.err, BenchMethods::byName);
        if (status != OK) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line and returns its exit status: {@link #OK}, {@link #FAILED} when some method failed (the
     * path of {@code results.csv} is printed all the same), or {@link #USAGE} when nothing could be measured.
     */
    static int execute(String[] args, PrintStream out, PrintStream err, Function<String, MethodSpec> methods) throws IOException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null) {
                err.println("vicinity bench: " + e.getMessage());
            }
            err.print(BenchOptions.USAGE);
            return e.getMessage() == null ? OK : USAGE;
        }
        List<Failure> failures;
        try {
            failures = options.viaEs() == null
                ? run(options, new Progress(err, 3000), methods).failures()
                : EsBenchCommand.run(options, EsNodeLaunch.fromSystemProperties(), new Progress(err, 3000)).failures();
        } catch (IllegalArgumentException e) {
            err.println("vicinity bench: " + e.getMessage());
            return USAGE;
        } catch (EsBenchCommand.NodeFailure e) {
            err.println("vicinity bench: " + e.getMessage());
            return FAILED;
        }
        out.println(options.out().resolve(CSV).toAbsolutePath());
        return failures.isEmpty() ? OK : FAILED;
    }

    /** Runs the benchmark with the methods of {@link BenchMethods}; the rows are also written to {@code options.out()}. */
    public static Report run(BenchOptions options, Progress progress) throws IOException {
        return run(options, progress, BenchMethods::byName);
    }

    /**
     * Runs the benchmark. Every method's parameters and the dataset's metric are checked first, and a peer's library
     * looked for, so that a mistake ends the run (with an {@link IllegalArgumentException}) before anything is
     * measured. After that, a method that throws is reported and skipped and the next one runs: one failure does not
     * cost the rows of the others.
     *
     * @param methods the method of each name in {@code options.methods()}
     */
    static Report run(BenchOptions options, Progress progress, Function<String, MethodSpec> methods) throws IOException {
        progress.say("reading " + options.dataset());
        Dataset dataset = DatasetLoader.load(options.dataset(), options.metric());
        dataset = subset(dataset, options);
        // Find every mistake and missing peer before anything is measured, not an hour later.
        for (String name : options.methods()) {
            switch (methods.apply(name)) {
                case BenchMethod method -> BenchRunner.check(method, options, dataset);
                case PeerMethod peer -> peer.check(options, dataset.metric());
                case EsSystem system -> throw new IllegalArgumentException("[" + name + "] is measured through Elasticsearch: add [--via es]");
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
        List<Failure> failures = new ArrayList<>();
        // Written before the first method, so that the file exists (with its header) even if every method fails.
        write(options, dataset, queryCount, results);
        for (String name : order) {
            try {
                results.addAll(switch (methods.apply(name)) {
                    case BenchMethod method -> runner.run(method);
                    case PeerMethod peer -> peer.run(options, dataset, scorer, progress);
                    case EsSystem system -> throw new IllegalStateException("[" + name + "] is measured through Elasticsearch");
                });
            } catch (Exception | OutOfMemoryError e) {
                // What the method built is released with its stack; the next method starts from a clean heap.
                failures.add(new Failure(name, e));
                progress.failed(name, e);
                continue;
            }
            write(options, dataset, queryCount, results);
        }
        progress.say("wrote " + options.out().resolve(CSV) + " and " + options.out().resolve(PLOT));
        if (failures.isEmpty() == false) {
            progress.say(failures.size() + " of " + order.size() + " methods failed and have no rows in " + CSV + ":");
            for (Failure failure : failures) {
                progress.say("  " + failure.method() + ": " + failure.summary());
            }
        }
        return new Report(List.copyOf(results), List.copyOf(failures));
    }

    private static void write(BenchOptions options, Dataset dataset, int queryCount, List<Result> results) throws IOException {
        double exactMillis = results.stream().filter(r -> r.method().equals("exact")).mapToDouble(Result::meanQueryMillis).findFirst().orElse(Double.NaN);
        List<Result> rows = results.stream().map(r -> r.withRelativeTime(r.meanQueryMillis() / exactMillis)).toList();
        ResultsCsv.write(options.out().resolve(CSV), options.k(), rows);
        RecallPlot.write(options.out().resolve(PLOT), String.format(Locale.ROOT, "%s (k=%d, %,d queries)", dataset.name(), options.k(),
            queryCount), options.k(), rows);
    }

    /** The first {@code --base} rows; a shipped ground truth then no longer applies and is dropped. */
    static Dataset subset(Dataset d, BenchOptions options) {
        if (options.base() >= d.base().length) {
            return d;
        }
        return new Dataset(d.name(), d.metric(), Arrays.copyOf(d.base(), options.base()), d.queries(), null);
    }
}
