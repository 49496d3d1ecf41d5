package dev.vicinity.kernel;

/**
 * One vector against four: {@code out[at + i]} gets the measure between {@code x} and the i-th of {@code a, b, c, d}.
 * All vectors have {@code x.length} dimensions. Sums may differ from Lucene's {@code VectorUtil} in the last bits
 * (another summation order); callers use them to rank build candidates, never as scores.
 */
public interface FloatKernels {

    /** Squared euclidean distances. */
    void squareDistance4(float[] x, float[] a, float[] b, float[] c, float[] d, float[] out, int at);

    /** Dot products. */
    void dotProduct4(float[] x, float[] a, float[] b, float[] c, float[] d, float[] out, int at);

    /** For diagnostics: which implementation runs. */
    String name();

    /** The fastest implementation this JVM can run, chosen once. */
    static FloatKernels get() {
        return KernelChoice.INSTANCE;
    }
}
