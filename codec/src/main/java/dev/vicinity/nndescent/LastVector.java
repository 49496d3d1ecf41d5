package dev.vicinity.nndescent;

import dev.vicinity.ann.VectorSource;

/**
 * The vector of the last ordinal asked for, read again only when the ordinal changes: build distances come in runs
 * of many {@code y} for one {@code x}, and a {@link VectorSource} may not cache (each read may copy from a file).
 */
final class LastVector {

    private final VectorSource source;
    private int last = -1;
    private float[] vector;

    LastVector(VectorSource source) {
        this.source = source;
    }

    float[] of(int ord) {
        if (ord != last) {
            vector = source.vector(ord);
            last = ord;
        }
        return vector;
    }
}
