package dev.vicinity.codec.lsh;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.StructuredMethodFormatTestCase;

import java.util.Map;

/**
 * Lucene's conformance suite through the {@code lsh} method (four cross-polytope tables); see {@link StructuredMethodFormatTestCase}.
 * Recall on real data is pinned by {@link LshCodecTests}.
 */
public class VicinityLshVectorsFormatTests extends StructuredMethodFormatTestCase {

    @Override
    protected IndexMethod method() {
        return LshMethod.INSTANCE;
    }

    @Override
    protected Map<String, String> buildParameters() {
        return Map.of("hashes.0.type", "cross_polytope", "hashes.0.tables", "4", "seed", "7");
    }
}
