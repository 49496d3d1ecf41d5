package dev.vicinity.bench;

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
 * A peer library measured by a program in a child process (a Python script, a compiled driver), in the same run as
 * Vicinity's methods and over the same vectors and queries.
 *
 * <p>Java writes the base vectors (after {@code --base}) and the queries in use (the first {@code --queries}) as raw
 * little-endian float32 rows, {@code base.f32} and {@code queries.f32}, to {@code OUT/peer-NAME/}, and runs the
 * program there. The program builds on one thread, times its build and, for each value of the one swept query
 * parameter, {@code --passes} passes over all queries after {@code --warmup} seconds of untimed queries. It prints on
 * stdout, one tab-separated line each:
 *
 * <pre>
 *   version  VERSION                           (optional: the library's version, added to the build parameters)
 *   build    BUILD_SECONDS  INDEX_BYTES
 *   point    VALUE  IDS_FILE  PASS_SECONDS...  (one per swept value, in the order given)
 * </pre>
 *
 * where {@code IDS_FILE} (in the same directory) holds per query the {@code k} ids found, best first, as
 * little-endian int32, {@code -1} where fewer were found. Its stderr lines are shown as progress. The ids are scored
 * by {@link Scorer} like every other method's answers; a query's time is its share of the median pass. The directory
 * is deleted afterwards unless {@code --keep-index}.
 */
abstract class ChildProcessPeer implements PeerMethod {

    /** Set to the Python that has the peer libraries when it is not {@code /usr/bin/python3}. */
    static final String PYTHON_ENV = "VICINITY_PYTHON";

    private static final int STDERR_LINES_KEPT = 20;

    /**
     * The build parameters for this run, checked, as they go into the results (and, by name, to the program); throws
     * an {@link IllegalArgumentException} naming a value out of range.
     */
    abstract Map<String, String> buildParams(BenchOptions options);

    /** The one swept query parameter's name. */
    abstract String sweptParameter();

    /** The swept values as written on the command line, each checked; throws an {@link IllegalArgumentException} otherwise. */
    abstract List<String> sweep(BenchOptions options);

    /**
     * Readies {@code dir} (which already holds {@code base.f32} and {@code queries.f32}) and returns the command that
     * measures the peer there, for example by copying a script or compiling a driver.
     */
    abstract List<String> command(BenchOptions options, Dataset dataset, Path dir, Map<String, String> buildParams, List<String> sweep,
                                  Progress progress) throws IOException;

    /** Environment variables the program runs with, beyond this JVM's. */
    Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public final List<Result> run(BenchOptions options, Dataset dataset, Scorer scorer, Progress progress) throws IOException {
        Map<String, String> buildParams = buildParams(options);
        List<String> sweep = sweep(options);
        Path dir = options.out().resolve("peer-" + name());
        BenchRunner.deleteRecursively(dir);
        Files.createDirectories(dir);
        try {
            writeRows(dir.resolve("base.f32"), dataset.base(), dataset.base().length);
            writeRows(dir.resolve("queries.f32"), dataset.queries(), scorer.queryCount());
            List<String> command = command(options, dataset, dir, buildParams, sweep, progress);
            Path output = dir.resolve("output.tsv");
            runProgram(command, output, progress);
            return results(options, dir, Files.readAllLines(output, StandardCharsets.UTF_8), buildParams, sweep, scorer, progress);
        } finally {
            if (options.keepIndex() == false) {
                BenchRunner.deleteRecursively(dir);
            }
        }
    }

    /** Runs the program with its stdout to {@code output} and its stderr shown as progress lines. */
    private void runProgram(List<String> command, Path output, Progress progress) throws IOException {
        progress.say(name() + ": running " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile());
        builder.environment().putAll(environment());
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            ArrayDeque<String> lastLines = new ArrayDeque<>();
            try (BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
                    progress.say(name() + ": " + line);
                    lastLines.addLast(line);
                    if (lastLines.size() > STDERR_LINES_KEPT) {
                        lastLines.removeFirst();
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException("[" + name() + "] " + command.getFirst() + " exited with [" + exit + "]" + signal(exit)
                    + "; its last output:\n" + String.join("\n", lastLines));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while [" + name() + "] ran", e);
        } finally {
            process.destroy();
        }
    }

    /** The program's output lines (see the class javadoc) scored into one result per swept value. */
    private List<Result> results(BenchOptions options, Path dir, List<String> lines, Map<String, String> checkedParams, List<String> sweep,
                                 Scorer scorer, Progress progress) throws IOException {
        Map<String, String> buildParams = new LinkedHashMap<>(checkedParams);
        double buildSeconds = Double.NaN;
        long indexBytes = -1;
        List<Result> results = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t");
            switch (fields[0]) {
                case "version" -> buildParams.put("version", fields[1]);
                case "build" -> {
                    buildSeconds = Double.parseDouble(fields[1]);
                    indexBytes = Long.parseLong(fields[2]);
                    progress.say(String.format(Locale.ROOT, "%s: built in %.1f s, index %,d bytes", Params.label(name(), buildParams),
                        buildSeconds, indexBytes));
                }
                case "point" -> {
                    if (Double.isNaN(buildSeconds)) {
                        throw new IOException("[" + name() + "] printed a point before its build line: [" + line + "]");
                    }
                    int[][] ids = readIds(dir.resolve(fields[2]), scorer.queryCount(), options.k());
                    double[] passSeconds = Arrays.stream(fields, 3, fields.length).mapToDouble(Double::parseDouble).toArray();
                    long[] nanos = new long[ids.length];
                    // The program times whole passes: a query's time is its share of the median pass.
                    Arrays.fill(nanos, Math.round(Scorer.median(passSeconds) * 1e9 / ids.length));
                    results.add(scorer.score(name(), buildParams, buildSeconds, indexBytes, Map.of(sweptParameter(), fields[1]),
                        new Scorer.Answers(ids, nanos, passSeconds)));
                }
                default -> throw new IOException("unexpected output line from [" + name() + "]: [" + line + "]");
            }
        }
        if (results.size() != sweep.size()) {
            throw new IOException("[" + name() + "] measured [" + results.size() + "] points, expected [" + sweep.size() + "]: " + sweep);
        }
        return results;
    }

    /** Copies the resource {@code name} (beside this class) into {@code dir} and returns the copy. */
    static Path copyResource(String name, Path dir) throws IOException {
        Path copy = dir.resolve(name);
        try (InputStream resource = ChildProcessPeer.class.getResourceAsStream(name)) {
            if (resource == null) {
                throw new IOException("resource [" + name + "] is missing from the class path");
            }
            Files.copy(resource, copy);
        }
        return copy;
    }

    /** Writes the first {@code count} rows as little-endian float32, row after row. */
    static void writeRows(Path file, float[][] rows, int count) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(rows[0].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int row = 0; row < count; row++) {
                buffer.clear();
                buffer.asFloatBuffer().put(rows[row]);
                channel.write(buffer);
            }
        }
    }

    /** Per query the ids the program found, best first, without the -1 that stand for rows not found. */
    static int[][] readIds(Path file, int queryCount, int k) throws IOException {
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

    /** {@code $VICINITY_PYTHON} if set, else {@code /usr/bin/python3} (where Debian installs its Python packages) if present, else {@code python3}. */
    static String defaultPython() {
        String configured = System.getenv(PYTHON_ENV);
        if (configured != null && configured.isBlank() == false) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * Why {@code command} fails, or {@code null} when it exits with 0: that it cannot be started, or (naming it
     * {@code what}) its exit status and last line of output.
     */
    static String problemRunning(List<String> command, String what) {
        return problemRunning(command, what, 1);
    }

    /** As {@link #problemRunning(List, String)}, with up to {@code lines} last lines of output, joined by newlines. */
    static String problemRunning(List<String> command, String what, int lines) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "cannot be run: " + e.getMessage();
        }
        try {
            process.getOutputStream().close();
            List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            int exit = process.waitFor();
            String last = String.join("\n", output.subList(Math.max(0, output.size() - lines), output.size()));
            return exit == 0 ? null : what + " exited with [" + exit + "]" + signal(exit) + (output.isEmpty() ? "" : ": " + last);
        } catch (IOException e) {
            return what + " failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            process.destroy();
        }
    }

    /**
     * What an exit status above 128 means: the process was killed by a signal (Java reports 128 + its number), which
     * is not the program's own failure; for example SIGTERM (143) from someone ending processes by name.
     */
    static String signal(int exit) {
        return exit > 128 && exit < 128 + 65 ? " (killed by signal [" + (exit - 128) + "])" : "";
    }

    /** Why {@code python} cannot {@code import module}, or {@code null} when it can. */
    static String importProblem(String python, String module) {
        return problemRunning(List.of(python, "-c", "import " + module), "import " + module);
    }
}
