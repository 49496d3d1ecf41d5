package dev.vicinity.rptree;

import org.apache.lucene.util.VectorUtil;

/**
 * A hyperplane given by a dense normal and an offset: the margin of {@code x} is {@code offset + normal·x}, computed
 * with Lucene's SIMD dot product. The normal array is kept as given (not copied), so a tree can be rebuilt from its
 * {@link FlatTree} rows without copying them.
 */
public record DenseHyperplane(float[] normal, float offset) implements Hyperplane {

    @Override
    public float margin(float[] x) {
        return offset + VectorUtil.dotProduct(normal, x);
    }
}
