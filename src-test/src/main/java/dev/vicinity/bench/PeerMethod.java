package dev.vicinity.bench;

import dev.vicinity.metric.Metric;

import java.io.IOException;
import java.util.List;

/**
 * A peer library measured outside this JVM in the same run as Vicinity's methods, because this machine's timings
 * drift too much between runs for figures measured at another time to compare. The peer builds and times its own
 * index over the same vectors and queries; its answers come back as ids and are scored by the same {@link Scorer}
 * as every other method, so recall, distance ratio and precision mean the same thing in every row.
 */
non-sealed interface PeerMethod extends MethodSpec {

    /**
     * Throws an {@link IllegalArgumentException} saying what is missing when this peer cannot run here: its
     * parameters, the dataset's metric, or the library itself. Called for every requested peer before any method is
     * measured, so that a long run does not fail at its end.
     */
    void check(BenchOptions options, Metric metric);

    /** Builds the peer's index over {@code dataset} and returns one scored result per query-parameter set. */
    List<Result> run(BenchOptions options, Dataset dataset, Scorer scorer, Progress progress) throws IOException;
}
