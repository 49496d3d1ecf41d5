package dev.vicinity.lsh;

/**
 * The unnormalised Walsh-Hadamard transform in place, {@code O(d log d)}: each call multiplies the norm by
 * {@code sqrt(d)}. With random sign flips before each transform this is the pseudo-random rotation of FALCONN's
 * cross-polytope hash ({@code H·D_k ... H·D_1 x}).
 *
 * <p>The transform is additions and subtractions level by level, each output of a level a single rounded sum or
 * difference of two inputs, so any grouping of the same butterflies gives the same floats: the Vector API kernel
 * ({@code FastHadamardPanama}, 8 lanes per step for the levels of stride 8 and more) and the scalar one agree bit
 * for bit, and keys do not depend on which runs.
 */
final class FastHadamard {

    interface Kernel {
        /** Multiplies {@code v} by {@code signs} (±1) lane by lane, then transforms it; {@code length} a power of two. */
        void signedTransform(float[] v, float[] signs, int length);
    }

    static final Kernel KERNEL = choose();

    private FastHadamard() {}

    static void transform(float[] v, int length) {
        scalarTransform(v, length);
    }

    static void signedTransform(float[] v, float[] signs, int length) {
        KERNEL.signedTransform(v, signs, length);
    }

    private static Kernel choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                Kernel panama = (Kernel) Class.forName("dev.vicinity.lsh.FastHadamardPanama").getDeclaredMethod("createIfFast").invoke(null);
                if (panama != null) {
                    return panama;
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // not loadable here: the scalar kernel gives the same results
            }
        }
        return FastHadamard::scalarSignedTransform;
    }

    static void scalarSignedTransform(float[] v, float[] signs, int length) {
        for (int i = 0; i < length; i++) {
            v[i] *= signs[i];
        }
        scalarTransform(v, length);
    }

    /** The reference: levels of stride 1 and 2 fused in butterflies of 4, then one level at a time. */
    static void scalarTransform(float[] v, int length) {
        int h = smallLevels(v, length);
        for (; h < length; h <<= 1) {
            for (int i = 0; i < length; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    float a = v[j];
                    float b = v[j + h];
                    v[j] = a + b;
                    v[j + h] = a - b;
                }
            }
        }
    }

    /** The levels of stride 1, 2 and 4 in butterflies of 8 (of stride 1 only for length 2); returns the next stride. */
    static int smallLevels(float[] v, int length) {
        if (length < 4) {
            if (length == 2) {
                float a = v[0], b = v[1];
                v[0] = a + b;
                v[1] = a - b;
            }
            return length;
        }
        if (length == 4) {
            float a = v[0], b = v[1], c = v[2], d = v[3];
            float s0 = a + b, s1 = a - b, s2 = c + d, s3 = c - d;
            v[0] = s0 + s2;
            v[1] = s1 + s3;
            v[2] = s0 - s2;
            v[3] = s1 - s3;
            return 4;
        }
        for (int i = 0; i < length; i += 8) {
            float a0 = v[i] + v[i + 1], a1 = v[i] - v[i + 1];
            float a2 = v[i + 2] + v[i + 3], a3 = v[i + 2] - v[i + 3];
            float a4 = v[i + 4] + v[i + 5], a5 = v[i + 4] - v[i + 5];
            float a6 = v[i + 6] + v[i + 7], a7 = v[i + 6] - v[i + 7];
            float b0 = a0 + a2, b1 = a1 + a3, b2 = a0 - a2, b3 = a1 - a3;
            float b4 = a4 + a6, b5 = a5 + a7, b6 = a4 - a6, b7 = a5 - a7;
            v[i] = b0 + b4;
            v[i + 1] = b1 + b5;
            v[i + 2] = b2 + b6;
            v[i + 3] = b3 + b7;
            v[i + 4] = b0 - b4;
            v[i + 5] = b1 - b5;
            v[i + 6] = b2 - b6;
            v[i + 7] = b3 - b7;
        }
        return 8;
    }
}
