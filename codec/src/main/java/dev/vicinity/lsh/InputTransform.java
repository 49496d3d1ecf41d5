package dev.vicinity.lsh;

import org.apache.lucene.util.RamUsageEstimator;


/**
 * What a family does to a vector before hashing it: scale it to unit length for angular metrics (the binned families
 * then measure chords on the unit sphere, which order like angles; the sign and polytope families ignore length
 * anyway), then subtract the family's centre if it has one (the segment's mean, or PCA's mean). A zero vector stays
 * zero. Immutable.
 */
final class InputTransform {

    private final boolean normalize;
    private final float[] center;

    /** @param center the point to subtract after normalising, or {@code null} */
    InputTransform(boolean normalize, float[] center) {
        this.normalize = normalize;
        this.center = center;
    }

    /** The heap this transform holds: its centre, if any. */
    long ramBytesUsed() {
        return RamUsageEstimator.shallowSizeOf(this) + (center == null ? 0 : RamUsageEstimator.sizeOf(center));
    }

    /** Writes the transformed {@code x} into {@code out} (same length, may not be {@code x}). */
    void apply(float[] x, float[] out) {
        float scale = 1f;
        if (normalize) {
            float norm2 = ExactDot.dot(x, x);
            scale = norm2 > 0 ? (float) (1.0 / Math.sqrt(norm2)) : 1f;
        }
        if (center == null) {
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * scale;
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * scale - center[i];
            }
        }
    }
}
