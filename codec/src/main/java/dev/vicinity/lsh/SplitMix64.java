package dev.vicinity.lsh;

/**
 * The random stream every random hash function is drawn from, written out here instead of taken from the JDK
 * because the functions are not stored: a segment stores its seed and every reader draws the same functions again,
 * so the stream is part of the file format and must give the same numbers on every JVM, version and CPU.
 *
 * <ul>
 *   <li>{@link #nextLong()}: SplitMix64 (Steele, Lea and Flood, 2014): the state advances by
 *       {@code 0x9E3779B97F4A7C15}, the output is the state mixed by {@link #mix64};</li>
 *   <li>{@link #nextDouble()}: the top 53 bits of {@code nextLong()} times {@code 2^-53}, in {@code [0, 1)};</li>
 *   <li>{@link #nextGaussian()}: Box-Muller on two {@code nextDouble()}s, with {@link StrictMath} (whose results are
 *       specified bit for bit, unlike {@code Math}'s), one draw per pair (no cached second value).</li>
 * </ul>
 * Not thread-safe.
 */
final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A stream for one part of a structure: the seed mixed with up to two indices (entry, table, rotation...). */
    static SplitMix64 of(long seed, long a, long b) {
        return new SplitMix64(derive(seed, a, b));
    }

    /** A seed derived from {@code seed} and two indices, so that parts drawn from different indices are independent. */
    static long derive(long seed, long a, long b) {
        return mix64(mix64(mix64(seed) + a * GOLDEN_GAMMA) + (b + 1) * 0xC2B2AE3D27D4EB4FL);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [0, bound)}, bound > 0 (Lemire's multiply-shift; the tiny bias is irrelevant here). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** SplitMix64's finaliser (a bijection of 64-bit values); also the mix applied to hashed bucket keys. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
