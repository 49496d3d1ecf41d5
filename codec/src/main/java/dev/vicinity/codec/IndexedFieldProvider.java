package dev.vicinity.codec;

import java.io.IOException;

/**
 * Implemented by vectors readers that can hand out a field's method structure: merges seed from the structures of
 * the segments they merge, found through this capability (as Lucene's HNSW merges find graphs through
 * {@code HnswGraphProvider}), never by casting to a concrete reader.
 */
public interface IndexedFieldProvider {

    /** The structure of {@code field} in this segment, or {@code null} when it has none (searched exactly). */
    MethodField indexedField(String field) throws IOException;
}
