package dev.vicinity.lsh;

/**
 * Consistency checks of a segment's tables against its functions, for the codec to run when it opens a segment
 * (house rule 13: damage is never silent); it turns the {@link IllegalStateException} into a
 * {@code CorruptIndexException} naming the file.
 * <ul>
 *   <li>{@link #checkShape}: per table, the resolution the builder would choose for this many entries, a directory
 *       of the right length that starts at 0, never decreases and ends at the size: {@code O(2^directoryBits)}
 *       reads, cheap enough for every open;</li>
 *   <li>{@link #checkEntries}: also every key ascending (unsigned), in its directory slot, every ordinal in range
 *       and ascending among equal keys, and every ordinal present once per table: {@code O(n)} reads per table,
 *       for a full check (Lucene's {@code CheckIndex}).</li>
 * </ul>
 */
public final class TableChecks {

    private TableChecks() {}

    /** @throws IllegalStateException naming the table and what is wrong */
    public static void checkShape(TableAccess tables, HashFunctions functions) {
        if (tables.tableCount() != functions.tableCount()) {
            throw new IllegalStateException("[" + tables.tableCount() + "] tables but the parameters make [" + functions.tableCount() + "]");
        }
        int n = tables.size();
        if (n < 0) {
            throw new IllegalStateException("negative size [" + n + "]");
        }
        for (int t = 0; t < tables.tableCount(); t++) {
            HashFamily family = functions.familyOf(t);
            boolean fixed = family.prefixKeys() == false || family.spec.type() == HashType.TREE;
            int resolution = fixed ? family.maxBits() : TableLayout.resolution(n, family.maxBits(), family.spec.bucketSize());
            if (tables.resolution(t) != resolution) {
                throw new IllegalStateException("table [" + t + "] has resolution [" + tables.resolution(t) + "] but [" + resolution + "] was expected");
            }
            int directoryBits = Math.min(Math.min(resolution, TableLayout.ceilLog2(n)), TableLayout.MAX_DIRECTORY_BITS);
            if (tables.directoryBits(t) != directoryBits) {
                throw new IllegalStateException("table [" + t + "] has [" + tables.directoryBits(t) + "] directory bits but [" + directoryBits
                    + "] were expected");
            }
            int slots = 1 << directoryBits;
            int previous = 0;
            for (int s = 0; s <= slots; s++) {
                int position = tables.directory(t, s);
                if (position < previous || position > n || (s == 0 && position != 0) || (s == slots && position != n)) {
                    throw new IllegalStateException("table [" + t + "] has directory entry [" + s + "] = [" + position + "] after [" + previous
                        + "] for [" + n + "] entries");
                }
                previous = position;
            }
        }
    }

    /** {@link #checkShape}, then every entry (with one bit of scratch per vector). */
    public static void checkEntries(TableAccess tables, HashFunctions functions) {
        checkShape(tables, functions);
        int n = tables.size();
        java.util.BitSet seen = new java.util.BitSet(n);
        for (int t = 0; t < tables.tableCount(); t++) {
            seen.clear();
            int bits = tables.directoryBits(t);
            int slot = 0;
            for (int p = 0; p < n; p++) {
                int key = tables.key(t, p);
                int ord = tables.ord(t, p);
                if (ord < 0 || ord >= n || seen.get(ord)) {
                    throw new IllegalStateException("table [" + t + "] has ordinal [" + ord + "] at [" + p + "], out of range or repeated");
                }
                seen.set(ord);
                if (p > 0) {
                    int order = Integer.compareUnsigned(tables.key(t, p - 1), key);
                    if (order > 0 || (order == 0 && tables.ord(t, p - 1) >= ord)) {
                        throw new IllegalStateException("table [" + t + "] is out of order at [" + p + "]");
                    }
                }
                while (tables.directory(t, slot + 1) <= p) {
                    slot++;
                }
                if (TableLayout.prefix(key, bits) != slot) {
                    throw new IllegalStateException("table [" + t + "] has key [" + Integer.toUnsignedString(key) + "] at [" + p
                        + "] outside its directory slot [" + slot + "]");
                }
            }
        }
    }
}
