package dev.vicinity.devnode;

import java.io.PrintStream;

/**
 * The process's original standard output, captured before Elasticsearch's logging redirects {@code System.out}
 * and {@code System.err} into its loggers: the launcher's own messages and the demo's tables go here.
 */
final class Console {

    static final PrintStream OUT = System.out;

    private Console() {}
}
