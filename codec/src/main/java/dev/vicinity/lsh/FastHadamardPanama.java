package dev.vicinity.lsh;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link FastHadamard} with the levels of stride 8 and more on 256-bit vectors; loaded only after the module check. */
final class FastHadamardPanama implements FastHadamard.Kernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

    private FastHadamardPanama() {}

    static FastHadamard.Kernel createIfFast() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= SPECIES.vectorBitSize() ? new FastHadamardPanama() : null;
    }

    @Override
    public void signedTransform(float[] v, float[] signs, int length) {
        if (length < 16) {
            FastHadamard.scalarSignedTransform(v, signs, length);
            return;
        }
        for (int i = 0; i < length; i += 8) {
            FloatVector.fromArray(SPECIES, v, i).mul(FloatVector.fromArray(SPECIES, signs, i)).intoArray(v, i);
        }
        int h = FastHadamard.smallLevels(v, length);
        for (; h < length; h <<= 1) {
            for (int i = 0; i < length; i += h << 1) {
                for (int j = i; j < i + h; j += 8) {
                    FloatVector a = FloatVector.fromArray(SPECIES, v, j);
                    FloatVector b = FloatVector.fromArray(SPECIES, v, j + h);
                    a.add(b).intoArray(v, j);
                    a.sub(b).intoArray(v, j + h);
                }
            }
        }
    }
}
