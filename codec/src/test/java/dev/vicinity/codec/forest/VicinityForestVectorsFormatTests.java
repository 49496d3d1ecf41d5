package dev.vicinity.codec.forest;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.StructuredMethodFormatTestCase;

import java.util.Map;

/**
 * Lucene's conformance suite through the {@code forest} method (few, small trees); see {@link StructuredMethodFormatTestCase}.
 * Recall on real data is pinned by {@link ForestCodecTests}.
 */
public class VicinityForestVectorsFormatTests extends StructuredMethodFormatTestCase {

    @Override
    protected IndexMethod method() {
        return ForestMethod.INSTANCE;
    }

    @Override
    protected Map<String, String> buildParameters() {
        return Map.of("n_trees", "4", "leaf_size", "8", "seed", "7");
    }
}
