package dev.vicinity.lsh;

import java.util.Arrays;

/**
 * The hash tables of a segment as flat arrays, the form the codec writes as-is and reads off-heap. For table
 * {@code t}:
 * <ul>
 *   <li>{@code keys[t]}: {@code size} ints, every indexed vector's 32-bit key, ascending as unsigned integers;</li>
 *   <li>{@code ords[t]}: {@code size} ints, the vector ordinal at each position, ascending among equal keys;</li>
 *   <li>{@code directories[t]}: {@code 2^directoryBits[t] + 1} ints, {@code directories[t][s]} = the first position
 *       whose key's top {@code directoryBits[t]} bits are {@code >= s} (so the last is {@code size});</li>
 *   <li>{@code resolutions[t]}: the leading key bits a bucket is defined by; {@code directoryBits[t]} is at most it.</li>
 * </ul>
 * A bucket is the range of positions whose keys agree on their first {@code resolution} bits. Everything here
 * follows from the multiset of (key, ordinal) pairs and the parameters, so tables built from the same pairs are equal
 * array for array (which is how merges are checked against fresh builds).
 */
public record LshTables(int size, int[] resolutions, int[] directoryBits, int[][] keys, int[][] ords, int[][] directories)
    implements TableAccess {

    @Override
    public int tableCount() {
        return keys.length;
    }

    @Override
    public int resolution(int table) {
        return resolutions[table];
    }

    @Override
    public int directoryBits(int table) {
        return directoryBits[table];
    }

    @Override
    public int directory(int table, int slot) {
        return directories[table][slot];
    }

    @Override
    public int key(int table, int position) {
        return keys[table][position];
    }

    @Override
    public int ord(int table, int position) {
        return ords[table][position];
    }

    @Override
    public void ords(int table, int from, int to, int[] into, int at) {
        System.arraycopy(ords[table], from, into, at, to - from);
    }

    /** Bytes of all arrays as the codec would write them (4 per int). */
    public long bytes() {
        long bytes = 0;
        for (int t = 0; t < keys.length; t++) {
            bytes += 4L * (keys[t].length + ords[t].length + directories[t].length) + 8;
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LshTables other && size == other.size && Arrays.equals(resolutions, other.resolutions)
            && Arrays.equals(directoryBits, other.directoryBits) && Arrays.deepEquals(keys, other.keys)
            && Arrays.deepEquals(ords, other.ords) && Arrays.deepEquals(directories, other.directories);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] { size, resolutions, directoryBits, keys, ords, directories });
    }

    @Override
    public String toString() {
        return "LshTables[size=" + size + ", tables=" + keys.length + ", resolutions=" + Arrays.toString(resolutions) + "]";
    }
}
