package dev.vicinity.forest;

/**
 * What {@link ForestSearcher} reads of a forest: implemented on-heap by {@link Forest}, and by the codec over its
 * memory-mapped file, so that a query touches only the nodes and leaves it visits.
 *
 * <p>Nodes are addressed by <b>codes</b>: a code {@code >= 0} is an internal node, a code {@code < 0} is the leaf
 * {@code ~code}. Roots and children are codes; a tree may be a single leaf.
 */
public interface ForestAccess {

    /** The space the trees split; {@link SplitSpace#COORDINATE} forests rank paths by their summed wrong-side margins. */
    SplitSpace space();

    /** The number of values of a query (and of the vectors). */
    int dims();

    /** The number of points; ordinals run from 0 to {@code size() - 1}. */
    int size();

    int treeCount();

    /** The code of the root of {@code tree}. */
    int root(int tree);

    /**
     * {@code offset + normal·query} of internal node {@code node}, positive for the left side, given the query
     * extended by a trailing 1 ({@code dims() + 1} values), which multiplies the offset stored after the normal.
     */
    float margin(int node, float[] extendedQuery);

    /** The code of the left ({@code side == 0}, positive margins) or right ({@code side == 1}) child. */
    int child(int node, int side);

    /** The first position of leaf {@code leaf}'s points in the concatenated point lists. */
    int leafStart(int leaf);

    /** One past the last position of leaf {@code leaf}'s points. */
    int leafEnd(int leaf);

    /** Copies the point ordinals at positions {@code [from, to)} into {@code into}, starting at {@code at}. */
    void points(int from, int to, int[] into, int at);

    /** The most points any leaf holds, so that a searcher can size its buffers. */
    int maxLeafSize();
}
