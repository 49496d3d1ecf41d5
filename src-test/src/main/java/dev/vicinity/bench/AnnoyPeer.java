package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Annoy (the library Vicinity's {@code forest} follows) as its own C++ code: {@code annoy_peer.cc}, a small driver over
 * Annoy's header-only library, compiled here at bench time with {@code g++ -O3 -march=native} and run in the same run
 * as Vicinity's methods (see {@link ChildProcessPeer} for how the vectors, the answers and the timings travel). The
 * headers are not part of this project: {@link #findHeaders} looks for them where Debian's {@code r-cran-rcppannoy}
 * puts them.
 *
 * <p>One thread throughout: Annoy's single-threaded build policy and one query after the other, as Annoy users query.
 * {@code build_seconds} is {@code add_item} of every row plus {@code build(n_trees)}; {@code index_bytes} the size of
 * the saved index file, which holds the vectors, as ours does. Queries run on the saved file (reloaded through mmap),
 * each sweep point timed over whole passes of {@code get_nns_by_vector(query, k, search_k)}; a query's time is the
 * median pass over the query count.
 *
 * <p>Build parameters {@code n_trees} (50) and {@code seed} (42; Annoy's {@code set_seed}, which must not be 0); query
 * parameter {@code search_k}, swept over 1,000, 2,000, 5,000 and 10,000 by default: the reference figures of
 * {@code ../shared/data/README.md} for MNIST. Where the headers come from is added to the build parameters as
 * {@code version} when it is an RcppAnnoy package.
 */
final class AnnoyPeer extends ChildProcessPeer {

    static final String NAME = "annoy";
    static final String N_TREES = "n_trees";
    static final String SEED = "seed";
    static final String SEARCH_K = "search_k";
    static final String DRIVER = "annoy_peer.cc";
    static final String HEADER = "annoylib.h";
    static final String RANDOM_HEADER = "kissrandom.h";
    /** A directory holding {@code annoylib.h} and {@code kissrandom.h}, or one {@code r-cran-rcppannoy} was unpacked into. */
    static final String INCLUDE_ENV = "VICINITY_ANNOY_INCLUDE";
    /** Where the {@code r-cran-rcppannoy} package keeps the headers, below its root. */
    static final String RCPPANNOY_INCLUDE = "usr/lib/R/site-library/RcppAnnoy/include";
    /** The flags the driver is compiled with, besides {@code -I} and {@code -o}; see {@code docs/benchmarks.md}. */
    static final List<String> FLAGS = List.of("-O3", "-march=native");

    /**
     * Where the headers are looked for when {@value #INCLUDE_ENV} is not set, in this order: the package installed
     * ({@code apt-get install r-cran-rcppannoy}), RcppAnnoy installed by R itself, the package unpacked without R as
     * {@code docs/benchmarks.md} says, then Annoy's own {@code src/} copied to an include directory.
     */
    static final List<Path> DEFAULT_INCLUDES = List.of(Path.of("/").resolve(RCPPANNOY_INCLUDE),
        Path.of("/usr/local/lib/R/site-library/RcppAnnoy/include"), Path.of("/opt/annoy-headers").resolve(RCPPANNOY_INCLUDE),
        Path.of("/usr/local/include"), Path.of("/usr/include"));

    static final String INSTALL_HEADERS = "apt-get install r-cran-rcppannoy (Debian), or without R: apt-get download r-cran-rcppannoy"
        + " && dpkg -x r-cran-rcppannoy_*.deb /opt/annoy-headers, or set " + INCLUDE_ENV + " to a directory holding " + HEADER
        + " and " + RANDOM_HEADER;

    private final String compiler;
    private final String configuredInclude;
    private final List<Path> defaultIncludes;

    /**
     * @param compiler the C++ compiler to run, a path or a command name looked up on the {@code PATH}
     * @param configuredInclude the value of {@value #INCLUDE_ENV}, or {@code null} when it is not set
     * @param defaultIncludes where to look for the headers otherwise, in order
     */
    AnnoyPeer(String compiler, String configuredInclude, List<Path> defaultIncludes) {
        this.compiler = compiler;
        this.configuredInclude = configuredInclude == null || configuredInclude.isBlank() ? null : configuredInclude;
        this.defaultIncludes = List.copyOf(defaultIncludes);
    }

    /** {@code g++} from the {@code PATH}, the headers from {@value #INCLUDE_ENV} or {@link #DEFAULT_INCLUDES}. */
    static AnnoyPeer fromEnvironment() {
        return new AnnoyPeer("g++", System.getenv(INCLUDE_ENV), DEFAULT_INCLUDES);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> buildDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(N_TREES, "50");
        defaults.put(SEED, "42");
        return defaults;
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return Map.of(SEARCH_K, List.of("1000", "2000", "5000", "10000"));
    }

    @Override
    public void check(BenchOptions options, Metric metric) {
        annoyMetric(metric);
        buildParams(options);
        sweep(options);
        String problem = compilerProblem();
        if (problem != null) {
            throw new IllegalArgumentException("method [" + NAME + "] compiles Annoy's C++ code and needs a C++ compiler: apt-get install g++"
                + " ([" + compiler + "]: " + problem + ")");
        }
        findHeaders();
    }

    /** Annoy's name for {@code metric}: one that ranks rows as {@code metric} does. */
    static String annoyMetric(Metric metric) {
        return switch (metric.name()) {
            case "euclidean", "sqeuclidean" -> "euclidean"; // the same order
            case "cosine" -> "angular"; // sqrt(2 - 2 cos): the order of 1 - cos
            case "dot" -> "dot"; // -dot, as ours
            case "manhattan" -> "manhattan";
            default -> throw new IllegalArgumentException("method [" + NAME + "] does not take metric [" + metric.name()
                + "], only [euclidean], [sqeuclidean], [cosine] (angular), [dot] and [manhattan]");
        };
    }

    /** Why the compiler cannot be run, or {@code null} when {@code --version} works. */
    String compilerProblem() {
        return problemRunning(List.of(compiler, "--version"), compiler + " --version");
    }

    /**
     * The directory holding Annoy's headers: {@value #INCLUDE_ENV} when set (the directory itself, or a package root
     * with {@value #RCPPANNOY_INCLUDE} below it), else the first of the default places that has them. Throws an
     * {@link IllegalArgumentException} with the install advice when there is none; a set variable that points at no
     * headers is an error rather than a reason to look elsewhere.
     */
    Path findHeaders() {
        Path found = headersOrNull();
        if (found != null) {
            return found;
        }
        if (configuredInclude != null) {
            throw new IllegalArgumentException("method [" + NAME + "] needs Annoy's headers, but " + INCLUDE_ENV + " [" + configuredInclude
                + "] holds no " + HEADER + " and " + RANDOM_HEADER + ", nor does its " + RCPPANNOY_INCLUDE + ": " + INSTALL_HEADERS);
        }
        throw new IllegalArgumentException("method [" + NAME + "] needs Annoy's headers (" + HEADER + ", " + RANDOM_HEADER + "), found in none of "
            + defaultIncludes + ": " + INSTALL_HEADERS);
    }

    /** As {@link #findHeaders}, but {@code null} when there are none. */
    private Path headersOrNull() {
        List<Path> candidates = defaultIncludes;
        if (configuredInclude != null) {
            Path dir = Path.of(configuredInclude);
            candidates = List.of(dir, dir.resolve(RCPPANNOY_INCLUDE));
        }
        return candidates.stream().filter(AnnoyPeer::hasHeaders).findFirst().orElse(null);
    }

    private static boolean hasHeaders(Path dir) {
        return Files.isRegularFile(dir.resolve(HEADER)) && Files.isRegularFile(dir.resolve(RANDOM_HEADER));
    }

    /** {@code RcppAnnoy-0.0.20} when the headers belong to an RcppAnnoy package (its DESCRIPTION beside them), else {@code null}. */
    static String headersVersion(Path include) {
        Path description = include.resolveSibling("DESCRIPTION");
        if (Files.isRegularFile(description) == false) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(description, StandardCharsets.UTF_8);
            if (lines.contains("Package: RcppAnnoy") == false) {
                return null;
            }
            return lines.stream().filter(l -> l.startsWith("Version: ")).findFirst().map(l -> "RcppAnnoy-" + l.substring(9).trim()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    Map<String, String> buildParams(BenchOptions options) {
        Map<String, String> params = options.buildParams(this);
        Map<String, String> checked = new LinkedHashMap<>();
        checked.put(N_TREES, Integer.toString(Params.intParam(params, N_TREES, 1, 100_000)));
        checked.put(SEED, Integer.toString(Params.intParam(params, SEED, 1, Integer.MAX_VALUE)));
        Path include = headersOrNull();
        String version = include == null ? null : headersVersion(include);
        if (version != null) {
            checked.put("version", version);
        }
        return checked;
    }

    @Override
    String sweptParameter() {
        return SEARCH_K;
    }

    @Override
    List<String> sweep(BenchOptions options) {
        return Params.intValues(SEARCH_K, options.querySweep(this).get(SEARCH_K), 1, Integer.MAX_VALUE);
    }

    @Override
    List<String> command(BenchOptions options, Dataset dataset, Path dir, Map<String, String> buildParams, List<String> sweep,
                         Progress progress) throws IOException {
        Path include = findHeaders();
        Path source = copyResource(DRIVER, dir);
        Path binary = dir.resolve("annoy_peer");
        List<String> compile = new ArrayList<>();
        compile.add(compiler);
        compile.addAll(FLAGS);
        compile.addAll(List.of("-I", include.toString(), "-o", binary.toString(), source.toString()));
        progress.say(NAME + ": compiling " + String.join(" ", compile));
        long start = System.nanoTime();
        String problem = problemRunning(compile, compiler, 20);
        if (problem != null) {
            throw new IOException("[" + NAME + "] could not compile " + DRIVER + " against the headers in [" + include + "]: " + problem);
        }
        progress.say(String.format(Locale.ROOT, "%s: compiled in %.1f s", NAME, (System.nanoTime() - start) / 1e9));
        return List.of(binary.toString(), "--dir", dir.toString(), "--dims", Integer.toString(dataset.dims()),
            "--metric", annoyMetric(dataset.metric()), "--k", Integer.toString(options.k()), "--n-trees", buildParams.get(N_TREES),
            "--seed", buildParams.get(SEED), "--search-ks", String.join(",", sweep), "--passes", Integer.toString(options.passes()),
            "--warmup", Double.toString(options.warmupSeconds()));
    }
}
