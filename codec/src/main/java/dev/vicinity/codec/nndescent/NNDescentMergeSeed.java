package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.MergeSources;
import dev.vicinity.codec.MergedOrdinals;
import dev.vicinity.codec.MethodField;

import java.io.IOException;
import java.util.Arrays;

/**
 * The initial graph of a merged segment's NN-descent build: each source segment's k-NN rows, remapped to merged
 * ordinals ({@code -1} where the neighbour was deleted), so the build refines what the sources already know instead
 * of starting from scratch (PyNNDescent's {@code update}). Points of sources without a graph get empty rows.
 */
final class NNDescentMergeSeed {

    private static final int[] EMPTY_ROW = new int[0];

    private NNDescentMergeSeed() {}

    /** The seeded rows by merged ordinal, or {@code null} when no source has a graph (the build then starts from scratch). */
    static int[][] initialGraph(MergeSources sources) throws IOException {
        MergedOrdinals ordinals = sources.ordinals();
        int[][] graph = null;
        for (int source = 0; source < ordinals.sourceCount(); source++) {
            MethodField field = sources.field(source);
            if (field instanceof NNDescentFieldReader == false || ((NNDescentFieldReader) field).entry().size() != ordinals.sourceSize(source)) {
                continue;
            }
            NNDescentFieldReader reader = (NNDescentFieldReader) field;
            if (graph == null) {
                graph = new int[ordinals.size()][];
                Arrays.fill(graph, EMPTY_ROW);
            }
            NNDescentFieldReader.KnnRows rows = reader.knnRows();
            int[] row = new int[rows.k()];
            for (int ord = 0; ord < ordinals.sourceSize(source); ord++) {
                int merged = ordinals.mergedOrd(source, ord);
                if (merged == -1) {
                    continue;
                }
                rows.row(ord, row);
                int[] mapped = new int[row.length];
                for (int j = 0; j < row.length; j++) {
                    mapped[j] = ordinals.mergedOrd(source, row[j]);
                }
                graph[merged] = mapped;
            }
        }
        return graph;
    }
}
