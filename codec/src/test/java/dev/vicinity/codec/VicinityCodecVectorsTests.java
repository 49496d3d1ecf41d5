package dev.vicinity.codec;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;

/**
 * Lucene's conformance suite for vectors formats, run on {@link VicinityCodec} itself. Lucene's tests create plain
 * vector fields, so this checks the routing format sends them to HNSW and that segments it writes are read back by
 * {@code PerFieldKnnVectorsFormat.FieldsReader}, through merges, sorting and deletes.
 */
public class VicinityCodecVectorsTests extends BaseKnnVectorsFormatTestCase {

    @Override
    protected Codec getCodec() {
        return new VicinityCodec();
    }

    @Override
    protected boolean supportsFloatVectorFallback() {
        // Lucene's default HNSW format keeps raw vectors only: nothing quantized to fall back to.
        return false;
    }
}
