package dev.vicinity.codec;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;

/**
 * The Vicinity codec: Lucene's {@link Lucene104Codec} with one change, the vectors format, which routes Vicinity
 * fields to {@link VicinityVectorsFormat} and every other vector field to Lucene's HNSW format (see
 * {@link VicinityPerFieldVectorsFormat}).
 *
 * <p>Registered for SPI under the permanent name {@value #NAME}, which every segment records; Elasticsearch selects
 * it with {@code "index.codec": "Vicinity104"}. It delegates to Lucene's codec rather than to Elasticsearch's,
 * whose stored fields need Elasticsearch's native libraries.
 */
public final class VicinityCodec extends FilterCodec {

    /** The permanent SPI name of this codec. */
    public static final String NAME = "Vicinity104";

    private final KnnVectorsFormat knnVectorsFormat = new VicinityPerFieldVectorsFormat();

    /** Public no-argument constructor, required by SPI. */
    public VicinityCodec() {
        super(NAME, new Lucene104Codec());
    }

    @Override
    public KnnVectorsFormat knnVectorsFormat() {
        return knnVectorsFormat;
    }
}
