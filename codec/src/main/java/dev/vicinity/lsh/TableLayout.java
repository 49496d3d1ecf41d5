package dev.vicinity.lsh;

import java.util.Arrays;

/**
 * Turns one table's (key, ordinal) pairs into its flat arrays ({@link LshTables}), and finds buckets in them. Builds
 * and merges both end here, so a merge equals a fresh build whenever it has the same pairs.
 *
 * <p><b>Resolution.</b> Prefix families look up the first {@code l = round(log2(n / bucket_size))} bits of their
 * keys (capped by the key length), so a bucket holds about {@code bucket_size} points where keys spread evenly
 * (FALCONN's choice of about {@code log2 n} bits), never so many bits that most buckets are empty (NearPy's empty
 * results). Keys are stored whole, so a merged segment simply looks up more bits of the same keys. (A rule fitted to
 * the keys, the shortest prefix whose buckets hold {@code bucket_size} points on average as seen from a point, was
 * measured and dropped: crowded regions, like MNIST's ones, drove it to 19-29 bits on 60,000 vectors, leaving most
 * buckets with one point and recall at 0.64 where this rule has 0.97 for the same probes.) Trees use their whole
 * key (their walk widens by itself); binned families their whole hashed key. The directory resolves
 * {@code min(l, ceil(log2 n))} bits, so it has at most about {@code 2n} entries.
 */
final class TableLayout {

    /** Directories never resolve more bits than this (2^30 + 1 entries, for segments of a billion vectors). */
    static final int MAX_DIRECTORY_BITS = 30;

    private TableLayout() {}

    /** A pair packed so that signed long order is (unsigned key, ordinal) order. */
    static long pack(int key, int ord) {
        return ((long) (key ^ Integer.MIN_VALUE) << 32) | ord;
    }

    static int keyOf(long packed) {
        return (int) (packed >>> 32) ^ Integer.MIN_VALUE;
    }

    static int ordOf(long packed) {
        return (int) packed;
    }

    /** The arrays of one table. */
    record Table(int resolution, int directoryBits, int[] keys, int[] ords, int[] directory) {}

    /**
     * @param packed    the pairs, {@link #pack}ed; sorted here in place
     * @param count     how many of {@code packed} are used
     * @param maxBits   the family's key length
     * @param fixed     {@code true} to use all {@code maxBits} bits (trees, binned families) instead of fitting
     */
    static Table build(long[] packed, int count, int maxBits, boolean fixed, int bucketSize) {
        Arrays.sort(packed, 0, count);
        int[] keys = new int[count];
        int[] ords = new int[count];
        for (int i = 0; i < count; i++) {
            keys[i] = keyOf(packed[i]);
            ords[i] = ordOf(packed[i]);
        }
        int resolution = fixed ? maxBits : resolution(count, maxBits, bucketSize);
        int directoryBits = Math.min(Math.min(resolution, ceilLog2(count)), MAX_DIRECTORY_BITS);
        return new Table(resolution, directoryBits, keys, ords, directory(keys, directoryBits));
    }

    static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /** The leading {@code bits} bits of {@code key}, as a non-negative long ({@code bits} from 0 to 32). */
    static long prefix(int key, int bits) {
        return (key & 0xFFFFFFFFL) >>> (32 - bits);
    }

    /**
     * The prefix length of a table of {@code n} entries: {@code round(log2(n / bucketSize))}, between 0 and
     * {@code maxBits}, so a bucket holds about {@code bucketSize} points where the keys spread evenly.
     */
    static int resolution(int n, int maxBits, int bucketSize) {
        if (n <= bucketSize) {
            return 0;
        }
        long bits = Math.round(Math.log((double) n / bucketSize) / Math.log(2));
        return (int) Math.max(0, Math.min(maxBits, bits));
    }

    static int[] directory(int[] keys, int bits) {
        int slots = 1 << bits;
        int[] directory = new int[slots + 1];
        int position = 0;
        for (int s = 0; s < slots; s++) {
            while (position < keys.length && prefix(keys[position], bits) < s) {
                position++;
            }
            directory[s] = position;
        }
        directory[slots] = keys.length;
        return directory;
    }

    /**
     * The positions {@code [from, to)} of {@code table} whose keys start with the {@code bits}-bit {@code prefix},
     * packed as {@code from << 32 | to}: straight from the directory when it resolves that many bits, else by binary
     * search within the directory slot.
     */
    static long range(TableAccess tables, int table, long prefix, int bits) {
        int directoryBits = tables.directoryBits(table);
        if (bits <= directoryBits) {
            int shift = directoryBits - bits;
            int from = tables.directory(table, (int) (prefix << shift));
            int to = tables.directory(table, (int) ((prefix + 1) << shift));
            return ((long) from << 32) | to;
        }
        int slot = (int) (prefix >>> (bits - directoryBits));
        int lo = tables.directory(table, slot);
        int hi = tables.directory(table, slot + 1);
        int from = lowerBound(tables, table, lo, hi, prefix, bits);
        int to = lowerBound(tables, table, from, hi, prefix + 1, bits);
        return ((long) from << 32) | to;
    }

    /** The first position in {@code [lo, hi)} whose key prefix is at least {@code prefix}. */
    private static int lowerBound(TableAccess tables, int table, int lo, int hi, long prefix, int bits) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix(tables.key(table, mid), bits) < prefix) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
