package dev.vicinity.codec.nndescent;

import dev.vicinity.codec.IndexMethod;
import dev.vicinity.codec.StructuredMethodFormatTestCase;

import java.util.Map;

/**
 * Lucene's conformance suite through the {@code nndescent} method ({@code n_neighbors} 8); see {@link StructuredMethodFormatTestCase}.
 * Recall on real data is pinned by {@link NNDescentCodecTests}.
 */
public class VicinityNNDescentVectorsFormatTests extends StructuredMethodFormatTestCase {

    @Override
    protected IndexMethod method() {
        return NNDescentMethod.INSTANCE;
    }

    @Override
    protected Map<String, String> buildParameters() {
        return Map.of("n_neighbors", "8", "seed", "7");
    }
}
