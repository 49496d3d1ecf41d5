package dev.vicinity.codec;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * Lucene's conformance suite for vectors formats, run on {@link VicinityVectorsFormat} for every field. Lucene's tests
 * create plain vector fields (float and byte, every similarity), so this exercises the format's fallback path:
 * {@code exact} search scored with the field's own Lucene similarity.
 */
public class VicinityVectorsFormatTests extends BaseKnnVectorsFormatTestCase {

    @Override
    protected Codec getCodec() {
        return TestUtil.alwaysKnnVectorsFormat(new VicinityVectorsFormat());
    }

    @Override
    protected boolean supportsFloatVectorFallback() {
        // Vectors are stored raw, never quantized: there is no quantized copy to fall back to.
        return false;
    }
}
