package dev.vicinity.lsh;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link ExactDot}'s eight sums as the lanes of a 256-bit vector; loaded only after the module check. */
final class ExactDotPanama implements ExactDot.Kernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

    private ExactDotPanama() {}

    /** The kernel, or {@code null} where 256-bit vectors would be emulated (slower than the scalar sums). */
    static ExactDot.Kernel createIfFast() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= SPECIES.vectorBitSize() ? new ExactDotPanama() : null;
    }

    @Override
    public float dot(float[] a, float[] b, int length) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = length & ~7; i < bound; i += 8) {
            acc = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc);
        }
        float sum = ((acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3))) + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)));
        for (; i < length; i++) {
            sum = Math.fma(a[i], b[i], sum);
        }
        return sum;
    }
}
