package dev.vicinity.lsh;

/**
 * Read access to the hash tables of one segment, for {@link LshSearcher} and {@link LshMerger}: implemented on-heap
 * by {@link LshTables}, and by the codec over its memory-mapped file. Every table holds every live vector of the
 * segment once. See the package documentation for the layout; positions are {@code 0 .. size())}.
 */
public interface TableAccess {

    /** The number of tables. */
    int tableCount();

    /** The number of entries of every table (the vectors indexed). */
    int size();

    /** How many leading key bits a bucket of {@code table} is defined by, {@code 0 .. 32}. */
    int resolution(int table);

    /** How many leading key bits {@code table}'s directory resolves, {@code 0 .. resolution(table)}. */
    int directoryBits(int table);

    /**
     * The first position of {@code table} whose key's top {@link #directoryBits} bits are at least {@code slot}, for
     * {@code slot} in {@code 0 .. 2^directoryBits} (the last is {@link #size()}).
     */
    int directory(int table, int slot);

    /** The key at {@code position}; keys ascend as unsigned 32-bit integers. */
    int key(int table, int position);

    /** The vector ordinal at {@code position}; ascending among equal keys. */
    int ord(int table, int position);

    /** Copies the ordinals at positions {@code from .. to)} into {@code into[at ..]}. */
    default void ords(int table, int from, int to, int[] into, int at) {
        for (int p = from; p < to; p++) {
            into[at++] = ord(table, p);
        }
    }
}
