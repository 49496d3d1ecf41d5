package dev.vicinity.rptree;

import java.util.function.IntSupplier;

/**
 * Read access to a search tree for {@link NNDescentSearcher}: implemented on-heap by {@link FlatTree}, and by the
 * codec over its memory-mapped file.
 */
public interface TreeAccess {

    /** The leaf node {@code query} descends to; {@code coin} decides margins within {@code 1e-8} of zero. */
    int leafFor(float[] query, IntSupplier coin);

    /** The first position of {@code leaf}'s points in the permutation. */
    int leafStart(int leaf);

    /** One past the last position of {@code leaf}'s points. */
    int leafEnd(int leaf);

    /** The point ordinal at {@code position} of the permutation. */
    int pointAt(int position);
}
