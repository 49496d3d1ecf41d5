package dev.vicinity.codec;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * The vectors format of {@link VicinityCodec}: routes each vector field by its {@link FieldInfo} attributes. Fields
 * created through {@link VicinityFieldType} go to {@link VicinityVectorsFormat}; every other vector field (an
 * Elasticsearch {@code dense_vector} in the same index, say) goes to Lucene's {@link Lucene99HnswVectorsFormat} with
 * default parameters, in the same segment.
 *
 * <p>Lucene's {@link PerFieldKnnVectorsFormat} cannot do this itself because it chooses a format from the field
 * name alone. So this format has its own writer, which chooses from the attributes, but it writes exactly what
 * {@code PerFieldKnnVectorsFormat} writes: each field records its sub-format's SPI name and a suffix in the
 * {@link PerFieldKnnVectorsFormat#PER_FIELD_FORMAT_KEY} and {@link PerFieldKnnVectorsFormat#PER_FIELD_SUFFIX_KEY}
 * attributes, and each sub-format writes its files under the segment suffix {@code <formatName>_<suffix>} (for
 * example {@code _0_VicinityVectors10_0.vem} and {@code _0_Lucene99HnswVectorsFormat_0.vex}). Reading is then done
 * by Lucene's own {@link PerFieldKnnVectorsFormat.FieldsReader}, which finds every sub-format again by SPI name. Why
 * reuse it rather than a reader of our own: Lucene's HNSW merge only reuses the graphs of the merged segments when
 * it can see them through a {@code FieldsReader} (otherwise it rebuilds every graph from scratch), and Lucene's and
 * Elasticsearch's tooling unwrap vectors readers the same way.
 *
 * <p>Consequently this format must be a codec's top-level vectors format; it must not itself be wrapped in a
 * {@code PerFieldKnnVectorsFormat}, whose attributes it would overwrite. It is deliberately not registered for SPI
 * (its name is never written to an index) and refuses to write under a non-empty segment suffix.
 */
public final class VicinityPerFieldVectorsFormat extends KnnVectorsFormat {

    /** The name of this format; informative only, it is never written to an index. */
    public static final String NAME = "VicinityPerFieldVectors10";

    private final KnnVectorsFormat vicinityFormat = new VicinityVectorsFormat();
    private final KnnVectorsFormat defaultFormat = new Lucene99HnswVectorsFormat();

    /** Routes Vicinity fields to {@link VicinityVectorsFormat}, the others to HNSW with default parameters. */
    public VicinityPerFieldVectorsFormat() {
        super(NAME);
    }

    /** The format a field is written with, decided by its attributes. */
    KnnVectorsFormat formatFor(FieldInfo fieldInfo) {
        return VicinityFieldType.isVicinityField(fieldInfo) ? vicinityFormat : defaultFormat;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        if (state.segmentSuffix.isEmpty() == false) {
            throw new IllegalStateException(
                NAME + " must be the codec's top-level vectors format, but was asked to write under segment suffix [" + state.segmentSuffix + "]"
            );
        }
        return new RoutingVectorsWriter(state, this::formatFor);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new PerFieldKnnVectorsFormat.FieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        // Only the name is known here, not the route; both sub-formats handle this many dimensions.
        return VicinityVectorsFormat.MAX_DIMENSIONS;
    }

    @Override
    public String toString() {
        return NAME + "(vicinity=" + vicinityFormat + ", default=" + defaultFormat + ")";
    }
}
