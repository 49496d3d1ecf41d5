package dev.vicinity.bench;

import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.NNDescentParameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PyNNDescent (the library Vicinity's {@code nndescent} follows), measured by {@code pynndescent_peer.py} in a Python
 * process during the same run as Vicinity's methods, so that the comparison does not depend on this machine's drift.
 *
 * <p>The base vectors (after {@code --base}) and the queries in use (the first {@code --queries}) are written as raw
 * little-endian float32 rows to {@code OUT/peer-pynndescent/}, the script builds on one thread, times the NNDescent
 * constructor and {@code prepare()} apart (their sum is {@code build_seconds}, since our build includes the search
 * graph too), and times each epsilon as PyNNDescent users query: one batch call over all queries per pass. Each
 * query's time is therefore the median pass over the query count. The ids it found are scored by {@link Scorer}.
 * {@code index_bytes} is the size of the pickled index after {@code prepare()}, which holds the vectors, as ours does.
 *
 * <p>Build parameters {@code n_neighbors} (30) and {@code seed} (42, PyNNDescent's {@code random_state}), as
 * {@code nndescent}'s defaults; query parameter {@code epsilon}, swept over 0.0, 0.1, 0.2, 0.3 by default. The
 * installed version is added to the build parameters in the results.
 */
final class PyNNDescentPeer implements PeerMethod {

    static final String NAME = "pynndescent";
    static final String N_NEIGHBORS = "n_neighbors";
    static final String SEED = "seed";
    static final String EPSILON = "epsilon";
    static final String SCRIPT = "pynndescent_peer.py";
    /** Set to the Python that has PyNNDescent when it is not {@code /usr/bin/python3}. */
    static final String PYTHON_ENV = "VICINITY_PYTHON";

    private static final int STDERR_LINES_KEPT = 20;

    private final String python;

    /** @param python the Python interpreter to run, a path or a command name looked up on the {@code PATH} */
    PyNNDescentPeer(String python) {
        this.python = python;
    }

    /** {@code $VICINITY_PYTHON} if set, else {@code /usr/bin/python3} (where Debian installs PyNNDescent) if present, else {@code python3}. */
    static String defaultPython() {
        String configured = System.getenv(PYTHON_ENV);
        if (configured != null && configured.isBlank() == false) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
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
        settings(options);
        epsilons(options);
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
        Process process;
        try {
            process = new ProcessBuilder(python, "-c", "import pynndescent").redirectErrorStream(true).start();
        } catch (IOException e) {
            return "cannot be run: " + e.getMessage();
        }
        try {
            process.getOutputStream().close();
            List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            int exit = process.waitFor();
            return exit == 0 ? null : "import pynndescent exited with [" + exit + "]" + (output.isEmpty() ? "" : ": " + output.getLast());
        } catch (IOException e) {
            return "import pynndescent failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            process.destroy();
        }
    }

    /**
     * The build parameters, checked: {@code n_neighbors} in {@code nndescent}'s range, so that one {@code --build} value
     * suits both; {@code seed} becomes numpy's {@code random_state}, which takes 32 bits.
     */
    private record Settings(int nNeighbors, int seed) {}

    private Settings settings(BenchOptions options) {
        Map<String, String> params = options.buildParams(this);
        return new Settings(Params.intParam(params, N_NEIGHBORS, 2, NNDescentParameters.MAX_N_NEIGHBORS),
            Params.intParam(params, SEED, 0, Integer.MAX_VALUE));
    }

    /** The swept epsilons as written on the command line, each checked to be a finite number >= 0. */
    private List<String> epsilons(BenchOptions options) {
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
    public List<Result> run(BenchOptions options, Dataset dataset, Scorer scorer, Progress progress) throws IOException {
        Settings settings = settings(options);
        List<String> epsilons = epsilons(options);
        int queryCount = scorer.queryCount();
        Path dir = options.out().resolve("peer-" + NAME);
        BenchRunner.deleteRecursively(dir);
        Files.createDirectories(dir);
        try {
            try (InputStream script = PyNNDescentPeer.class.getResourceAsStream(SCRIPT)) {
                Files.copy(script, dir.resolve(SCRIPT));
            }
            writeRows(dir.resolve("base.f32"), dataset.base(), dataset.base().length);
            writeRows(dir.resolve("queries.f32"), dataset.queries(), queryCount);
            List<String> command = List.of(python, "-u", dir.resolve(SCRIPT).toString(), "--dir", dir.toString(),
                "--dims", Integer.toString(dataset.dims()), "--metric", pythonMetric(dataset.metric()),
                "--k", Integer.toString(options.k()), "--n-neighbors", Integer.toString(settings.nNeighbors()),
                "--seed", Integer.toString(settings.seed()), "--epsilons", String.join(",", epsilons),
                "--passes", Integer.toString(options.passes()), "--warmup", Double.toString(options.warmupSeconds()));
            Path output = dir.resolve("output.tsv");
            runScript(command, output, progress);
            return results(options, dir, Files.readAllLines(output, StandardCharsets.UTF_8), settings, scorer, progress);
        } finally {
            if (options.keepIndex() == false) {
                BenchRunner.deleteRecursively(dir);
            }
        }
    }

    /** Runs the script with its stdout to {@code output} and its stderr shown as progress lines. */
    private void runScript(List<String> command, Path output, Progress progress) throws IOException {
        progress.say(NAME + ": running " + String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).start();
        try {
            process.getOutputStream().close();
            ArrayDeque<String> lastLines = new ArrayDeque<>();
            try (BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
                    progress.say(NAME + ": " + line);
                    lastLines.addLast(line);
                    if (lastLines.size() > STDERR_LINES_KEPT) {
                        lastLines.removeFirst();
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException("[" + NAME + "] script exited with [" + exit + "]; its last output:\n" + String.join("\n", lastLines));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while [" + NAME + "] ran", e);
        } finally {
            process.destroy();
        }
    }

    /** The script's output lines (see its docstring) scored into one result per epsilon. */
    private static List<Result> results(BenchOptions options, Path dir, List<String> lines, Settings settings, Scorer scorer, Progress progress)
        throws IOException {
        Map<String, String> buildParams = new LinkedHashMap<>();
        buildParams.put(N_NEIGHBORS, Integer.toString(settings.nNeighbors()));
        buildParams.put(SEED, Integer.toString(settings.seed()));
        double buildSeconds = Double.NaN;
        long indexBytes = -1;
        List<Result> results = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t");
            switch (fields[0]) {
                case "version" -> buildParams.put("version", fields[1]);
                case "build" -> {
                    double constructor = Double.parseDouble(fields[1]);
                    double prepare = Double.parseDouble(fields[2]);
                    buildSeconds = constructor + prepare;
                    indexBytes = Long.parseLong(fields[3]);
                    progress.say(String.format(Locale.ROOT, "%s: built in %.1f s (k-NN graph %.1f s, prepare %.1f s), %,d bytes pickled",
                        Params.label(NAME, buildParams), buildSeconds, constructor, prepare, indexBytes));
                }
                case "point" -> {
                    int[][] ids = readIds(dir.resolve(fields[2]), scorer.queryCount(), options.k());
                    double[] passSeconds = Arrays.stream(fields, 3, fields.length).mapToDouble(Double::parseDouble).toArray();
                    long[] nanos = new long[ids.length];
                    // One batch call per pass: a query's time is its share of the median pass.
                    Arrays.fill(nanos, Math.round(Scorer.median(passSeconds) * 1e9 / ids.length));
                    results.add(scorer.score(NAME, buildParams, buildSeconds, indexBytes, Map.of(EPSILON, fields[1]),
                        new Scorer.Answers(ids, nanos, passSeconds)));
                }
                default -> throw new IOException("unexpected output line from [" + SCRIPT + "]: [" + line + "]");
            }
        }
        return results;
    }

    /** Writes the first {@code count} rows as little-endian float32, row after row. */
    private static void writeRows(Path file, float[][] rows, int count) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(rows[0].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int row = 0; row < count; row++) {
                buffer.clear();
                buffer.asFloatBuffer().put(rows[row]);
                channel.write(buffer);
            }
        }
    }

    /** Per query the ids the script found, best first, without the -1 that stand for rows not found. */
    private static int[][] readIds(Path file, int queryCount, int k) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != (long) queryCount * k * Integer.BYTES) {
            throw new IOException(file + " has [" + bytes.length + "] bytes, expected [" + queryCount + "] x [" + k + "] int32");
        }
        IntBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[][] ids = new int[queryCount][];
        for (int q = 0; q < queryCount; q++) {
            int[] row = new int[k];
            all.get(q * k, row);
            ids[q] = Arrays.stream(row).filter(id -> id >= 0).toArray();
        }
        return ids;
    }
}
