package dev.vicinity.codec;

import java.io.IOException;

/**
 * One field's structure of one segment, opened by {@link IndexMethod#open}: what its searches and the merges of its
 * segment read. Reads the data file through slices of the memory-mapped file, never copying the structure to the
 * heap; thread-safe (searches from several threads share it).
 */
public interface MethodField {

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
}
