package dev.vicinity.codec.forest;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.MethodQuery;
import dev.vicinity.forest.ForestParameters;

/**
 * The query-time parameters of {@code forest}.
 *
 * @param searchK the candidate slots to gather over all trees, duplicates across trees counted (Annoy's
 *     {@code search_k}), or {@code 0} for the default {@code 16 · k · trees} of each segment
 * @param votes the fewest trees a candidate must be found in to get an exact distance (MRPT's voting); 1 = every
 *     candidate, as Annoy
 */
public record ForestQuery(int searchK, int votes) implements MethodQuery {

    public ForestQuery {
        if (searchK != 0) {
            ForestParameters.checkSearchK(searchK);
        }
        ForestParameters.checkVotes(votes);
    }

    /** The {@code search_k} of a search for {@code k} hits in a forest of {@code trees} trees. */
    int searchK(int k, int trees) {
        return searchK != 0 ? searchK : ForestParameters.defaultSearchK(k, trees);
    }

    @Override
    public IndexMethod method() {
        return ForestMethod.INSTANCE;
    }
}
