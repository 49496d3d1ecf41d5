package dev.vicinity.codec;

import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * Explicit on-disk ids for Lucene's {@link VectorEncoding} and {@link VectorSimilarityFunction}, as the {@code .vem}
 * file stores them. Lucene's enums may be reordered or grow between versions; these ids may not (house rule 2).
 */
final class LuceneVectorIds {

    static final int ENCODING_FLOAT32 = 1;
    static final int ENCODING_BYTE = 2;

    static final int SIMILARITY_EUCLIDEAN = 1;
    static final int SIMILARITY_DOT_PRODUCT = 2;
    static final int SIMILARITY_COSINE = 3;
    static final int SIMILARITY_MAXIMUM_INNER_PRODUCT = 4;

    private LuceneVectorIds() {}

    static int encodingId(VectorEncoding encoding) {
        return switch (encoding) {
            case FLOAT32 -> ENCODING_FLOAT32;
            case BYTE -> ENCODING_BYTE;
        };
    }

    /** @throws IllegalArgumentException for an unknown id */
    static VectorEncoding encoding(int id) {
        return switch (id) {
            case ENCODING_FLOAT32 -> VectorEncoding.FLOAT32;
            case ENCODING_BYTE -> VectorEncoding.BYTE;
            default -> throw new IllegalArgumentException("unknown vector encoding id [" + id + "]");
        };
    }

    static int similarityId(VectorSimilarityFunction similarity) {
        return switch (similarity) {
            case EUCLIDEAN -> SIMILARITY_EUCLIDEAN;
            case DOT_PRODUCT -> SIMILARITY_DOT_PRODUCT;
            case COSINE -> SIMILARITY_COSINE;
            case MAXIMUM_INNER_PRODUCT -> SIMILARITY_MAXIMUM_INNER_PRODUCT;
        };
    }

    /** @throws IllegalArgumentException for an unknown id */
    static VectorSimilarityFunction similarity(int id) {
        return switch (id) {
            case SIMILARITY_EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
            case SIMILARITY_DOT_PRODUCT -> VectorSimilarityFunction.DOT_PRODUCT;
            case SIMILARITY_COSINE -> VectorSimilarityFunction.COSINE;
            case SIMILARITY_MAXIMUM_INNER_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            default -> throw new IllegalArgumentException("unknown vector similarity id [" + id + "]");
        };
    }
}
