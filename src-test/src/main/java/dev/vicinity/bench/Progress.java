package dev.vicinity.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr for long steps: at most one line every few seconds per task, plus one when it ends. */
final class Progress {

    private final PrintStream out;
    private final long intervalNanos;

    Progress(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    Task start(String what, long total) {
        return new Task(what, total);
    }

    void say(String line) {
        out.println("vicinity bench: " + line);
        out.flush();
    }

    /** Reports that {@code method} failed, with the stack trace, so that the run can go on to the next method. */
    void failed(String method, Throwable error) {
        say(method + ": FAILED, going on with the next method: " + error);
        error.printStackTrace(out);
        out.flush();
    }

    final class Task {
        private final String what;
        private final long total;
        private final long start = System.nanoTime();
        private long lastReport = start;

        private Task(String what, long total) {
            this.what = what;
            this.total = total;
        }

        /** Reports {@code done} of the total if the last report is old enough. Thread-safe. */
        synchronized void update(long done) {
            long now = System.nanoTime();
            if (now - lastReport >= intervalNanos) {
                lastReport = now;
                double seconds = (now - start) / 1e9;
                double rate = done / Math.max(seconds, 1e-9);
                long etaSeconds = rate > 0 ? Math.round((total - done) / rate) : -1;
                say(String.format(Locale.ROOT, "%s: %,d/%,d (%.0f%%) after %.1f s, about %d s left",
                    what, done, total, 100.0 * done / total, seconds, etaSeconds));
            }
        }

        /** Reports the end and returns the elapsed seconds. */
        double done() {
            double seconds = (System.nanoTime() - start) / 1e9;
            say(String.format(Locale.ROOT, "%s: done in %.1f s", what, seconds));
            return seconds;
        }
    }
}
