package dev.vicinity.codec;

import dev.vicinity.ann.VectorSource;


import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.MergeState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The vectors of a field being merged, in the merged segment's ordinal order, read in place from the source segments,
 * and the sources' k-NN graphs remapped to merged ordinals to seed the merged build.
 *
 * <p>Merged ordinals: the merged flat vectors are written in increasing merged doc id (deleted documents dropped,
 * the merge's doc maps applied, index sorting included), so merged ordinal {@code i} is the {@code i}-th smallest
 * merged doc id among the live documents with a vector. Each is traced back to its source segment and source ordinal;
 * reading a merged vector reads the source's (memory-mapped) vector, so no copy of the vectors is made.
 */
final class NNDescentMergeSources {

    private static final int[] EMPTY_ROW = new int[0];

    private final FloatVectorValues[] values;
    /** Per merged ordinal: the source segment and its ordinal there. */
    private final int[] source;
    private final int[] sourceOrd;
    /** Per source segment: source ordinal to merged ordinal, {@code -1} for deleted documents; null without vectors. */
    private final int[][] mergedOrd;
    private final int dims;

    private NNDescentMergeSources(FloatVectorValues[] values, int[] source, int[] sourceOrd, int[][] mergedOrd, int dims) {
        this.values = values;
        this.source = source;
        this.sourceOrd = sourceOrd;
        this.mergedOrd = mergedOrd;
        this.dims = dims;
    }

    static NNDescentMergeSources of(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        int segments = mergeState.knnVectorsReaders.length;
        FloatVectorValues[] values = new FloatVectorValues[segments];
        int[][] mergedOrd = new int[segments][];
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
        return new NNDescentMergeSources(values, source, sourceOrd, mergedOrd, fieldInfo.getVectorDimension());
    }

    int size() {
        return source.length;
    }

    /** The merged vectors by merged ordinal, read from the sources. */
    VectorSource vectors() {
        return new Source(values);
    }

    /**
     * The sources' k-NN rows in merged ordinals ({@code -1} where the neighbour was deleted), empty rows for the
     * points of sources without a graph; {@code null} when no source has one (the build then starts from scratch).
     */
    int[][] initialGraph(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        int[][] graph = null;
        for (int i = 0; i < values.length; i++) {
            NNDescentFieldReader reader = graphOf(mergeState.knnVectorsReaders[i], fieldInfo.name);
            if (values[i] == null || reader == null || reader.entry().size() != values[i].size()) {
                continue;
            }
            if (graph == null) {
                graph = new int[size()][];
                Arrays.fill(graph, EMPTY_ROW);
            }
            NNDescentFieldReader.KnnRows rows = reader.knnRows();
            int[] row = new int[rows.k()];
            for (int ord = 0; ord < values[i].size(); ord++) {
                int merged = mergedOrd[i][ord];
                if (merged == -1) {
                    continue;
                }
                rows.row(ord, row);
                int[] mapped = new int[row.length];
                for (int j = 0; j < row.length; j++) {
                    mapped[j] = row[j] < 0 || row[j] >= mergedOrd[i].length ? -1 : mergedOrd[i][row[j]];
                }
                graph[merged] = mapped;
            }
        }
        return graph;
    }

    /** The graphed nndescent field of a source segment's vectors reader, or {@code null}. */
    private static NNDescentFieldReader graphOf(KnnVectorsReader reader, String field) {
        if (reader instanceof PerFieldKnnVectorsFormat.FieldsReader fieldsReader) {
            reader = fieldsReader.getFieldReader(field);
        }
        return reader instanceof VicinityVectorsReader vicinity ? vicinity.nndescentField(field) : null;
    }

    private final class Source implements VectorSource {
        private final FloatVectorValues[] copies;

        Source(FloatVectorValues[] copies) {
            this.copies = copies;
        }

        @Override
        public int size() {
            return source.length;
        }

        @Override
        public int dims() {
            return dims;
        }

        @Override
        public float[] vector(int ord) {
            try {
                return copies[source[ord]].vectorValue(sourceOrd[ord]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public VectorSource copy() {
            FloatVectorValues[] copied = new FloatVectorValues[copies.length];
            try {
                for (int i = 0; i < copies.length; i++) {
                    copied[i] = copies[i] == null ? null : copies[i].copy();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Source(copied);
        }
    }
}
