package dev.vicinity.kernel;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.VectorUtil;

/**
 * The four-way kernels agree with Lucene's one-pair {@link VectorUtil} on every length, including lengths that leave
 * a scalar tail after the 8-float steps and lengths shorter than one step. Both implementations are checked: the one
 * this JVM picks and the fallback.
 */
public class FloatKernelsTests extends LuceneTestCase {

    public void testChosenImplementationMatchesLucene() {
        assertAgreesWithLucene(FloatKernels.get());
    }

    public void testFallbackMatchesLucene() {
        assertAgreesWithLucene(new LuceneFloatKernels());
    }

    /** The test JVM runs with the Vector API module (see the pom), so the build must get the fast kernels here. */
    public void testTestJvmGetsTheVectorApiKernels() {
        assumeTrue("this CPU has no 256-bit vectors",
            jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256);
        assertEquals("panama-256", FloatKernels.get().name());
    }

    private void assertAgreesWithLucene(FloatKernels kernels) {
        for (int dims : new int[] { 1, 3, 7, 8, 9, 15, 16, 17, 50, 64, 128, 784, random().nextInt(1, 300) }) {
            float[] x = randomVector(dims);
            float[][] ys = { randomVector(dims), randomVector(dims), randomVector(dims), randomVector(dims) };
            float[] squares = new float[6];
            float[] dots = new float[6];
            kernels.squareDistance4(x, ys[0], ys[1], ys[2], ys[3], squares, 1);
            kernels.dotProduct4(x, ys[0], ys[1], ys[2], ys[3], dots, 2);
            assertEquals("writes only its four slots", 0f, squares[0], 0f);
            assertEquals("writes only its four slots", 0f, squares[5], 0f);
            for (int i = 0; i < 4; i++) {
                float square = VectorUtil.squareDistance(x, ys[i]);
                float dot = VectorUtil.dotProduct(x, ys[i]);
                // another summation order: equal up to float rounding of sums of `dims` terms
                float tolerance = 1e-5f * dims;
                assertEquals(kernels.name() + " squareDistance dims=" + dims, square, squares[1 + i], tolerance * Math.max(1f, square));
                assertEquals(kernels.name() + " dotProduct dims=" + dims, dot, dots[2 + i], tolerance * Math.max(1f, Math.abs(dot)));
            }
        }
    }

    private static float[] randomVector(int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = random().nextFloat() * 2 - 1;
        }
        return v;
    }
}
