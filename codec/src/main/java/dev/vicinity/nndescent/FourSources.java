package dev.vicinity.nndescent;

import dev.vicinity.ann.VectorSource;

/**
 * Four independent readers of the same vectors, so that four vectors can be held at once (a {@link VectorSource}
 * may return one shared buffer per reader). For on-heap sources {@link VectorSource#copy()} is the source itself and
 * this costs nothing.
 */
final class FourSources {

    private final VectorSource[] readers = new VectorSource[4];

    FourSources(VectorSource source) {
        readers[0] = source;
        for (int i = 1; i < readers.length; i++) {
            readers[i] = source.copy();
        }
    }

    /** The vector of {@code ord} through reader {@code slot} (0 to 3), valid until that reader's next call. */
    float[] vector(int slot, int ord) {
        return readers[slot].vector(ord);
    }
}
