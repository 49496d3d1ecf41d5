package dev.vicinity.lsh;

/**
 * The unnormalised Walsh-Hadamard transform in place, {@code O(d log d)}: each call multiplies the norm by
 * {@code sqrt(d)}. With random sign flips before each transform this is the pseudo-random rotation of FALCONN's
 * cross-polytope hash ({@code H·D_k ... H·D_1 x}).
 */
final class FastHadamard {

    private FastHadamard() {}

    /** Transforms {@code v[0 .. length)}, {@code length} a power of two. */
    static void transform(float[] v, int length) {
        // the first two levels fused (butterflies of 4), then the remaining levels pairwise
        int h = 1;
        if (length >= 4) {
            for (int i = 0; i < length; i += 4) {
                float a = v[i], b = v[i + 1], c = v[i + 2], d = v[i + 3];
                float s0 = a + b, s1 = a - b, s2 = c + d, s3 = c - d;
                v[i] = s0 + s2;
                v[i + 1] = s1 + s3;
                v[i + 2] = s0 - s2;
                v[i + 3] = s1 - s3;
            }
            h = 4;
        }
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
}
