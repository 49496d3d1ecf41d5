package dev.vicinity.bench;

import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.NNDescentParameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyNNDescent (the library Vicinity's {@code nndescent} follows), measured by {@code pynndescent_peer.py} in a Python
 * process during the same run as Vicinity's methods, so that the comparison does not depend on this machine's drift.
 *
 * <p>The vectors and queries are handed over as {@link ChildProcessPeer} describes; the script builds on one thread,
 * times the NNDescent constructor and {@code prepare()} apart (their sum is {@code build_seconds}, since our build
 * includes the search graph too; progress shows both), and times each epsilon as PyNNDescent users query: one batch
 * call over all queries per pass. Each query's time is therefore the median pass over the query count. The ids it
 * found are scored by {@link Scorer}. {@code index_bytes} is the size of the pickled index after {@code prepare()},
 * which holds the vectors, as ours does.
 *
 * <p>Build parameters {@code n_neighbors} (30) and {@code seed} (42, PyNNDescent's {@code random_state}), as
 * {@code nndescent}'s defaults; query parameter {@code epsilon}, swept over 0.0, 0.1, 0.2, 0.3 by default. The
 * installed version is added to the build parameters in the results.
 */
final class PyNNDescentPeer extends ChildProcessPeer {

    static final String NAME = "pynndescent";
    static final String N_NEIGHBORS = "n_neighbors";
    static final String SEED = "seed";
    static final String EPSILON = "epsilon";
    static final String SCRIPT = "pynndescent_peer.py";

    private final String python;

    /** @param python the Python interpreter to run, a path or a command name looked up on the {@code PATH} */
    PyNNDescentPeer(String python) {
        this.python = python;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> buildDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(N_NEIGHBORS, "30");
        defaults.put(SEED, "42");
        return defaults;
    }

    @Override
    public Map<String, List<String>> queryDefaults() {
        return Map.of(EPSILON, List.of("0.0", "0.1", "0.2", "0.3"));
    }

    @Override
    public void check(BenchOptions options, Metric metric) {
        pythonMetric(metric);
        buildParams(options);
        sweep(options);
        String problem = importProblem();
        if (problem != null) {
            throw new IllegalArgumentException("method [" + NAME + "] needs PyNNDescent for Python: apt-get install python3-pynndescent"
                + " (Debian), or set " + PYTHON_ENV + " to a python that has it ([" + python + "]: " + problem + ")");
        }
    }

    /** PyNNDescent's name for {@code metric}, when it ranks rows as {@code metric} does. */
    static String pythonMetric(Metric metric) {
        return switch (metric.name()) {
            case "euclidean" -> "euclidean";
            case "cosine" -> "cosine";
            case "dot" -> throw new IllegalArgumentException("method [" + NAME + "] cannot measure metric [dot]: PyNNDescent 0.5.8"
                + " normalises the vectors for [dot], so it would rank rows by cosine, not by inner product");
            default -> throw new IllegalArgumentException("method [" + NAME + "] does not take metric [" + metric.name()
                + "], only [euclidean] and [cosine] (angular)");
        };
    }

    /** Why {@code import pynndescent} fails with this Python, or {@code null} when it works. */
    String importProblem() {
        return importProblem(python, "pynndescent");
    }

    /**
     * {@code n_neighbors} in {@code nndescent}'s range, so that one {@code --build} value suits both; {@code seed}
     * becomes numpy's {@code random_state}, which takes 32 bits.
     */
    @Override
    Map<String, String> buildParams(BenchOptions options) {
        Map<String, String> params = options.buildParams(this);
        Map<String, String> checked = new LinkedHashMap<>();
        checked.put(N_NEIGHBORS, Integer.toString(Params.intParam(params, N_NEIGHBORS, 2, NNDescentParameters.MAX_N_NEIGHBORS)));
        checked.put(SEED, Integer.toString(Params.intParam(params, SEED, 0, Integer.MAX_VALUE)));
        return checked;
    }

    @Override
    String sweptParameter() {
        return EPSILON;
    }

    /** The swept epsilons as written on the command line, each checked to be a finite number >= 0. */
    @Override
    List<String> sweep(BenchOptions options) {
        List<String> values = options.querySweep(this).get(EPSILON);
        for (String value : values) {
            double epsilon;
            try {
                epsilon = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[" + EPSILON + "] must be a number but was [" + value + "]", e);
            }
            if (Double.isFinite(epsilon) == false || epsilon < 0) {
                throw new IllegalArgumentException("[" + EPSILON + "] must be a finite number >= [0] but was [" + value + "]");
            }
        }
        return values;
    }

    @Override
    List<String> command(BenchOptions options, Dataset dataset, Path dir, Map<String, String> buildParams, List<String> sweep,
                         Progress progress) throws IOException {
        Path script = copyResource(SCRIPT, dir);
        return List.of(python, "-u", script.toString(), "--dir", dir.toString(),
            "--dims", Integer.toString(dataset.dims()), "--metric", pythonMetric(dataset.metric()),
            "--k", Integer.toString(options.k()), "--n-neighbors", buildParams.get(N_NEIGHBORS),
            "--seed", buildParams.get(SEED), "--epsilons", String.join(",", sweep),
            "--passes", Integer.toString(options.passes()), "--warmup", Double.toString(options.warmupSeconds()));
    }
}
