package dev.vicinity.ann;

/**
 * Read access to the vectors being indexed, by ordinal {@code 0 .. size() - 1}.
 *
 * <p><b>{@link #vector} may return a shared buffer</b>: the array is valid only until the next call on the same
 * source and must not be modified. This is what Lucene's off-heap {@code FloatVectorValues} do (one reused array per
 * instance), so the codec can back this interface without copying. Code in this package that needs two vectors at
 * once either copies the first one or reads the second from an independent {@link #copy()}.
 *
 * <p>Instances are not thread-safe. A source backed by files reports read failures as
 * {@link java.io.UncheckedIOException}, which keeps {@code IOException} out of the hot loops; the codec unwraps it.
 */
public interface VectorSource {

    /** The number of vectors. */
    int size();

    /** The number of dimensions of every vector. */
    int dims();

    /** The vector with ordinal {@code ord}; possibly a buffer shared with the next call (see the class javadoc). */
    float[] vector(int ord);

    /** An independent source over the same vectors, with its own buffer, so two vectors can be held at once. */
    VectorSource copy();

    /** A source over on-heap arrays; it returns the arrays themselves, which are stable. */
    static VectorSource of(int dims, float[][] vectors) {
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dims) {
                throw new IllegalArgumentException("vector [" + i + "] has [" + vectors[i].length + "] dims but expected [" + dims + "]");
            }
        }
        return new VectorSource() {
            @Override
            public int size() {
                return vectors.length;
            }

            @Override
            public int dims() {
                return dims;
            }

            @Override
            public float[] vector(int ord) {
                return vectors[ord];
            }

            @Override
            public VectorSource copy() {
                return this;
            }
        };
    }
}
