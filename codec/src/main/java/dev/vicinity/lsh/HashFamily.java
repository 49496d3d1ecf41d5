package dev.vicinity.lsh;

/**
 * The hash functions of one {@code hashes} entry: all its tables. Immutable and thread-safe; per-thread scratch lives
 * in a {@link Hasher}.
 *
 * <p>Every table maps a vector to a <em>pre-key</em>, a long from which the table's bucket key follows:
 * <ul>
 *   <li>prefix families ({@link HashType#prefixKeys()}): the pre-key at {@code bits} is the concatenation of the first
 *       {@code bits} bits of the function codes, first function most significant, so the key at fewer bits is a prefix
 *       of the key at more; the stored key is the {@link #maxBits()}-bit pre-key left-aligned in 32 bits;</li>
 *   <li>binned families: the pre-key is {@code Σ bin_j · M_j} (mod 2^64) with random odd multipliers {@code M_j}, so a
 *       probe that moves one bin changes it by {@code ±M_j}; the key is the top 32 bits of its SplitMix64 mix.</li>
 * </ul>
 */
abstract class HashFamily {

    final HashSpec spec;
    final int dims;
    final InputTransform transform;

    HashFamily(HashSpec spec, int dims, InputTransform transform) {
        this.spec = spec;
        this.dims = dims;
        this.transform = transform;
    }

    final int tables() {
        return spec.tables();
    }

    final boolean prefixKeys() {
        return spec.type().prefixKeys();
    }

    /** Key length in bits: the most a table can resolve (32 for the binned families, whose keys are hashes). */
    abstract int maxBits();

    /** The fitted arrays this family was made with, to persist (empty when the seed alone defines it). */
    abstract float[] state();

    /** The heap this family holds (its drawn and fitted arrays), in {@code RamUsageEstimator}'s terms; not its hashers' scratch. */
    abstract long ramBytesUsed();

    abstract Hasher newHasher();

    /** The key a probe looks up for pre-key {@code v}: the {@code bits}-bit prefix, or the whole hashed key. */
    final int probeKey(long v) {
        return prefixKeys() ? (int) v : hashedKey(v);
    }

    /** The key stored for a vector whose pre-key at {@link #maxBits()} is {@code v}. */
    final int storedKey(long v) {
        if (prefixKeys() == false) {
            return hashedKey(v);
        }
        int bits = maxBits();
        return bits == 0 ? 0 : (int) (v << (32 - bits));
    }

    static int hashedKey(long v) {
        return (int) (SplitMix64.mix64(v) >>> 32);
    }

    /** Per-thread scratch: one vector (a query, or a vector being indexed) at a time. */
    abstract static class Hasher {

        /** Takes the next vector (untransformed); the computations of the previous one are forgotten. */
        abstract void set(float[] x);

        /** The pre-key of the current vector in table {@code table} (of this entry) at {@code bits} bits. */
        abstract long home(int table, int bits);

        /** Fills {@code out} with the alternatives of every function of {@code table} at {@code bits} bits, then finishes it. */
        abstract void alternatives(int table, int bits, ProbeAlternatives out);
    }
}
