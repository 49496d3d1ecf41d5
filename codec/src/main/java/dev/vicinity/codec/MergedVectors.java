package dev.vicinity.codec;

import dev.vicinity.ann.VectorSource;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.search.DocIdSetIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The vectors of a field being merged, by merged ordinal ({@link MergedOrdinals}), read in place from the source
 * segments: reading a merged vector reads the source's (memory-mapped) vector, so no copy of the vectors is made.
 * Reports read failures as {@link UncheckedIOException}, as {@link VectorSource} asks.
 */
final class MergedVectors implements VectorSource {

    private final FloatVectorValues[] values;
    private final MergedOrdinals ordinals;
    private final int dims;

    private MergedVectors(FloatVectorValues[] values, MergedOrdinals ordinals, int dims) {
        this.values = values;
        this.ordinals = ordinals;
        this.dims = dims;
    }

    /** The merged vectors of {@code fieldInfo} in {@code mergeState}, with their ordinal maps. */
    static MergedVectors of(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        int segments = mergeState.knnVectorsReaders.length;
        FloatVectorValues[] values = new FloatVectorValues[segments];
        long total = 0;
        for (int i = 0; i < segments; i++) {
            FieldInfo sourceInfo = mergeState.fieldInfos[i].fieldInfo(fieldInfo.name);
            KnnVectorsReader reader = mergeState.knnVectorsReaders[i];
            if (sourceInfo != null && sourceInfo.hasVectorValues() && reader != null) {
                values[i] = reader.getFloatVectorValues(fieldInfo.name);
                if (values[i] != null) {
                    total += values[i].size();
                }
            }
        }
        int[][] mergedOrd = new int[segments][];
        // (merged doc << 32 | entry), entries numbered across sources, sorted to merged ordinal order.
        long[] keys = new long[Math.toIntExact(total)];
        int[] entrySource = new int[keys.length];
        int[] entryOrd = new int[keys.length];
        int count = 0;
        for (int i = 0; i < segments; i++) {
            if (values[i] == null) {
                continue;
            }
            mergedOrd[i] = new int[values[i].size()];
            Arrays.fill(mergedOrd[i], -1);
            KnnVectorValues.DocIndexIterator it = values[i].iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                int merged = mergeState.docMaps[i].get(doc);
                if (merged == -1) {
                    continue; // deleted
                }
                keys[count] = ((long) merged << 32) | count;
                entrySource[count] = i;
                entryOrd[count] = it.index();
                count++;
            }
        }
        keys = Arrays.copyOf(keys, count);
        Arrays.sort(keys);
        int[] source = new int[count];
        int[] sourceOrd = new int[count];
        for (int ord = 0; ord < count; ord++) {
            int entry = (int) keys[ord];
            source[ord] = entrySource[entry];
            sourceOrd[ord] = entryOrd[entry];
            mergedOrd[source[ord]][sourceOrd[ord]] = ord;
        }
        return new MergedVectors(values, new MergedOrdinals(source, sourceOrd, mergedOrd), fieldInfo.getVectorDimension());
    }

    MergedOrdinals ordinals() {
        return ordinals;
    }

    @Override
    public int size() {
        return ordinals.size();
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public float[] vector(int ord) {
        try {
            return values[ordinals.source(ord)].vectorValue(ordinals.sourceOrd(ord));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public VectorSource copy() {
        FloatVectorValues[] copied = new FloatVectorValues[values.length];
        try {
            for (int i = 0; i < values.length; i++) {
                copied[i] = values[i] == null ? null : values[i].copy();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MergedVectors(copied, ordinals, dims);
    }
}
