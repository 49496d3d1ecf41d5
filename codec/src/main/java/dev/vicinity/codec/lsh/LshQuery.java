package dev.vicinity.codec.lsh;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodQuery;
import dev.vicinity.lsh.LshSearcher;

/**
 * The query-time parameters of {@code lsh}.
 *
 * @param probes buckets to read over all tables, the query's own bucket in each table first, then neighbouring
 *     buckets in order of likelihood (multi-probe); {@code 0} for the default, two per table
 * @param candidates the most candidates that get an exact distance, those found in the most (and smallest) buckets;
 *     {@code 0} for no cap, {@code -1} for the default {@code 100 · k}
 */
public record LshQuery(int probes, int candidates) implements MethodQuery {

    int probes(int tables) {
        return probes != 0 ? probes : LshSearcher.defaultProbes(tables);
    }

    int candidates(int k) {
        return candidates == -1 ? LshSearcher.defaultCandidates(k) : candidates == 0 ? Integer.MAX_VALUE : candidates;
    }

    @Override
    public IndexMethod method() {
        return LshMethod.INSTANCE;
    }
}
