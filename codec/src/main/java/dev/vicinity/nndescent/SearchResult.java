package dev.vicinity.nndescent;

/**
 * The hits of one search, nearest first: {@code ords[i]} at true distance {@code distances[i]} (the metric's
 * {@code distance}, not the fast surrogate). {@code visited} counts distance computations, which the codec reports
 * against the collector's visit limit; {@code earlyTerminated} says the limit stopped the search.
 */
public record SearchResult(int[] ords, float[] distances, long visited, boolean earlyTerminated) {

    public int size() {
        return ords.length;
    }
}
