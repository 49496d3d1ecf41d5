package dev.vicinity.nndescent;

/**
 * Read access to a search graph for {@link NNDescentSearcher}: implemented on-heap by {@link SearchGraph}, and by the
 * codec over its memory-mapped file, so that queries never need the whole graph on the heap.
 */
public interface GraphAccess {

    /** The number of points. */
    int size();

    /** The largest out-degree, so a searcher can size its row buffer once. */
    int maxDegree();

    /** PyNNDescent's {@code min_distance} for the query bound; see {@link SearchGraph#minDistance()}. */
    float minDistance();

    /** Copies the neighbours of {@code point} into {@code into} (at least {@link #maxDegree()} long) and returns their count. */
    int neighbours(int point, int[] into);
}
