package dev.vicinity.bench;

import java.util.List;
import java.util.Map;

/**
 * What the command line knows of a method the benchmark compares: its name and the parameters it takes. Enough to
 * check {@code --method}, {@code --build} and {@code --query} before anything runs, whether the method is measured in
 * this JVM through a Lucene index ({@link BenchMethod}), by a peer library outside it ({@link PeerMethod}), or through
 * an Elasticsearch node ({@link EsSystem}, with {@code --via es}).
 *
 * <p>Parameters arrive as strings by name; a method rejects values out of range with an
 * {@link IllegalArgumentException} naming them.
 */
sealed interface MethodSpec permits BenchMethod, PeerMethod, EsSystem {

    /** The name used on the command line and in the results, for example {@code hnsw}. */
    String name();

    /** The build parameters this method takes, with their defaults (empty values mean "the method's default"). */
    Map<String, String> buildDefaults();

    /** The query parameters this method takes, with the values swept when the command line gives none. */
    Map<String, List<String>> queryDefaults();
}
