package dev.vicinity.ann;

/**
 * Hooks the codec passes to a build: progress reports for logging large segments, and an abort check polled between
 * iterations and between blocks of work inside each phase, so that a merge abort is honoured within a
 * bounded amount of work. Both methods are called from the building thread only.
 */
public interface BuildMonitor {

    /** A monitor that reports nothing and never aborts. */
    BuildMonitor NONE = new BuildMonitor() {};

    /**
     * Called after each iteration of an iterative build (NN-descent), with the iteration number (1-based), the maximum
     * number of iterations, and how many updates it made (NN-descent stops early when this falls to {@code delta·k·n}).
     */
    default void iteration(int iteration, int maxIterations, long updates) {}

    /** Called when a build phase starts (for NN-descent {@code "rp_forest"}, {@code "init"}, {@code "nn_descent"}, {@code "search_graph"}). */
    default void phase(String name) {}

    /**
     * Whether the build should stop; when this returns {@code true} the build throws {@link BuildAbortedException}.
     * It is polled often (every few thousand distance computations at most), so it should be cheap.
     */
    default boolean aborted() {
        return false;
    }
}
