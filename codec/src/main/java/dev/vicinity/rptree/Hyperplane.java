package dev.vicinity.rptree;

/**
 * The test an internal tree node applies to a point: its margin, {@code > 0} for the left child and {@code < 0} for
 * the right one. How margins near zero are decided is the {@link SplitRule}'s business. Dense planes
 * ({@link DenseHyperplane}) are what {@link FlatTree} stores; other methods may split by sparse directions or by single
 * coordinates, as long as they can say which side a point is on.
 */
public interface Hyperplane {

    /** The signed margin of {@code x}: positive on the left side. */
    float margin(float[] x);
}
