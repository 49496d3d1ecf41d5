package dev.vicinity.bench;

import dev.vicinity.codec.VicinityVectorsFormat;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * Lucene's {@link Lucene99HnswVectorsFormat} taking as many dimensions as Elasticsearch's {@code dense_vector} and
 * Vicinity's fields ({@value VicinityVectorsFormat#MAX_DIMENSIONS}) instead of Lucene's 1,024, so that the {@code hnsw}
 * baseline runs on every dataset the other methods run on (a 3,072-dimension embedding, for example).
 *
 * <p>Only the indexing chain asks a format for its limit ({@link #getMaxDimensions}); the writer and reader take any
 * dimension count. This format writes exactly what the wrapped one writes and under its name, so segments are read
 * back by Lucene's own {@code Lucene99HnswVectorsFormat} through SPI, without this class.
 */
final class WideHnswVectorsFormat extends KnnVectorsFormat {

    static final int MAX_DIMENSIONS = VicinityVectorsFormat.MAX_DIMENSIONS;

    private final Lucene99HnswVectorsFormat delegate;

    WideHnswVectorsFormat(int maxConn, int beamWidth) {
        super(Lucene99HnswVectorsFormat.class.getSimpleName());
        this.delegate = new Lucene99HnswVectorsFormat(maxConn, beamWidth);
        assert getName().equals(delegate.getName()) : "written under [" + getName() + "] but read by [" + delegate.getName() + "]";
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
    }

    @Override
    public String toString() {
        return "WideHnswVectorsFormat(maxDimensions=" + MAX_DIMENSIONS + ", " + delegate + ")";
    }
}
