package dev.vicinity.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Elasticsearch node of {@code --via es}: a child process running {@code ./vicinity serve}'s main on its class
 * path and JVM options ({@link EsNodeLaunch}), its output in a log file. Closing it sends SIGTERM, on which the node
 * closes itself cleanly (as on Ctrl-C), and kills it if it has not stopped within a minute; a shutdown hook does the
 * same if this JVM is stopped first (and deletes a temporary home), so no node outlives the benchmark.
 */
final class EsNode implements Closeable {

    /** The line {@code ServeCommand} prints once the node is up, with the address it bound. */
    private static final Pattern SERVING = Pattern.compile("is serving (http://[^ ]+) ");
    private static final long START_TIMEOUT_SECONDS = 180;

    private final Process process;
    private final String address;
    private final Path log;
    private final Thread stopOnExit;

    private EsNode(Process process, String address, Path log, Thread stopOnExit) {
        this.process = process;
        this.address = address;
        this.log = log;
        this.stopOnExit = stopOnExit;
    }

    /**
     * Starts the node on {@code home} and waits until it serves HTTP; its output goes to {@code log}.
     *
     * @param temporaryHome whether {@code home} is the bench's own: then it is also deleted if this JVM is stopped
     *     (Ctrl-C) while the node runs, once the node has stopped; otherwise the caller deletes it
     */
    static EsNode start(EsNodeLaunch launch, Path home, Path log, boolean temporaryHome) throws IOException {
        Files.createDirectories(home);
        Process process = new ProcessBuilder(launch.command(home)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread stopOnExit = new Thread(() -> {
            stop(process);
            if (temporaryHome) {
                try {
                    BenchRunner.deleteRecursively(home);
                } catch (IOException e) {
                    // the JVM is exiting; a temporary directory left behind is all that is lost
                }
            }
        }, "vicinity-bench-stop-node");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                Matcher serving = SERVING.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
                if (serving.find()) {
                    return new EsNode(process, serving.group(1), log, stopOnExit);
                }
                if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    throw new IOException("the node exited with status [" + process.exitValue() + "] before it served; its output ("
                        + log + ") ends with:\n" + tail(log));
                }
            }
            throw new IOException("the node did not serve within " + START_TIMEOUT_SECONDS + " s; its output (" + log + ") ends with:\n" + tail(log));
        } catch (IOException | RuntimeException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            throw new IOException("interrupted while the node started", e);
        }
    }

    /** The node's HTTP address, for example {@code http://127.0.0.1:41234}. */
    String address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the node's output, to show with a failure. */
    String tail() {
        return tail(log);
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // this JVM is already shutting down, and the hook runs (or ran) the same stop
        }
    }

    private static void stop(Process process) {
        if (process.isAlive() == false) {
            return;
        }
        process.destroy(); // SIGTERM: the node's own shutdown hook closes it
        try {
            if (process.waitFor(60, TimeUnit.SECONDS) == false) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
