package dev.vicinity.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code ./vicinity bench}; see {@link #USAGE}.
 *
 * <p>Parameter names in {@code --build} and {@code --query} apply to every selected method that takes them; a name
 * written {@code method.name} applies to that method only. A name no selected method takes is an error.
 *
 * <p>{@code --via es} measures through a real Elasticsearch node instead of in this JVM: the methods are then
 * {@link EsSystems}, and the options only that mode takes are in {@link #viaEs()} ({@code null} otherwise).
 */
record BenchOptions(Path dataset, List<String> methods, Map<String, String> build, Map<String, List<String>> query, Path out,
                    int k, int queries, int base, double warmupSeconds, int passes, String metric, boolean merge, boolean keepIndex,
                    int flushEvery, double targetRecall, ViaEs viaEs) {

    /**
     * What only {@code --via es} takes.
     *
     * @param clients the concurrent clients of the second measurement of every sweep point (1: only the first)
     * @param filters the filters every sweep runs under, in order ({@link BenchFilter} names)
     * @param home the node's home directory, kept afterwards; {@code null} for a temporary one deleted at the end
     */
    record ViaEs(int clients, List<String> filters, Path home) {

        /** Twice this machine's cores: enough requests in flight to keep every core of the node busy. */
        static int defaultClients() {
            return 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    static final String USAGE = """
        usage: ./vicinity bench --dataset DIR_OR_FILE --method m1,m2 [--build name=value,...] [--query name=v1,v2,...]
                                --out DIR [options]
          --dataset DIR|FILE  a directory in the fvecs layout of ../shared/data, or an ann-benchmarks .hdf5 file
          --method LIST       methods to compare: %s
          --build LIST        build parameters, name=value,...; prefix a name with "method." to aim at one method
          --query LIST        query parameters to sweep, name=v1,v2,... (repeatable); e.g. --query hnsw.ef=10,40,160
          --out DIR           where results.csv and recall-qps.png go (created if missing)
          --k N               neighbours per query (default 10)
          --queries N         use only the first N queries (default: all); exact search is slow on big sets
          --base N            index only the first N base vectors (ground truth is then recomputed)
          --warmup SECONDS    how long queries run untimed before each sweep point (default 2; a method's first point at least 12, unless 0)
          --passes N          timed passes over the queries per sweep point; queries/s is the median pass (default 3)
          --metric NAME       override the dataset's metric (angular = cosine)
          --no-merge          merge nothing: keep every segment the build flushed instead of force-merging to one
          --flush-every N     flush a segment every N documents (default: when 256 MB are buffered); with --no-merge
                              the index has base/N segments
          --target-recall R   for each Vicinity method with a query knob, find the cheapest setting reaching recall@k R
                              (as POST _vicinity/tune does; the knob's settings are tried quickly, one pass, no warm-up)
                              and measure that setting instead of a sweep; the steps are printed
          --keep-index        keep the indexes under DIR/index and peers' files under DIR/peer-NAME instead of deleting them
          --via lucene|es     where to measure: in this JVM on Lucene indexes (default), or through an Elasticsearch node (below)
        Peer libraries measured in the same run, on one thread: pynndescent (PyNNDescent) and hnswlib run in $VICINITY_PYTHON,
        else /usr/bin/python3, else python3; annoy is Annoy's C++ code, compiled with g++ -O3 -march=native against the headers
        in $VICINITY_ANNOY_INCLUDE, else where Debian's r-cran-rcppannoy puts them (docs/benchmarks.md says how to install them).
        Exit status: 0 every method measured; 1 some method failed (reported, the others still ran and are in results.csv);
        2 nothing measured (a mistake in the options, a parameter, metric or dimension count a method refuses, a missing peer).

        usage: ./vicinity bench --via es --dataset DIR_OR_FILE --method s1,s2 --out DIR [options]
        The same datasets, sweeps and scoring through a real Elasticsearch node over HTTP: a child JVM started as
        ./vicinity serve starts one (same class path and JVM options, VICINITY_NODE_JAVA_OPTS appended), on a free port,
        stopped at the end. Each system gets its own 1-shard index on that node, bulk-loaded, refreshed and force-merged
        to one segment (--no-merge: the segments a default bulk load leaves). Every sweep point is measured with 1
        client and with --clients concurrent ones (queries/s, p50/p99 latency, node CPU per query from _nodes/stats).
          --flush-every N     load the rows in chunks of N, each ended by a refresh, without periodic refreshes and with
                              merges held back: with --no-merge the shard has base/N segments, whatever the system
          --method LIST       Vicinity methods queried with vicinity_knn: %s;
                              Elasticsearch dense_vector queried with the knn search section: %s
                              (query num_candidates, raised to k; quantized types also oversample = rescore_vector.oversample)
          --clients N         concurrent clients of the second measurement (default 2 x cores = %d; 1: single client only)
          --filter LIST       the filters each sweep runs under (default none): none, mod10 (row %% 10 == 0, 10%%),
                              mod100 (row %% 100 == 0, 1%%), cluster (one k-means cluster of the vectors holding 5-15%%), all
          --home DIR          the node's home (kept); default a temporary one, deleted at the end
          --keep-index        keep the indices on the node, and a temporary home, instead of deleting them
        Output: DIR/results.csv (one row per system, sweep point, filter and client count), DIR/recall-qps.png (a panel
        per filter and client count), DIR/node.log (the node's output). Exit status as above.
        """.formatted(BenchMethods.names(), EsSystems.vicinityNames(), EsSystems.denseVectorNames(), ViaEs.defaultClients());

    static BenchOptions parse(String[] args) {
        Path dataset = null;
        Path out = null;
        List<String> methods = null;
        Map<String, String> build = new LinkedHashMap<>();
        Map<String, List<String>> query = new LinkedHashMap<>();
        int k = 10;
        int queries = Integer.MAX_VALUE;
        int base = Integer.MAX_VALUE;
        double warmup = 2;
        int passes = 3;
        String metric = null;
        boolean merge = true;
        boolean keepIndex = false;
        int flushEvery = 0;
        double targetRecall = 0;
        String via = "lucene";
        Integer clients = null;
        List<String> filters = null;
        Path home = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--no-merge" -> merge = false;
                case "--keep-index" -> keepIndex = true;
                case "-h", "--help" -> throw new UsageException(null);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException("[" + arg + "] needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--dataset" -> dataset = Path.of(value);
                        case "--out" -> out = Path.of(value);
                        case "--method" -> methods = List.of(value.split(","));
                        case "--build" -> parseList(arg, value).forEach((name, values) -> {
                            if (values.size() != 1) {
                                throw new UsageException("[--build] takes one value per parameter but [" + name + "] has " + values);
                            }
                            build.put(name, values.get(0));
                        });
                        case "--query" -> query.putAll(parseList(arg, value));
                        case "--k" -> k = positive(arg, value);
                        case "--queries" -> queries = positive(arg, value);
                        case "--base" -> base = positive(arg, value);
                        case "--warmup" -> warmup = seconds(arg, value);
                        case "--passes" -> passes = positive(arg, value);
                        case "--metric" -> metric = value;
                        case "--flush-every" -> flushEvery = positive(arg, value);
                        case "--target-recall" -> targetRecall = recall(arg, value);
                        case "--via" -> via = via(value);
                        case "--clients" -> clients = positive(arg, value);
                        case "--filter" -> filters = BenchFilter.parseNames(value);
                        case "--home" -> home = Path.of(value);
                        default -> throw new UsageException("unknown option [" + arg + "]");
                    }
                }
            }
        }
        if (dataset == null || methods == null || out == null) {
            throw new UsageException("[--dataset], [--method] and [--out] are required");
        }
        ViaEs viaEs = null;
        if (via.equals("es")) {
            if (targetRecall > 0) {
                throw new UsageException("[--target-recall] is not taken with [--via es]");
            }
            viaEs = new ViaEs(clients == null ? ViaEs.defaultClients() : clients, filters == null ? List.of("none") : filters, home);
        } else if (clients != null || filters != null || home != null) {
            throw new UsageException("[" + (clients != null ? "--clients" : filters != null ? "--filter" : "--home") + "] is only taken with [--via es]");
        }
        List<String> checked = new ArrayList<>();
        for (String m : methods) {
            spec(viaEs, m.trim());
            if (checked.contains(m.trim())) {
                throw new UsageException("method [" + m.trim() + "] is listed twice");
            }
            checked.add(m.trim());
        }
        BenchOptions options = new BenchOptions(dataset, List.copyOf(checked), build, query, out, k, queries, base, warmup, passes, metric, merge, keepIndex,
            flushEvery, targetRecall, viaEs);
        options.checkNames(build.keySet(), "--build", true);
        options.checkNames(query.keySet(), "--query", false);
        return options;
    }

    /** {@code a=1,2,b=3} -> {a=[1,2], b=[3]}: a token with '=' starts a parameter, others add values to the last one. */
    private static Map<String, List<String>> parseList(String option, String value) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        String current = null;
        for (String token : value.split(",")) {
            token = token.trim();
            int eq = token.indexOf('=');
            if (eq > 0) {
                current = token.substring(0, eq).trim();
                result.computeIfAbsent(current, n -> new ArrayList<>()).add(token.substring(eq + 1).trim());
            } else if (current != null && token.isEmpty() == false) {
                result.get(current).add(token);
            } else {
                throw new UsageException("[" + option + "] expects name=value,... but got [" + value + "]");
            }
        }
        return result;
    }

    private void checkNames(Iterable<String> names, String option, boolean buildSide) {
        for (String name : names) {
            int dot = name.indexOf('.');
            List<String> targets = dot > 0 ? List.of(name.substring(0, dot)) : methods;
            String bare = dot > 0 ? name.substring(dot + 1) : name;
            if (dot > 0 && methods.contains(targets.get(0)) == false) {
                throw new UsageException("[" + option + "] [" + name + "] names method [" + targets.get(0) + "], which is not in [--method] " + methods);
            }
            boolean known = false;
            for (String m : targets) {
                MethodSpec method = spec(viaEs, m);
                known |= buildSide ? takesBuildParameter(method, bare) : method.queryDefaults().containsKey(bare);
            }
            if (known == false) {
                throw new UsageException("[" + option + "] parameter [" + name + "] is not taken by " + targets);
            }
        }
    }

    /**
     * Whether {@code method} takes build parameter {@code name}: one of its defaults, or a name inside a nested
     * parameter its defaults use ({@code hashes.0.bucket_size} where the defaults set {@code hashes.0.type}); the
     * method checks nested values itself before anything is measured.
     */
    private static boolean takesBuildParameter(MethodSpec method, String name) {
        if (method.buildDefaults().containsKey(name)) {
            return true;
        }
        int dot = name.indexOf('.');
        String family = dot > 0 ? name.substring(0, dot + 1) : null;
        return family != null && method.buildDefaults().keySet().stream().anyMatch(key -> key.startsWith(family));
    }

    /** The build parameters for {@code method}: its defaults, overridden by unscoped then by scoped options. */
    Map<String, String> buildParams(MethodSpec method) {
        Map<String, String> params = new LinkedHashMap<>(method.buildDefaults());
        build.forEach((name, value) -> {
            if (name.indexOf('.') < 0 && params.containsKey(name)) {
                params.put(name, value);
            }
        });
        build.forEach((name, value) -> {
            if (name.startsWith(method.name() + ".")) {
                params.put(name.substring(method.name().length() + 1), value);
            }
        });
        return params;
    }

    /** The query-parameter sweep for {@code method}: its defaults, overridden by unscoped then by scoped options. */
    Map<String, List<String>> querySweep(MethodSpec method) {
        Map<String, List<String>> sweep = new LinkedHashMap<>(method.queryDefaults());
        query.forEach((name, values) -> {
            if (name.indexOf('.') < 0 && sweep.containsKey(name)) {
                sweep.put(name, values);
            }
        });
        query.forEach((name, values) -> {
            if (name.startsWith(method.name() + ".")) {
                sweep.put(name.substring(method.name().length() + 1), values);
            }
        });
        return sweep;
    }

    /** The method or system of this name: in-process methods, or with {@code --via es} the systems measured through a node. */
    private static MethodSpec spec(ViaEs viaEs, String name) {
        return viaEs == null ? BenchMethods.byName(name) : EsSystems.byName(name);
    }

    private static String via(String value) {
        if (value.equals("lucene") || value.equals("es")) {
            return value;
        }
        throw new UsageException("[--via] must be [lucene] (in this JVM, the default) or [es] (through an Elasticsearch node) but was [" + value + "]");
    }

    private static double seconds(String option, String value) {
        try {
            double s = Double.parseDouble(value);
            if (s >= 0 && s <= 3600) {
                return s;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("[" + option + "] must be a number of seconds between [0] and [3600] but was [" + value + "]");
    }

    private static double recall(String option, String value) {
        try {
            double r = Double.parseDouble(value);
            if (r > 0 && r <= 1) {
                return r;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("[" + option + "] must be a recall above [0] and at most [1] but was [" + value + "]");
    }

    private static int positive(String option, String value) {
        int n = nonNegative(option, value);
        if (n == 0) {
            throw new UsageException("[" + option + "] must be at least [1] but was [" + value + "]");
        }
        return n;
    }

    private static int nonNegative(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("[" + option + "] must be a non-negative integer but was [" + value + "]");
    }

    /** A command-line mistake: the message (if any) and then the usage are printed. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
