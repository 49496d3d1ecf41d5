package dev.vicinity.lsh;

import org.apache.lucene.util.RamUsageEstimator;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Heap sizes of the nested arrays the hash families keep, in {@link RamUsageEstimator}'s terms (which measures one
 * level of nesting only). An inner array shared by several slots (PCA's components serve every table) counts once.
 */
final class ArrayBytes {

    private ArrayBytes() {}

    static long of(float[][][] arrays) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes = RamUsageEstimator.shallowSizeOf(arrays);
        for (float[][] inner : arrays) {
            if (inner != null && seen.add(inner)) {
                bytes += of(inner);
            }
        }
        return bytes;
    }

    static long of(float[][] arrays) {
        long bytes = RamUsageEstimator.shallowSizeOf(arrays);
        for (float[] inner : arrays) {
            bytes += inner == null ? 0 : RamUsageEstimator.sizeOf(inner);
        }
        return bytes;
    }

    static long of(long[][] arrays) {
        long bytes = RamUsageEstimator.shallowSizeOf(arrays);
        for (long[] inner : arrays) {
            bytes += inner == null ? 0 : RamUsageEstimator.sizeOf(inner);
        }
        return bytes;
    }
}
