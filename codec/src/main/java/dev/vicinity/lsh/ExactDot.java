package dev.vicinity.lsh;

/**
 * The dot product every hash function projects with, computed in one fixed order so that it gives the same float on
 * every JVM, CPU and JIT tier: eight running sums, sum {@code j} taking elements {@code 8i + j} by fused multiply-add,
 * combined as {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}, then the remaining elements fused in one by
 * one. Lucene's {@code VectorUtil} may add in another order on another machine, and even in one JVM before and after
 * the JIT compiles its vector code (the Vector API leaves the order of a lane reduction open), which would move a
 * vector lying within rounding of a hyperplane or bin edge to another bucket: merges would then no longer equal fresh
 * builds, nor queries hash as the segment did.
 *
 * <p>With the incubating Vector API and 256-bit vectors the eight sums are the lanes of one vector
 * ({@code ExactDotPanama}); otherwise eight scalar sums give the same result, more slowly.
 */
final class ExactDot {

    interface Kernel {
        float dot(float[] a, float[] b, int length);
    }

    static final Kernel KERNEL = choose();

    private ExactDot() {}

    static float dot(float[] a, float[] b) {
        return KERNEL.dot(a, b, a.length);
    }

    private static Kernel choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                Kernel panama = (Kernel) Class.forName("dev.vicinity.lsh.ExactDotPanama").getDeclaredMethod("createIfFast").invoke(null);
                if (panama != null) {
                    return panama;
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // not loadable here: the scalar kernel gives the same results
            }
        }
        return ExactDot::scalar;
    }

    /** The reference: eight scalar sums. */
    static float scalar(float[] a, float[] b, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (int bound = length & ~7; i < bound; i += 8) {
            s0 = Math.fma(a[i], b[i], s0);
            s1 = Math.fma(a[i + 1], b[i + 1], s1);
            s2 = Math.fma(a[i + 2], b[i + 2], s2);
            s3 = Math.fma(a[i + 3], b[i + 3], s3);
            s4 = Math.fma(a[i + 4], b[i + 4], s4);
            s5 = Math.fma(a[i + 5], b[i + 5], s5);
            s6 = Math.fma(a[i + 6], b[i + 6], s6);
            s7 = Math.fma(a[i + 7], b[i + 7], s7);
        }
        float sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < length; i++) {
            sum = Math.fma(a[i], b[i], sum);
        }
        return sum;
    }
}
