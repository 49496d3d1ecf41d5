package dev.vicinity.lsh;

import dev.vicinity.metric.Metric;

/**
 * What a build or a merge produces and the codec persists:
 * <ul>
 *   <li>{@code parameters.toMap()}: every resolved parameter, the seeds included, as flat strings;</li>
 *   <li>{@code functions.states()}: one float array per {@code hashes} entry, the fitted state (often empty);</li>
 *   <li>{@code tables}: per table {@code resolution}, {@code directoryBits}, {@code keys}, {@code ords},
 *       {@code directory} ({@link LshTables}).</li>
 * </ul>
 * A reader rebuilds the functions with {@link HashFunctions#create} from the first two and searches the tables
 * through a {@link TableAccess} with an {@link LshSearcher}.
 */
public record LshIndex(Metric metric, LshParameters parameters, HashFunctions functions, LshTables tables) {

    public int size() {
        return tables.size();
    }
}
