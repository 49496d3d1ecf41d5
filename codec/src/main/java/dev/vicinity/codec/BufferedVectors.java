package dev.vicinity.codec;

import dev.vicinity.ann.VectorSource;

import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatFieldVectorsWriter;
import org.apache.lucene.index.Sorter;

import java.io.IOException;
import java.util.List;

/** The vectors a flat field writer buffered, by the ordinal they get in the flushed segment (after sorting, if any). */
final class BufferedVectors implements VectorSource {

    private final List<float[]> vectors;
    private final int[] newToOld;
    private final int dims;

    private BufferedVectors(List<float[]> vectors, int[] newToOld, int dims) {
        this.vectors = vectors;
        this.newToOld = newToOld;
        this.dims = dims;
    }

    @SuppressWarnings("unchecked")
    static BufferedVectors of(FlatFieldVectorsWriter<?> writer, int dims, Sorter.DocMap sortMap) throws IOException {
        List<float[]> vectors = (List<float[]>) writer.getVectors();
        int[] newToOld = null;
        if (sortMap != null && vectors.isEmpty() == false) {
            newToOld = new int[vectors.size()];
            KnnVectorsWriter.mapOldOrdToNewOrd(writer.getDocsWithFieldSet(), sortMap, null, newToOld, null);
        }
        return new BufferedVectors(vectors, newToOld, dims);
    }

    @Override
    public int size() {
        return vectors.size();
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public float[] vector(int ord) {
        return vectors.get(newToOld == null ? ord : newToOld[ord]);
    }

    @Override
    public VectorSource copy() {
        return this; // on-heap arrays are stable
    }
}
