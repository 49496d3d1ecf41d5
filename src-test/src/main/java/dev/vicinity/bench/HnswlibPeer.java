package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * hnswlib, the HNSW library ann-benchmarks' readers know, measured by {@code hnswlib_peer.py} in a Python process
 * during the same run as Lucene's HNSW and Vicinity's methods (see {@link ChildProcessPeer} for how the vectors, the
 * answers and the timings travel).
 *
 * <p>One thread throughout: {@code add_items} and {@code knn_query} with {@code num_threads=1}. {@code build_seconds}
 * is {@code init_index} plus {@code add_items} over all rows; {@code index_bytes} the size of {@code save_index}'s
 * file, which holds the vectors, as ours does. Each {@code ef} is timed as hnswlib users query: one batch
 * {@code knn_query} over all queries per pass, after {@code set_ef}; a query's time is the median pass over the query
 * count.
 *
 * <p>Build parameters {@code M} (16) and {@code ef_construction} (200), hnswlib's own defaults and names, and
 * {@code seed} (42, hnswlib's {@code random_seed}); query parameter {@code ef}, swept over the same default values as
 * {@code hnsw}'s (10 to 320) so that one {@code --query ef=...} sweeps both. hnswlib searches with
 * {@code max(ef, k)} candidates, as {@code hnsw} raises {@code ef} to {@code k}. The installed version is added to the
 * build parameters in the results.
 */
final class HnswlibPeer extends ChildProcessPeer {

    static final String NAME = "hnswlib";
    static final String M = "M";
    static final String EF_CONSTRUCTION = "ef_construction";
    static final String SEED = "seed";
    static final String EF = "ef";
    static final String SCRIPT = "hnswlib_peer.py";

    private final String python;

    /** @param python the Python interpreter to run, a path or a command name looked up on the {@code PATH} */
    HnswlibPeer(String python) {
        this.python = python;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> buildDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(M, "16");
        defaults.put(EF_CONSTRUCTION, "200");
        defaults.put(SEED, "42");
        return defaults;
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return Map.of(EF, List.of("10", "20", "40", "80", "160", "320"));
    }

    @Override
    public void check(BenchOptions options, Metric metric) {
        space(metric);
        buildParams(options);
        sweep(options);
        String problem = importProblem();
        if (problem != null) {
            throw new IllegalArgumentException("method [" + NAME + "] needs hnswlib for Python: apt-get install python3-hnswlib"
                + " (Debian), or set " + PYTHON_ENV + " to a python that has it ([" + python + "]: " + problem + ")");
        }
    }

    /** hnswlib's space for {@code metric}: one that ranks rows as {@code metric} does. */
    static String space(Metric metric) {
        return switch (metric.name()) {
            case "euclidean", "sqeuclidean" -> "l2"; // squared L2: the same order
            case "cosine" -> "cosine";
            case "dot" -> "ip"; // 1 - dot: the order of -dot
            default -> throw new IllegalArgumentException("method [" + NAME + "] does not take metric [" + metric.name()
                + "], only [euclidean], [sqeuclidean], [cosine] (angular) and [dot]");
        };
    }

    /** Why {@code import hnswlib} fails with this Python, or {@code null} when it works. */
    String importProblem() {
        return importProblem(python, "hnswlib");
    }

    @Override
    Map<String, String> buildParams(BenchOptions options) {
        Map<String, String> params = options.buildParams(this);
        Map<String, String> checked = new LinkedHashMap<>();
        checked.put(M, Integer.toString(Params.intParam(params, M, 2, 512)));
        checked.put(EF_CONSTRUCTION, Integer.toString(Params.intParam(params, EF_CONSTRUCTION, 1, 100_000)));
        checked.put(SEED, Integer.toString(Params.intParam(params, SEED, 0, Integer.MAX_VALUE)));
        return checked;
    }

    @Override
    String sweptParameter() {
        return EF;
    }

    @Override
    List<String> sweep(BenchOptions options) {
        return Params.intValues(EF, options.querySweep(this).get(EF), 1, 100_000);
    }

    @Override
    Map<String, String> environment() {
        // numpy's BLAS is not used for the search, but must not start threads of its own either
        return Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1");
    }

    @Override
    List<String> command(BenchOptions options, Dataset dataset, Path dir, Map<String, String> buildParams, List<String> sweep,
                         Progress progress) throws IOException {
        Path script = copyResource(SCRIPT, dir);
        return List.of(python, "-u", script.toString(), "--dir", dir.toString(),
            "--dims", Integer.toString(dataset.dims()), "--space", space(dataset.metric()),
            "--k", Integer.toString(options.k()), "--m", buildParams.get(M), "--ef-construction", buildParams.get(EF_CONSTRUCTION),
            "--seed", buildParams.get(SEED), "--efs", String.join(",", sweep),
            "--passes", Integer.toString(options.passes()), "--warmup", Double.toString(options.warmupSeconds()));
    }
}
