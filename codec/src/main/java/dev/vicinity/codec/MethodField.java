package dev.vicinity.codec;

import org.apache.lucene.util.Accountable;

import java.io.IOException;

/**
 * One field's structure of one segment, opened by {@link IndexMethod#open}: what its searches and the merges of its
 * segment read. Reads the data file through slices of the memory-mapped file, never copying the structure to the
 * heap; thread-safe (searches from several threads share it).
 *
 * <p>{@link #ramBytesUsed()} is the heap the structure holds while its segment is open: its entry, the objects over
 * the file and whatever the method rebuilds on the heap at open (LSH's hash functions). Not counted: the pooled
 * per-thread search scratch ({@link SearcherPool}), which grows with what searches touch, not with the segment.
 */
public interface MethodField extends Accountable {

    /** The method that wrote this structure. */
    IndexMethod method();

    /** The entry describing the structure. */
    MethodEntry entry();

    /**
     * Finds the nearest accepted vectors and writes them into {@code search}'s collector. Offers each accepted
     * ordinal at most once, counts the distances it computes against the visit budget, and keeps the heap it uses
     * bounded by what the search touches (house rule 12).
     */
    void search(FieldSearch search) throws IOException;

    /**
     * Whether a search whose filter (with deletions) accepts about {@code accepted} of the segment's {@code n} vectors
     * should score the accepted vectors exactly instead of calling {@link #search}: because the structure cannot
     * reach them reliably, or because scanning them is expected to cost less. The default is the format's rule for
     * methods that gather candidates ({@link VicinityVectorsFormat#exactForFilter}); a method with a better model of its
     * own costs overrides it.
     */
    default boolean exactUnderFilter(long accepted, int n, int k) {
        return VicinityVectorsFormat.exactForFilter(accepted, n, k);
    }
}
